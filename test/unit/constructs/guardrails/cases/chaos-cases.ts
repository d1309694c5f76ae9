import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { policyDocument, PolicyStatement } from '../../../../../constructs/primitives/iam-documents';
import { RuleCase } from '../helpers';

const ALARM = 'arn:aws:cloudwatch:us-west-2:111122223333:alarm:spillway-healthy-targets';
const TAGGED_TERMINATE: PolicyStatement = {
  Effect: 'Allow',
  Action: ['ec2:TerminateInstances'],
  Resource: 'arn:aws:ec2:us-west-2:*:instance/*',
  Condition: { StringEquals: { 'aws:ResourceTag/eks:cluster-name': 'spillway-test-us-west-2' } },
};

interface TemplateOptions {
  readonly stopConditions?: { source: string; value?: string }[];
  readonly statements?: PolicyStatement[];
  readonly logKey?: boolean;
}

/** An FIS template with its role and log group, as FisExperiment builds them, varied by `options`. */
function template(options: TemplateOptions = {}) {
  return (scope: Construct, provider: AwsProvider) => {
    const role = new IamRole(scope, 'fis-role', {
      provider,
      name: 'spillway-test-fis-node',
      assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      inlinePolicy: [{ name: 'experiment-actions', policy: policyDocument(options.statements ?? [{ Effect: 'Allow', Action: ['ec2:DescribeInstances'], Resource: '*' }, TAGGED_TERMINATE]) }],
    });
    const logs = new CloudwatchLogGroup(scope, 'fis-logs', {
      provider,
      name: '/aws/fis/spillway-test',
      retentionInDays: 30,
      kmsKeyId: options.logKey === false ? undefined : 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    new FisExperimentTemplate(scope, 'experiment', {
      provider,
      description: 'terminate baseline nodes',
      roleArn: role.arn,
      stopCondition: options.stopConditions ?? [{ source: 'aws:cloudwatch:alarm', value: ALARM }],
      target: [{ name: 'nodes', resourceType: 'aws:eks:nodegroup', selectionMode: 'ALL', resourceArns: ['arn:aws:eks:us-west-2:111122223333:nodegroup/c/baseline/x'] }],
      action: [{ name: 'terminate', actionId: 'aws:eks:terminate-nodegroup-instances', parameter: [{ key: 'instanceTerminationPercentage', value: '50' }], target: { key: 'Nodegroups', value: 'nodes' } }],
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logs.arn}:*` } },
    });
  };
}

export const CHAOS_CASES: RuleCase[] = [
  {
    rule: 'SPW-FIS-001',
    name: 'a stop condition of source "none"',
    pass: template(),
    fail: template({ stopConditions: [{ source: 'none' }] }),
    problem: /has a stop_condition with source "none"; has no stop_condition with source "aws:cloudwatch:alarm"/,
    address: /^aws_fis_experiment_template\.experiment$/,
  },
  {
    rule: 'SPW-FIS-001',
    name: '"none" next to an alarm',
    pass: template({ stopConditions: [{ source: 'aws:cloudwatch:alarm', value: ALARM }, { source: 'aws:cloudwatch:alarm', value: `${ALARM}-2` }] }),
    fail: template({ stopConditions: [{ source: 'aws:cloudwatch:alarm', value: ALARM }, { source: 'none' }] }),
    problem: /^has a stop_condition with source "none"$/,
  },
  {
    rule: 'SPW-FIS-002',
    name: 'a write on "*"',
    pass: template(),
    fail: template({ statements: [{ Effect: 'Allow', Action: ['ec2:TerminateInstances'], Resource: '*' }] }),
    problem: /statement 0 allows "ec2:TerminateInstances" on "\*" \(every resource of every account and region\)/,
    address: /^aws_iam_role\.fis-role$/,
  },
  {
    rule: 'SPW-FIS-002',
    name: 'a wildcard ARN without a tag or VPC condition',
    pass: template(),
    fail: template({ statements: [{ ...TAGGED_TERMINATE, Condition: undefined }] }),
    problem: /"arn:aws:ec2:us-west-2:\*:instance\/\*" has a wildcard and no aws:ResourceTag, aws:RequestTag or ec2:Vpc condition/,
  },
  {
    rule: 'SPW-FIS-002',
    name: 'another region than the template\'s',
    pass: template(),
    fail: template({ statements: [{ ...TAGGED_TERMINATE, Resource: 'arn:aws:ec2:eu-west-1:*:instance/*' }] }),
    problem: /names region "eu-west-1", not the template's us-west-2/,
  },
  {
    rule: 'SPW-FIS-003',
    name: 'the experiment log group without a KMS key',
    pass: template(),
    fail: template({ logKey: false }),
    problem: /kms_key_id is "unset": the FIS experiment log is stored unencrypted/,
    address: /^aws_cloudwatch_log_group\.fis-logs$/,
  },
];
