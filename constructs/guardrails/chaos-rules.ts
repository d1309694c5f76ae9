/**
 * Chaos experiments (issue 13): every AWS FIS template stops itself on an alarm, its role reaches only the
 * fleet's own resources in the template's region, and the experiment log it writes is encrypted.
 */
import { block, blocks, designates, GuardrailRule, isToken, referencedAddresses, RuleContext, show, SynthesizedResource } from './rule';
import { parsePolicy } from './policy-document';
import { isReadAction } from './iam-rules';

const TEMPLATE = 'aws_fis_experiment_template';

/** FIS templates whose role is this role (for a role policy: the role it is attached to). */
function templatesUsing(resource: SynthesizedResource, context: RuleContext): SynthesizedResource[] {
  const templates = context.resourcesOf(TEMPLATE);
  if (templates.length === 0) return [];
  if (resource.type === 'aws_iam_role') return templates.filter((template) => designates(template.config.role_arn, resource, 'name'));
  const roles = context.resourcesOf('aws_iam_role').filter((role) => designates(resource.config.role, role, 'name'));
  return templates.filter((template) => roles.some((role) => designates(template.config.role_arn, role, 'name')));
}

/** Identity policies a role or role policy defines. */
function policiesOf(resource: SynthesizedResource): { where: string; value: unknown }[] {
  if (resource.type === 'aws_iam_role') {
    return blocks(resource.config.inline_policy).map((inline, index) => ({ where: `inline_policy[${index}] ${show(inline.name)}`, value: inline.policy }));
  }
  return [{ where: 'policy', value: resource.config.policy }];
}

/** Conditions that narrow a wildcard ARN to the fleet: its tags, or its VPC. */
const FLEET_CONDITION = /^((aws|ec2):(ResourceTag|RequestTag)\/.+|ec2:Vpc)$/i;

/** Why a resource entry of a write statement reaches beyond the fleet in `region`, or undefined when it does not. */
function outsideFleet(resource: string, region: string | undefined, tagScoped: boolean, context: RuleContext): string | undefined {
  if (resource === '*') return '"*" (every resource of every account and region)';
  if (isToken(resource)) {
    const unknown = referencedAddresses(resource).filter((address) => !context.lookup(address));
    return unknown.length > 0 ? `${show(resource)} refers to ${unknown.join(', ')}, which this stack does not create` : undefined;
  }
  const parts = resource.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return `${show(resource)} is not an ARN`;
  const [, , , arnRegion] = parts;
  const path = parts.slice(5).join(':');
  if (region !== undefined && arnRegion !== region) return `${show(resource)} names region ${show(arnRegion || '(any)')}, not the template's ${region}`;
  if (path.includes('*') && !tagScoped) return `${show(resource)} has a wildcard and no aws:ResourceTag, aws:RequestTag or ec2:Vpc condition narrowing it to the fleet`;
  return undefined;
}

export const CHAOS_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-FIS-001',
    title: 'Every FIS experiment template has a CloudWatch alarm stop condition, and none is "none": an experiment that goes wrong must stop itself.',
    fix: 'Give FisExperiment stopConditionAlarmArns (the region\'s LoadBalancerAlarms and accelerator alarm); never a stop_condition with source "none".',
    appliesTo: [TEMPLATE],
    check: (template) => {
      const conditions = blocks(template.config.stop_condition);
      const problems: string[] = [];
      if (conditions.some((condition) => condition.source === 'none')) problems.push('has a stop_condition with source "none"');
      const alarms = conditions.filter((condition) => condition.source === 'aws:cloudwatch:alarm' && typeof condition.value === 'string' && condition.value !== '');
      if (alarms.length === 0) problems.push('has no stop_condition with source "aws:cloudwatch:alarm" and an alarm ARN');
      return problems;
    },
  },
  {
    id: 'SPW-FIS-002',
    title: 'The role of an FIS template names no resource outside the fleet: writes only on resources of this stack, or on ARN patterns of the template\'s region narrowed by a tag or VPC condition.',
    fix: 'Scope each write statement of the experiment role to the fleet: reference the resource (node group ARN, subnet ARN) or use an ARN of the region with an aws:ResourceTag/eks:cluster-name (or aws:RequestTag/managedByFIS) condition (constructs/chaos/experiment-specs.ts).',
    appliesTo: ['aws_iam_role', 'aws_iam_role_policy'],
    check: (resource, context) => {
      const templates = templatesUsing(resource, context);
      if (templates.length === 0) return [];
      const regions = [...new Set(templates.map((template) => context.providerRegion(template)))];
      const region = regions.length === 1 ? regions[0] : undefined;
      const problems: string[] = [];
      for (const { where, value } of policiesOf(resource)) {
        const parsed = parsePolicy(value, context);
        if (!parsed) continue;
        if (parsed.kind === 'computed') {
          problems.push(`${where} is computed and cannot be verified`);
          continue;
        }
        parsed.statements.forEach((statement, index) => {
          if (statement.effect !== 'Allow') return;
          const writes = statement.actions.filter((action) => !isReadAction(action));
          if (writes.length === 0) return;
          if (statement.notResource) {
            problems.push(`${where} statement ${index} uses NotResource (everything else)`);
            return;
          }
          const tagScoped = Object.values(statement.conditions).some((entries) => Object.keys(entries).some((key) => FLEET_CONDITION.test(key)));
          for (const entry of statement.resources) {
            const why = outsideFleet(entry, region, tagScoped, context);
            if (why) problems.push(`${where} statement ${index} allows ${writes.map((action) => show(action)).join(', ')} on ${why}`);
          }
        });
      }
      return problems;
    },
  },
  {
    id: 'SPW-FIS-003',
    title: 'Log groups FIS experiments write to are encrypted with a KMS key (experiment logs name targets and resources).',
    fix: 'Create the group with ExperimentLogGroup (constructs/chaos/experiment-log-group.ts) and a kmsKeyArn whose key policy allows logs.<region>.amazonaws.com.',
    appliesTo: ['aws_cloudwatch_log_group'],
    check: (group, context) => {
      const written = context
        .resourcesOf(TEMPLATE)
        .some((template) => {
          const target = block(block(template.config.log_configuration)?.cloudwatch_logs_configuration)?.log_group_arn;
          return target !== undefined && designates(target, group, 'name');
        });
      if (!written) return [];
      const key = group.config.kms_key_id;
      return typeof key === 'string' && key !== '' ? [] : [`kms_key_id is ${show(key ?? 'unset')}: the FIS experiment log is stored unencrypted by a customer key`];
    },
  },
];
