/**
 * Guardrails as code: security policy rules checked over each stack's synthesized Terraform JSON, in memory,
 * before anything is written to cdktf.out. A violation stops synth; a waiver in the config (rule id,
 * resource address or glob, reason) turns it into a reported, accepted risk.
 *
 * Usage (main.ts), either
 *   const { app } = buildStacks(config);
 *   enforceGuardrailsOnSynth(app, config.guardrails); // app.synth() then throws GuardrailError before writing
 *   app.synth();
 * or, as a separate step (costs one more token resolution of every stack):
 *   assertGuardrails([infra, ...workloads], config.guardrails); // throws GuardrailError
 *   app.synth();
 */
import { App, TerraformStack } from 'cdktf';
import { block, GuardrailRule, RuleContext, SynthesizedResource } from './rule';
import { GUARDRAIL_RULES } from './rules';
import { DEFAULT_REQUIRED_TAGS } from './tagging-rules';

export { GUARDRAIL_RULES } from './rules';
export { GUARDRAIL_RULE_IDS } from '../../model/contracts';

/** An accepted risk: `rule` id, Terraform address or `*` glob of the resource, and why. */
export interface Waiver {
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
}

export interface GuardrailOptions {
  /** @default none */
  readonly waivers?: readonly Waiver[];
  /** @default ["Project", "Owner"] */
  readonly requiredTags?: readonly string[];
  /** Rules to run. @default GUARDRAIL_RULES */
  readonly rules?: readonly GuardrailRule[];
}

export interface GuardrailViolation {
  readonly ruleId: string;
  /** The rule's one-line rationale. */
  readonly title: string;
  readonly stack: string;
  /** Terraform address, e.g. `aws_eks_cluster.us-west-2_eks_cluster_BC56E94E`. */
  readonly address: string;
  /** What is wrong, naming the attribute (several problems of one resource are joined with "; "). */
  readonly message: string;
  readonly fix: string;
}

export interface WaivedViolation extends GuardrailViolation {
  readonly reason: string;
  /** The waiver's `resource` pattern that matched. */
  readonly waiver: string;
}

export interface GuardrailReport {
  /** Unwaived violations: synth must stop when there is any. */
  readonly violations: readonly GuardrailViolation[];
  /** Violations accepted by a waiver, for the plan summary. */
  readonly waived: readonly WaivedViolation[];
  /** Waivers that matched no violation (stale: the risk is gone or the address changed). */
  readonly unusedWaivers: readonly Waiver[];
  /** Number of resources inspected, over all stacks. */
  readonly resourceCount: number;
}

/** A stack's synthesized JSON, as `TerraformStack.toTerraform()` returns it. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: Record<string, any>;
}

/** Thrown by `assertGuardrails`; the message is `formatViolations(report)`. */
export class GuardrailError extends Error {
  constructor(readonly report: GuardrailReport) {
    super(formatViolations(report));
    this.name = 'GuardrailError';
  }
}

/**
 * Checks every stack. Each stack is rendered with `toTerraform()`, which resolves tokens without writing
 * files or registering cross-stack outputs (a reference to another stack shows as that stack's address,
 * which is all a policy check needs). Aspects are not invoked here; Spillway uses none.
 */
export function checkGuardrails(stacks: readonly TerraformStack[], options: GuardrailOptions = {}): GuardrailReport {
  return checkSynthesizedStacks(
    stacks.map((stack) => ({ name: stack.node.id, json: stack.toTerraform() })),
    options,
  );
}

/** `checkGuardrails`, throwing a `GuardrailError` when a violation is not waived; returns the report otherwise. */
export function assertGuardrails(stacks: readonly TerraformStack[], options: GuardrailOptions = {}): GuardrailReport {
  const report = checkGuardrails(stacks, options);
  if (report.violations.length > 0) throw new GuardrailError(report);
  return report;
}

/** What `enforceGuardrailsOnSynth` leaves behind: the report, once `app.synth()` has run the check. */
export interface GuardrailSynthHook {
  readonly report: GuardrailReport | undefined;
}

/**
 * Makes `app.synth()` run the guardrails over every stack once, after cdktf has prepared cross-stack
 * references and invoked the first stack's Aspects, and before the first stack file is written (a
 * validation of the first stack). A violation throws `GuardrailError` out of `app.synth()`, so no stack
 * output is written. The check renders each stack's JSON once more (about 0.1 s for the example).
 */
export function enforceGuardrailsOnSynth(app: App, options: GuardrailOptions = {}): GuardrailSynthHook {
  if (app.skipValidation) throw new Error('enforceGuardrailsOnSynth needs stack validations; the App was created with skipValidation');
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const hook: { report: GuardrailReport | undefined } = { report: undefined };
  if (stacks.length === 0) return hook;
  stacks[0].node.addValidation({
    validate: () => {
      if (hook.report) return [];
      const rendered = stacks.map((stack) => ({ name: stack.node.id, json: stack.toTerraform() }));
      hook.report = checkSynthesizedStacks(rendered, options);
      if (hook.report.violations.length > 0) throw new GuardrailError(hook.report);
      return [];
    },
  });
  return hook;
}

