import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EXAMPLE_CONFIG_PATH, loadConfig, parseConfig } from '../../../../config/load';
import { exampleText, problemsOf } from '../../../support/example-variants';
import { buildStacks } from '../../../../stacks/app';
import {
  assertGuardrails,
  checkGuardrails,
  enforceGuardrailsOnSynth,
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
  it('has at least 25 rules with unique SPW ids, a one-line rationale and a fix', () => {
    expect(GUARDRAIL_RULES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(GUARDRAIL_RULE_IDS).size).toBe(GUARDRAIL_RULE_IDS.length);
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.id).toMatch(/^SPW-[A-Z0-9]+-\d{3}$/);
      expect(rule.title).not.toContain('\n');
      expect(rule.title.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(20);
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

describe('formatViolations and assertGuardrails', () => {
  it('prints the rule id, the address, the problem and the fix, and how to waive', () => {
    const report = reportOf(cluster((config) => (config.vpcConfig.endpointPublicAccess = true)));
    const text = formatViolations(report);
    expect(text).toMatch(/^Guardrails: 1 violation; synth stopped and nothing was written\./);
    expect(text).toContain('SPW-EKS-001  aws_eks_cluster.cluster  (stack test)');
    expect(text).toContain('problem: vpc_config.endpoint_public_access is true, not false');
    expect(text).toMatch(/fix: {5}Set vpc_config.endpoint_private_access = true/);
    expect(text).toContain('- { rule: SPW-EKS-001, resource: "aws_eks_cluster.cluster", reason:');
  });

  it('throws a GuardrailError carrying the report', () => {
    const stack = new TerraformStack(Testing.app(), 'bad');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-west-2', defaultTags: [{ tags: { Project: 'p', Owner: 'o' } }] });
    new EksCluster(stack, 'cluster', { provider, name: 'x', roleArn: 'arn:aws:iam::111122223333:role/x', vpcConfig: { subnetIds: ['s'] } });
    expect(() => assertGuardrails([stack])).toThrow(GuardrailError);
    try {
      assertGuardrails([stack]);
    } catch (error) {
      expect((error as GuardrailError).report.violations.map((violation) => violation.ruleId)).toEqual(
        expect.arrayContaining(['SPW-EKS-001', 'SPW-EKS-002', 'SPW-EKS-003', 'SPW-EKS-004']),
      );
      expect((error as GuardrailError).message).toContain('SPW-EKS-002  aws_eks_cluster.cluster  (stack bad)');
    }
  });
});

describe('the example app', () => {
  const config = loadConfig(EXAMPLE_CONFIG_PATH);

  it('has no unwaived violation', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-guardrails-'));
    const { infra, workloads } = buildStacks(config, { outdir });
    const report = checkGuardrails([infra, ...workloads], config.guardrails);
    expect(report.resourceCount).toBeGreaterThan(100);
    expect(report.violations).toEqual([]);
    expect(report.unusedWaivers).toEqual([]);
  });

  it('checks in memory: nothing is written, and synth output is the same with or without the check', () => {
    const synthOf = (check: boolean) => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-guardrails-'));
      const { app, infra, workloads } = buildStacks(config, { outdir });
      if (check) {
        checkGuardrails([infra, ...workloads], config.guardrails);
        // The App creates outdir/stacks up front; no stack directory or file exists before synth.
        expect(fs.readdirSync(outdir, { recursive: true } as any).filter((entry: any) => String(entry).endsWith('.json'))).toEqual([]);
        expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
      }
      app.synth();
      return [infra, ...workloads].map((stack) =>
        fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'),
      );
    };
    expect(synthOf(true)).toEqual(synthOf(false));
  });

  it('enforceGuardrailsOnSynth: a violation throws out of app.synth() before any stack file is written', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-guardrails-'));
    const { app } = buildStacks(config, { outdir });
    const hook = enforceGuardrailsOnSynth(app, { ...config.guardrails, requiredTags: ['NoSuchTag'] });
    expect(() => app.synth()).toThrow(GuardrailError);
    expect(hook.report?.violations.some((violation) => violation.ruleId === 'SPW-TAG-001')).toBe(true);
    expect(fs.readdirSync(path.join(outdir, 'stacks'))).toEqual([]);
  });

  it('enforceGuardrailsOnSynth: when everything passes or is waived, synth writes the same files', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-guardrails-'));
    const built = buildStacks(config, { outdir: plain });
    // Waive whatever the example violates today, so this test is about the hook, not the example.
    const waivers = [
      ...config.guardrails.waivers,
      ...checkGuardrails([built.infra, ...built.workloads], config.guardrails).violations.map((violation) => ({
        rule: violation.ruleId,
        resource: violation.address,
        reason: 'waived to test the synth hook',
      })),
    ];
    built.app.synth();
    const guarded = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-guardrails-'));
    const { app, infra, workloads } = buildStacks(config, { outdir: guarded });
    const hook = enforceGuardrailsOnSynth(app, { ...config.guardrails, waivers });
    app.synth();
    expect(hook.report?.violations).toEqual([]);
    expect(hook.report?.waived.length).toBeGreaterThanOrEqual(waivers.length);
    for (const stack of [infra, ...workloads]) {
      const file = path.join('stacks', stack.node.id, 'cdk.tf.json');
      expect(fs.readFileSync(path.join(guarded, file), 'utf8')).toEqual(fs.readFileSync(path.join(plain, file), 'utf8'));
    }
  });
});

describe('config: guardrails', () => {
  const withGuardrails = (guardrails: unknown) => {
    const raw = parse(exampleText);
    raw.guardrails = guardrails;
    return stringify(raw);
  };

  it('defaults to requiredTags Project and Owner and no waivers', () => {
    const raw = parse(exampleText);
    delete raw.guardrails;
    expect(parseConfig(stringify(raw)).guardrails).toEqual({ requiredTags: ['Project', 'Owner'], waivers: [] });
  });

  it('accepts a waiver with a known rule, an address or glob and a reason', () => {
    const waiver = { rule: 'SPW-CDN-002', resource: 'aws_cloudfront_distribution.*', reason: 'no custom domain in the example' };
    expect(parseConfig(withGuardrails({ waivers: [waiver] })).guardrails.waivers).toEqual([waiver]);
  });

  it('rejects an unknown rule id at its field path, listing the known ids', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-XYZ-001', resource: 'aws_s3_bucket.x', reason: 'a good enough reason' }] }));
    expect(problems).toEqual([expect.stringMatching(/^guardrails\.waivers\[0\]\.rule: unknown guardrail rule; known: SPW-EKS-001, .*SPW-TAG-001 \(got "SPW-XYZ-001"\)$/)]);
  });

  it('rejects a reason shorter than 10 characters', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-EKS-001', resource: 'aws_eks_cluster.x', reason: 'because' }] }));
    expect(problems).toEqual([expect.stringMatching(/^guardrails\.waivers\[0\]\.reason: a reason of at least 10 characters/)]);
  });

  it('rejects a resource that is not an address or glob, and unknown keys', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-EKS-001', resource: 'the cluster', reason: 'a good enough reason', until: '2026' }] }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^guardrails\.waivers\[0\]\.resource: a Terraform resource address like/),
        expect.stringMatching(/^guardrails\.waivers\[0\]\.until: unknown key; allowed keys: rule, resource, reason/),
      ]),
    );
  });

  it('rejects required tag keys AWS would not accept', () => {
    expect(problemsOf(withGuardrails({ requiredTags: ['aws:owner'] }))).toEqual([expect.stringMatching(/^guardrails\.requiredTags\[0\]: tag keys must not start/)]);
  });
});
