import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  checkGuardrails,
  formatViolations,
  globToRegExp,
  GuardrailError,
  GUARDRAIL_RULE_IDS,
  GUARDRAIL_RULES,
} from '../../../../constructs/guardrails/guardrails';
import { assumeRolePolicy } from '../../../../constructs/primitives/iam-documents';
import { reportOf, violationsOf } from './helpers';
import { cluster } from './cases/eks-cases';

describe('the rule set', () => {
  it('has exactly one rule per id that config validates waivers against, in report order', () => {
    // model/contracts.ts lists the ids so config need not import the rules; this keeps the two in step.
    expect(GUARDRAIL_RULES.map((rule) => rule.id)).toEqual([...GUARDRAIL_RULE_IDS]);
  });

  it('gives every rule an SPW id, a one-line rationale, a fix and the types it inspects', () => {
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.id).toMatch(/^SPW-[A-Z0-9]+-\d{3}$/);
      expect(rule.title).toMatch(/^[^\n]+$/);
      expect(rule.fix).toMatch(/\S/);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
    }
  });

  it('covers the areas the issue names', () => {
    for (const area of ['EKS', 'EC2', 'S3', 'CDN', 'GA', 'KMS', 'NET', 'IAM', 'TAG']) {
      expect(GUARDRAIL_RULE_IDS.some((id) => id.startsWith(`SPW-${area}-`))).toBe(true);
    }
  });
});

describe('tokens and references', () => {
  it('does not flag a forbidden value it cannot know (a variable CIDR)', () => {
    const violations = violationsOf('SPW-NET-001', (scope, provider) => {
      const cidr = new TerraformVariable(scope, 'cidr', { type: 'string' });
      const group = new SecurityGroup(scope, 'sg', { provider, vpcId: 'vpc-1' });
      new VpcSecurityGroupIngressRule(scope, 'rule', { provider, securityGroupId: group.id, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: cidr.stringValue });
    });
    expect(violations).toEqual([]);
  });

  it('flags a required setting it cannot verify (a variable log list)', () => {
    const violations = violationsOf('SPW-EKS-003', (scope, provider) => {
      const logs = new TerraformVariable(scope, 'logs', { type: 'list(string)' });
      cluster((config) => (config.enabledClusterLogTypes = logs.listValue))(scope, provider);
    });
    expect(violations.map((violation) => violation.message)).toEqual([expect.stringMatching(/enabled_cluster_log_types is "\$\{var.logs\}"; it cannot be verified/)]);
  });

  it('accepts references to other resources where a value is required (KMS key ARN)', () => {
    expect(violationsOf('SPW-EKS-002', cluster((config) => (config.encryptionConfig.provider.keyArn = '${aws_kms_key.k.arn}')))).toEqual([]);
  });
});

