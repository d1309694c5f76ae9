/**
 * Reads IAM policy documents out of synthesized Terraform: JSON strings (what constructs/cluster/iam-documents.ts
 * builds; references inside string values are fine) and `aws_iam_policy_document` data sources referenced as
 * `${data.aws_iam_policy_document.<name>.json}`. Anything else is "computed" and cannot be checked.
 */
import { blocks, isToken, RuleContext, strings } from './rule';

export interface NormalizedStatement {
  readonly effect: 'Allow' | 'Deny';
  /** Empty when the statement uses NotAction. */
  readonly actions: string[];
  readonly notAction: boolean;
  /** Empty when the statement uses NotResource (or has no Resource, as in trust policies). */
  readonly resources: string[];
  readonly notResource: boolean;
  /** Principal values by type (`AWS`, `Service`, `Federated`, or `*` for `"Principal": "*"`). */
  readonly principals: Record<string, string[]>;
  /** Condition as operator -> key -> values. */
  readonly conditions: Record<string, Record<string, string[]>>;
}

export type ParsedPolicy =
  | { readonly kind: 'parsed'; readonly statements: NormalizedStatement[] }
  | { readonly kind: 'computed'; readonly expression: string };

const DOCUMENT_REFERENCE = /^\$\{(data\.aws_iam_policy_document\.[A-Za-z_][A-Za-z0-9_-]*)\.(json|minified_json)\}$/;

/** Parses a policy attribute; `undefined` when the attribute is absent. */
export function parsePolicy(value: unknown, context: RuleContext): ParsedPolicy | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object') return { kind: 'parsed', statements: fromJson(value) };
  if (typeof value !== 'string') return { kind: 'computed', expression: String(value) };
  const reference = DOCUMENT_REFERENCE.exec(value.trim());
  if (reference) {
    const document = context.lookup(reference[1]);
    return document ? { kind: 'parsed', statements: fromDataSource(document.config) } : { kind: 'computed', expression: value };
  }
  try {
    return { kind: 'parsed', statements: fromJson(JSON.parse(value)) };
  } catch {
    return { kind: 'computed', expression: value };
  }
}

function fromJson(document: any): NormalizedStatement[] {
  const list = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  return list.map((statement: any): NormalizedStatement => {
    const principal = statement.Principal;
    const principals: Record<string, string[]> = {};
    if (principal === '*') principals['*'] = ['*'];
    else if (principal && typeof principal === 'object') {
      for (const [type, ids] of Object.entries(principal)) principals[type] = strings(ids);
    }
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
      conditions[operator] = {};
      for (const [key, values] of Object.entries(entries as Record<string, unknown>)) {
        conditions[operator][key] = (Array.isArray(values) ? values : [values]).map(String);
      }
    }
    return {
      effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(statement.Action),
      notAction: statement.NotAction !== undefined,
      resources: strings(statement.Resource),
      notResource: statement.NotResource !== undefined,
      principals,
      conditions,
    };
  });
}

/** `aws_iam_policy_document` arguments (statement blocks) in the JSON form of the other policies. */
function fromDataSource(config: Record<string, any>): NormalizedStatement[] {
  return blocks(config.statement).map((statement): NormalizedStatement => {
    const principals: Record<string, string[]> = {};
    for (const principal of blocks(statement.principals)) {
      principals[principal.type] = [...(principals[principal.type] ?? []), ...strings(principal.identifiers)];
    }
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const condition of blocks(statement.condition)) {
      conditions[condition.test] = { ...(conditions[condition.test] ?? {}), [condition.variable]: strings(condition.values) };
    }
    return {
      effect: statement.effect === 'Deny' ? 'Deny' : 'Allow',
      actions: strings(statement.actions),
      notAction: strings(statement.not_actions).length > 0,
      resources: strings(statement.resources),
      notResource: strings(statement.not_resources).length > 0,
      principals,
      conditions,
    };
  });
}

/** `*`, or an ARN whose resource part is only `*` (`arn:aws:s3:::*`, `arn:aws:ec2:*:*:*`). */
export function isWildcardResource(resource: string): boolean {
  if (resource === '*') return true;
  return !isToken(resource) && /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource);
}

/** `*` or `<service>:*`: every action (of a service). */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action);
}

/** Whether the principal of a statement is anyone (`"*"` or `{"AWS": "*"}`). */
export function isAnyPrincipal(statement: NormalizedStatement): boolean {
  return ['*', 'AWS'].some((type) => (statement.principals[type] ?? []).includes('*'));
}
