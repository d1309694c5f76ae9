import { CHAOS_RULES } from '../../../../constructs/guardrails/chaos-rules';
import { coveredRules, describeRuleCases, violationsOf } from './helpers';
import { CHAOS_CASES } from './cases/chaos-cases';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { policyDocument } from '../../../../constructs/primitives/iam-documents';

describe('chaos rules', () => {
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(CHAOS_CASES).sort()).toEqual(CHAOS_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(CHAOS_CASES);

  it('leave log groups and roles that no FIS template uses to the other rules', () => {
    const build = (scope: any, provider: any) => {
      new CloudwatchLogGroup(scope, 'other-logs', { provider, name: '/other', retentionInDays: 30 });
      new IamRole(scope, 'other-role', {
        provider,
        name: 'other',
        assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
        inlinePolicy: [{ name: 'p', policy: policyDocument([{ Effect: 'Allow', Action: ['ec2:TerminateInstances'], Resource: '*' }]) }],
      });
    };
    expect(violationsOf('SPW-FIS-002', build)).toEqual([]);
    expect(violationsOf('SPW-FIS-003', build)).toEqual([]);
    // The broader IAM rule still sees the role.
    expect(violationsOf('SPW-IAM-002', build)).toHaveLength(1);
  });
});