describe('tagging', () => {
  it('exempts resource types that cannot carry tags', () => {
    const report = reportOf(
      (scope, provider) => {
        const role = new IamRole(scope, 'role', { provider, assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com') });
        new IamRolePolicyAttachment(scope, 'attach', { provider, role: role.name, policyArn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' });
      },
      { requiredTags: ['CostCenter'] },
    );
    // The role is taggable and lacks CostCenter; the attachment has no tags argument.
    expect(report.violations.filter((violation) => violation.ruleId === 'SPW-TAG-001').map((violation) => violation.address)).toEqual(['aws_iam_role.role']);
  });

  it('uses guardrails.requiredTags', () => {
    const build = (scope: any, provider: any) => new Vpc(scope, 'vpc', { provider, cidrBlock: '10.0.0.0/16', tags: { CostCenter: 'x' } });
    expect(violationsOf('SPW-TAG-001', build, { requiredTags: ['CostCenter', 'Project'] })).toEqual([]);
    expect(violationsOf('SPW-TAG-001', build, { requiredTags: ['Team'] })[0].message).toMatch(/lacks required tag\(s\) Team/);
  });
});

describe('waivers', () => {
  const publicCluster = cluster((config) => (config.vpcConfig.endpointPublicAccess = true));

  it('moves a waived violation to `waived` with its reason, by exact address or glob', () => {
    for (const resource of ['aws_eks_cluster.cluster', 'aws_eks_cluster.*', '*']) {
      const report = reportOf(publicCluster, { waivers: [{ rule: 'SPW-EKS-001', resource, reason: 'temporary: migrating the runners into the VPC' }] });
      expect(report.violations.filter((violation) => violation.ruleId === 'SPW-EKS-001')).toEqual([]);
      expect(report.waived).toEqual([
        expect.objectContaining({ ruleId: 'SPW-EKS-001', address: 'aws_eks_cluster.cluster', reason: 'temporary: migrating the runners into the VPC', waiver: resource }),
      ]);
      expect(report.unusedWaivers).toEqual([]);
    }
  });

  it('does not waive another rule or another resource, and reports unused waivers', () => {
    const waivers = [
      { rule: 'SPW-EKS-002', resource: 'aws_eks_cluster.cluster', reason: 'a different rule entirely' },
      { rule: 'SPW-EKS-001', resource: 'aws_eks_cluster.other', reason: 'a different resource entirely' },
    ];
    const report = reportOf(publicCluster, { waivers });
    expect(report.violations.map((violation) => violation.ruleId)).toContain('SPW-EKS-001');
    expect(report.waived).toEqual([]);
    expect(report.unusedWaivers).toEqual(waivers);
  });

  it('globs match whole addresses, `*` being the only wildcard', () => {
    expect(globToRegExp('aws_s3_bucket.cdn_*').test('aws_s3_bucket.cdn_logs_bucket_1A2B')).toBe(true);
    expect(globToRegExp('aws_s3_bucket.cdn_*').test('xaws_s3_bucket.cdn_logs')).toBe(false);
    expect(globToRegExp('aws_s3_bucket.cdn').test('aws_s3_bucketXcdn')).toBe(false);
  });
});

describe('formatViolations and GuardrailError', () => {
  it('prints the rule id, the address, the problem and the fix, and how to waive', () => {
    const report = reportOf(cluster((config) => (config.vpcConfig.endpointPublicAccess = true)));
    const text = formatViolations(report);
    expect(text).toMatch(/^Guardrails: 1 violation; synth stopped and nothing was written\./);
    expect(text).toContain('SPW-EKS-001  aws_eks_cluster.cluster  (stack test)');
    expect(text).toContain('problem: vpc_config.endpoint_public_access is true, not false');
    expect(text).toMatch(/fix: {5}Set vpc_config.endpoint_private_access = true/);
    expect(text).toContain('- { rule: SPW-EKS-001, resource: "aws_eks_cluster.cluster", reason:');
  });

  it('carries the report in a GuardrailError whose message is the formatted report', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-west-2', defaultTags: [{ tags: { Project: 'p', Owner: 'o' } }] });
    new EksCluster(stack, 'cluster', { provider, name: 'x', roleArn: 'arn:aws:iam::111122223333:role/x', vpcConfig: { subnetIds: ['s'] } });
    const report = checkGuardrails([stack]);
    expect(report.violations.map((violation) => violation.ruleId)).toEqual(expect.arrayContaining(['SPW-EKS-001', 'SPW-EKS-002', 'SPW-EKS-003', 'SPW-EKS-004']));
    const error = new GuardrailError(report);
    expect(error.message).toBe(formatViolations(report));
    expect(error.message).toContain('SPW-EKS-002  aws_eks_cluster.cluster  (stack bad)');
  });

  it('names each stale waiver when nothing is violated', () => {
    const stale = { rule: 'SPW-EKS-001', resource: 'aws_eks_cluster.gone', reason: 'the runners moved into the VPC' };
    const text = formatViolations(reportOf(() => undefined, { waivers: [stale] }));
    expect(text).toMatch(/^Guardrails: 1 waiver in guardrails.waivers matches nothing; synth stopped and nothing was written\./);
    expect(text).toContain('- { rule: SPW-EKS-001, resource: "aws_eks_cluster.gone" }');
  });
});