/** The checker itself, over already synthesized JSON (what `cdk.tf.json` holds). */
export function checkSynthesizedStacks(stacks: readonly SynthesizedStack[], options: GuardrailOptions = {}): GuardrailReport {
  const rules = options.rules ?? GUARDRAIL_RULES;
  const requiredTags = options.requiredTags ?? DEFAULT_REQUIRED_TAGS;
  const waivers = (options.waivers ?? []).map((waiver) => ({ waiver, pattern: globToRegExp(waiver.resource), used: false }));
  const byType = new Map<string, GuardrailRule[]>();
  const everywhere = rules.filter((rule) => rule.appliesTo.includes('*'));
  for (const rule of rules) {
    for (const type of rule.appliesTo) if (type !== '*') byType.set(type, [...(byType.get(type) ?? []), rule]);
  }

  const violations: GuardrailViolation[] = [];
  const waived: WaivedViolation[] = [];
  let resourceCount = 0;
  for (const stack of stacks) {
    const context = stackContext(stack, requiredTags);
    for (const resource of context.all) {
      resourceCount += 1;
      for (const rule of [...(byType.get(resource.type) ?? []), ...everywhere]) {
        const problems = rule.check(resource, context);
        if (problems.length === 0) continue;
        const violation: GuardrailViolation = {
          ruleId: rule.id,
          title: rule.title,
          stack: stack.name,
          address: resource.address,
          message: problems.join('; '),
          fix: rule.fix,
        };
        const match = waivers.find((candidate) => candidate.waiver.rule === rule.id && candidate.pattern.test(resource.address));
        if (match) {
          match.used = true;
          waived.push({ ...violation, reason: match.waiver.reason, waiver: match.waiver.resource });
        } else {
          violations.push(violation);
        }
      }
    }
  }
  return { violations, waived, unusedWaivers: waivers.filter((entry) => !entry.used).map((entry) => entry.waiver), resourceCount };
}

/** A waiver's resource pattern: a Terraform address, `*` matching any run of characters. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

function stackContext(stack: SynthesizedStack, requiredTags: readonly string[]): RuleContext & { all: SynthesizedResource[] } {
  const collect = (section: Record<string, Record<string, any>> | undefined, prefix: string) => {
    const list: SynthesizedResource[] = [];
    for (const [type, byName] of Object.entries(section ?? {})) {
      for (const [name, raw] of Object.entries(byName ?? {})) {
        const { '//': _metadata, ...config } = raw ?? {};
        list.push({ type, name, address: `${prefix}${type}.${name}`, config });
      }
    }
    return list;
  };
  const all = collect(stack.json.resource, '');
  const data = collect(stack.json.data, 'data.');
  const byType = new Map<string, SynthesizedResource[]>();
  const byAddress = new Map<string, SynthesizedResource>();
  for (const item of [...all, ...data]) {
    byAddress.set(item.address, item);
    if (item.address.startsWith('data.')) continue;
    const list = byType.get(item.type);
    if (list) list.push(item);
    else byType.set(item.type, [item]);
  }
  const awsProviders: Record<string, any>[] = [stack.json.provider?.aws ?? []].flat();
  const defaultTagsByAlias = new Map<string, Record<string, unknown> | undefined>();
  for (const provider of awsProviders) defaultTagsByAlias.set(provider.alias ?? '', block(provider.default_tags)?.tags);

  return {
    stack: stack.name,
    requiredTags,
    all,
    resourcesOf: (...types) => types.flatMap((type) => byType.get(type) ?? []),
    lookup: (address) => byAddress.get(address),
    providerDefaultTags: (resource) => {
      const reference = resource.config.provider;
      const alias = typeof reference === 'string' && reference.startsWith('aws.') ? reference.slice(4) : '';
      return defaultTagsByAlias.get(alias);
    },
  };
}

/** A multi-line error for the terminal: one block per violation with the rule, the address and the fix. */
export function formatViolations(report: GuardrailReport): string {
  const count = report.violations.length;
  const lines = [`Guardrails: ${count} violation${count === 1 ? '' : 's'}; synth stopped and nothing was written.`];
  for (const violation of report.violations) {
    lines.push(
      '',
      `${violation.ruleId}  ${violation.address}  (stack ${violation.stack})`,
      `  problem: ${violation.message}`,
      `  rule:    ${violation.title}`,
      `  fix:     ${violation.fix}`,
    );
  }
  if (report.waived.length > 0) lines.push('', `${report.waived.length} further violation(s) waived in the config (guardrails.waivers).`);
  if (count > 0) {
    const first = report.violations[0];
    lines.push(
      '',
      'Only if the risk is accepted, waive it in the config file with a reason:',
      '  guardrails:',
      '    waivers:',
      `      - { rule: ${first.ruleId}, resource: "${first.address}", reason: "<why this risk is acceptable>" }`,
    );
  }
  return lines.join('\n');
}
