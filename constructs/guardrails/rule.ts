/**
 * The shape of a guardrail rule and the helpers rules use to read synthesized Terraform JSON.
 *
 * Rules see each resource as cdktf synthesizes it (snake_case attributes, tokens already resolved to
 * Terraform expressions such as `${aws_s3_bucket.logs_bucket_1A2B3C4D.id}`). A value the checker cannot know
 * before apply is a *token*. The policy for tokens is the same in every rule:
 * - a setting a rule REQUIRES (encryption on, IMDSv2 required) must be a literal, or it is a violation
 *   ("cannot be verified");
 * - a value a rule FORBIDS (0.0.0.0/0, an `*` action) is only checked where it is literal.
 */
import type { GuardrailRuleId } from '../../model/contracts';

/** One resource of a synthesized stack. */
export interface SynthesizedResource {
  /** Terraform resource type, e.g. `aws_eks_cluster`. */
  readonly type: string;
  /** Logical id (cdktf's friendly unique id). */
  readonly name: string;
  /** Terraform address, `<type>.<name>`. */
  readonly address: string;
  /** Attributes as synthesized (without cdktf's `//` metadata). */
  readonly config: Readonly<Record<string, any>>;
}

/** What a rule may look up besides the resource it checks: the rest of the same stack. */
export interface RuleContext {
  /** Stack name (the cdktf stack id). */
  readonly stack: string;
  /** Tag keys every taggable resource must carry (from `guardrails.requiredTags`). */
  readonly requiredTags: readonly string[];
  /** Every resource of the given types in the stack. */
  resourcesOf(...types: string[]): readonly SynthesizedResource[];
  /** A resource by address (`aws_lb.x`), or a data source (`data.aws_iam_policy_document.x`). */
  lookup(address: string): SynthesizedResource | undefined;
  /** The `default_tags` of the AWS provider a resource uses (its `provider` alias or the default one). */
  providerDefaultTags(resource: SynthesizedResource): Readonly<Record<string, unknown>> | undefined;
  /** The literal `region` of the AWS provider a resource uses, when it has one. */
  providerRegion(resource: SynthesizedResource): string | undefined;
}

export interface GuardrailRule {
  /** Stable id, `SPW-<AREA>-<NNN>`, listed in model/contracts.ts; waivers name it. Never reuse a retired id. */
  readonly id: GuardrailRuleId;
  /** One-line rationale: what the rule protects against. */
  readonly title: string;
  /** How to fix a violation, in Spillway's terms (config key or construct) where one exists. */
  readonly fix: string;
  /** Resource types the rule inspects; `*` means every resource. */
  readonly appliesTo: readonly string[];
  /** Problems of one resource, each a short sentence naming the attribute; empty when it complies. */
  check(resource: SynthesizedResource, context: RuleContext): string[];
}

// ---- Reading synthesized values ----

/** A string holding a Terraform expression (`${...}`): unknown until plan or apply. */
export function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A value the checker can read: present and not a Terraform expression. */
export function isLiteral(value: unknown): boolean {
  return value !== undefined && value !== null && !isToken(value);
}

/** `true` as Terraform accepts it: the boolean or the string "true" (some attributes are typed string). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Nested blocks as a list: cdktf writes single blocks as objects and repeated blocks as arrays. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null || typeof value === 'string') return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, any> => typeof item === 'object' && item !== null);
}

/** The first (only) block of a single nested block, whichever way it was written. */
export function block(value: unknown): Record<string, any> | undefined {
  return blocks(value)[0];
}

/** A list attribute as strings (a lone string counts as a one-element list; a token list stays a token). */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}

/** A literal number (or numeric string), else undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

const REFERENCE = /(?:^|[^A-Za-z0-9_.])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)/g;

/** Addresses of the resources and data sources a value's expressions refer to, e.g. `aws_s3_bucket.logs`. */
export function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (item: unknown) => {
    if (typeof item === 'string') {
      for (const expression of item.match(/\$\{[^]*?\}/g) ?? []) {
        for (const match of expression.matchAll(REFERENCE)) found.add(match[1]);
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (item && typeof item === 'object') {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return [...found];
}

/**
 * Whether a value designates `target`: it refers to the resource (any attribute) or, for a resource with a
 * literal name attribute, equals that name or starts with it followed by a dot (S3 domain names).
 */
export function designates(value: unknown, target: SynthesizedResource, nameAttribute?: string): boolean {
  if (referencedAddresses(value).includes(target.address)) return true;
  const name = nameAttribute ? target.config[nameAttribute] : undefined;
  if (typeof name !== 'string' || !isLiteral(name)) return false;
  return strings(value).some((text) => text === name || text.startsWith(`${name}.`) || text === `arn:aws:s3:::${name}`);
}

/** A value for a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}
