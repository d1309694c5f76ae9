/** IAM: identity policies (inline, role policies, managed policies Spillway writes), attachments, trust. */
import { blocks, GuardrailRule, RuleContext, show, strings, SynthesizedResource } from './rule';
import { isAnyPrincipal, isWildcardAction, isWildcardResource, NormalizedStatement, parsePolicy } from './policy-document';

/** Identity policies (not trust or resource policies) a resource defines, with where they sit. */
function identityPolicies(resource: SynthesizedResource): { where: string; value: unknown }[] {
  if (resource.type === 'aws_iam_role') {
    return blocks(resource.config.inline_policy).map((inline, index) => ({ where: `inline_policy[${index}] ${show(inline.name)}`, value: inline.policy }));
  }
  return [{ where: 'policy', value: resource.config.policy }];
}

const POLICY_TYPES = ['aws_iam_role', 'aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

function parsedStatements(resource: SynthesizedResource, context: RuleContext): { where: string; statements: NormalizedStatement[] }[] {
  return identityPolicies(resource).flatMap(({ where, value }) => {
    const parsed = parsePolicy(value, context);
    return parsed?.kind === 'parsed' ? [{ where, statements: parsed.statements }] : [];
  });
}

/** Reads AWS only grants on `*` for many services: Describe*, List*, Get* (not S3 and not secret values). */
export function isReadAction(action: string): boolean {
  const [service, verb = ''] = action.toLowerCase().split(':');
  if (service === 's3') return false;
  if (SENSITIVE_READS.some((pattern) => pattern.test(action))) return false;
  return /^(describe|list|get)/.test(verb);
}

/** Reads that return secret data: scoped like writes. */
const SENSITIVE_READS = [/^secretsmanager:GetSecretValue$/i, /^ssm:GetParameter/i];

/** AWS managed policies too broad for any Spillway role. */
const BROAD_MANAGED_POLICY = /^(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]+FullAccess)$/;

export const IAM_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-IAM-001',
    title: 'No identity policy allows every action (`*`) or every action of a service (`service:*`), or uses Allow with NotAction.',
    fix: 'List the actions the role needs (constructs/cluster/iam-documents.ts policyDocument); write policies as JSON or aws_iam_policy_document so they can be checked.',
    appliesTo: POLICY_TYPES,
    check: (resource, context) => {
      const problems: string[] = [];
      for (const { where, value } of identityPolicies(resource)) {
        const parsed = parsePolicy(value, context);
        if (!parsed) continue;
        if (parsed.kind === 'computed') {
          problems.push(`${where} is computed (${parsed.expression.slice(0, 80)}) and cannot be verified`);
          continue;
        }
        parsed.statements.forEach((statement, index) => {
          if (statement.effect !== 'Allow') return;
          if (statement.notAction) problems.push(`${where} statement ${index} allows NotAction: every action but the listed ones`);
          const wild = statement.actions.filter(isWildcardAction);
          if (wild.length > 0) problems.push(`${where} statement ${index} allows ${wild.map((action) => show(action)).join(', ')}`);
        });
      }
      return problems;
    },
  },
  {
    id: 'SPW-IAM-002',
    title: 'No identity policy grants S3 actions or write actions on every resource (`*`); only Describe/List/Get reads may use `*`.',
    fix: 'Scope Resource to the ARNs of the buckets, clusters or groups Spillway creates (reference the resource attribute, e.g. bucket.arn).',
    appliesTo: POLICY_TYPES,
    check: (resource, context) => {
      const problems: string[] = [];
      for (const { where, statements } of parsedStatements(resource, context)) {
        statements.forEach((statement, index) => {
          if (statement.effect !== 'Allow') return;
          const everywhere = statement.notResource || statement.resources.some(isWildcardResource);
          if (!everywhere) return;
          const scopedOnly = statement.actions.filter((action) => !isReadAction(action));
          if (scopedOnly.length > 0) {
            const on = statement.notResource ? 'NotResource (everything else)' : show(statement.resources.find(isWildcardResource));
            problems.push(`${where} statement ${index} allows ${scopedOnly.map((action) => show(action)).join(', ')} on ${on}`);
          }
        });
      }
      return problems;
    },
  },
  {
    id: 'SPW-IAM-003',
    title: 'No role, user or group gets an administrator or *FullAccess AWS managed policy.',
    fix: 'Attach the narrow AWS managed policy for the job (AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly) or a scoped inline policy.',
    appliesTo: ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_role'],
    check: (resource) => {
      const arns = resource.type === 'aws_iam_role' ? strings(resource.config.managed_policy_arns) : strings(resource.config.policy_arn);
      return arns
        .filter((arn) => /^arn:[^:]+:iam::aws:policy\//.test(arn) && BROAD_MANAGED_POLICY.test(arn.split('/').pop() ?? ''))
        .map((arn) => `attaches ${show(arn)}`);
    },
  },
  {
    id: 'SPW-IAM-004',
    title: 'No role trusts every principal (`*`) without a condition: anyone could assume it.',
    fix: 'Name the service or account principal in assume_role_policy (iam-documents.ts assumeRolePolicy), or add a condition such as aws:PrincipalOrgID.',
    appliesTo: ['aws_iam_role'],
    check: (resource, context) => {
      const parsed = parsePolicy(resource.config.assume_role_policy, context);
      if (parsed?.kind !== 'parsed') return [];
      return parsed.statements
        .filter((statement) => statement.effect === 'Allow' && isAnyPrincipal(statement) && Object.keys(statement.conditions).length === 0)
        .map(() => 'assume_role_policy lets any principal assume the role');
    },
  },
];
