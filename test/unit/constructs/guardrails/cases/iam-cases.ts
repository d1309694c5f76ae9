import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { assumeRolePolicy, policyDocument, PolicyStatement } from '../../../../../constructs/primitives/iam-documents';
import { RuleCase } from '../helpers';

/** A role with one inline role policy (aws_iam_role_policy) holding `statements`. */
export function rolePolicy(statements: PolicyStatement[]) {
  return (scope: Construct, provider: AwsProvider) => {
    const role = new IamRole(scope, 'role', { provider, name: 'worker', assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
    new IamRolePolicy(scope, 'policy', { provider, role: role.name, policy: policyDocument(statements) });
  };
}

const bucketArn = 'arn:aws:s3:::models';

export const IAM_CASES: RuleCase[] = [
  {
    rule: 'SPW-IAM-001',
    name: 'no service:* actions',
    pass: rolePolicy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucketArn, `${bucketArn}/*`] }]),
    fail: rolePolicy([{ Effect: 'Allow', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`] }]),
    problem: /policy statement 0 allows "s3:\*"/,
    address: /^aws_iam_role_policy\.policy$/,
  },
  {
    rule: 'SPW-IAM-001',
    name: 'no * action in managed policies, Deny statements may use it',
    pass: (scope, provider) =>
      new IamPolicy(scope, 'managed', {
        provider,
        policy: policyDocument([
          { Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: 'arn:aws:eks:us-west-2:111122223333:cluster/x' },
          { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ]),
      }),
    fail: (scope, provider) => new IamPolicy(scope, 'managed', { provider, policy: policyDocument([{ Effect: 'Allow', Action: '*', Resource: bucketArn }]) }),
    problem: /allows "\*"/,
    address: /^aws_iam_policy\.managed$/,
  },
  {
    rule: 'SPW-IAM-001',
    name: 'inline policies of a role, and policies that cannot be read',
    pass: (scope, provider) =>
      new IamRole(scope, 'role', {
        provider,
        assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
        inlinePolicy: [{ name: 'read', policy: policyDocument([{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/*` }]) }],
      }),
    fail: (scope, provider) =>
      new IamRole(scope, 'role', {
        provider,
        assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
        inlinePolicy: [{ name: 'computed', policy: '${jsonencode(var.policy)}' }],
      }),
    problem: /inline_policy\[0\] "computed" is computed .* cannot be verified/,
    address: /^aws_iam_role\.role$/,
  },
  {
    rule: 'SPW-IAM-002',
    name: 'no S3 action on *',
    pass: rolePolicy([{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'autoscaling:Describe*', 'eks:ListClusters'], Resource: '*' }]),
    fail: rolePolicy([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }]),
    problem: /allows "s3:GetObject" on "\*"/,
  },
  {
    rule: 'SPW-IAM-002',
    name: 'no write action on * (also through aws_iam_policy_document and arn:...:*)',
    pass: (scope, provider) => {
      const role = new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
      const document = new DataAwsIamPolicyDocument(scope, 'doc', {
        provider,
        statement: [{ effect: 'Allow', actions: ['autoscaling:SetDesiredCapacity'], resources: ['arn:aws:autoscaling:us-west-2:111122223333:autoScalingGroup:*:autoScalingGroupName/gpu'] }],
      });
      new IamRolePolicy(scope, 'policy', { provider, role: role.name, policy: document.json });
    },
    fail: (scope, provider) => {
      const role = new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
      const document = new DataAwsIamPolicyDocument(scope, 'doc', {
        provider,
        statement: [{ effect: 'Allow', actions: ['ec2:DescribeInstances', 'ec2:TerminateInstances'], resources: ['arn:aws:ec2:*:*:*'] }],
      });
      new IamRolePolicy(scope, 'policy', { provider, role: role.name, policy: document.json });
    },
    problem: /statement 0 allows "ec2:TerminateInstances" on "arn:aws:ec2:\*:\*:\*"/,
  },
  {
    rule: 'SPW-IAM-002',
    name: 'secret values are not reads for this rule',
    pass: rolePolicy([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-west-2:111122223333:secret:triton-*' }]),
    fail: rolePolicy([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }]),
    problem: /allows "secretsmanager:GetSecretValue" on "\*"/,
  },
  {
    rule: 'SPW-IAM-003',
    name: 'no broad AWS managed policies',
    pass: (scope, provider) => {
      const role = new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
      new IamRolePolicyAttachment(scope, 'attach', { provider, role: role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' });
    },
    fail: (scope, provider) => {
      const role = new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
      new IamRolePolicyAttachment(scope, 'attach', { provider, role: role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' });
    },
    problem: /attaches "arn:aws:iam::aws:policy\/AmazonS3FullAccess"/,
    address: /^aws_iam_role_policy_attachment\.attach$/,
  },
  {
    rule: 'SPW-IAM-004',
    name: 'no role anyone may assume',
    pass: (scope, provider) => new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']) }),
    fail: (scope, provider) =>
      new IamRole(scope, 'role', { provider, assumeRolePolicy: policyDocument([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]) }),
    problem: /lets any principal assume the role/,
    address: /^aws_iam_role\.role$/,
  },
];
