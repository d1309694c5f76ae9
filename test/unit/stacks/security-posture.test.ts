/**
 * Issue 14 at the stack level: the example and its variants pass every rule of the security posture through
 * the real checker, and the config choices (flow log destination, audit retention) reach the resources.
 */
import { Testing } from 'cdktf';
import { FleetConfig } from '../../../config/schema';
import { checkGuardrails } from '../../../constructs/guardrails/guardrails';
import { codeWaiversOf } from '../../../constructs/guardrails/waivers';
import { ENCRYPTION_RULES } from '../../../constructs/guardrails/encryption-rules';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { exampleWithConfig, withoutEdgeAndTriton } from '../../support/scenarios';

const ISSUE_14_RULES = [...ENCRYPTION_RULES.map((rule) => rule.id), 'SPW-NET-004', 'SPW-WAF-003', 'SPW-ELB-002'];

function infraOf(config: FleetConfig) {
  const stacks = synthesizedStacks(config);
  const synth = JSON.parse(Testing.synth(stacks.infra));
  const report = checkGuardrails([stacks.infra], { waivers: config.guardrails.waivers, codeWaivers: codeWaiversOf(stacks.app) });
  return { stacks, synth, report };
}

const resources = (synth: any, type: string): any[] => Object.values(synth.resource[type] ?? {});

describe('security posture (issue 14)', () => {
  const example = infraOf(exampleConfig);

  it('passes the example with no unwaived violation and no waiver of these rules but the log buckets\' access logging', () => {
    expect(example.report.violations).toEqual([]);
    const waived = example.report.waived.filter((entry) => ISSUE_14_RULES.includes(entry.ruleId));
    expect([...new Set(waived.map((entry) => entry.ruleId))]).toEqual(['SPW-S3-008']);
    for (const entry of waived) expect(entry.reason).toMatch(/log/);
  });

  it('gives every VPC a flow log into an encrypted, bounded log group', () => {
    const logs = resources(example.synth, 'aws_flow_log');
    expect(logs).toHaveLength(exampleConfig.regions.length);
    const groups = resources(example.synth, 'aws_cloudwatch_log_group').filter((group) => group.name.startsWith('/spillway/vpc-flow-logs/'));
    expect(groups.map((group) => group.retention_in_days)).toEqual(exampleConfig.regions.map(() => 90));
    for (const group of groups) expect(group.kms_key_id).toMatch(/aws_kms_key_policy\.[a-z0-9-]+_customer-key_policy_/);
  });

  it('keeps the control-plane group a year for audit logs, or longer when the cluster asks', () => {
    const retention = (synth: any) =>
      resources(synth, 'aws_cloudwatch_log_group').filter((group) => /^\/aws\/eks\//.test(group.name)).map((group) => group.retention_in_days);
    expect(retention(example.synth)).toEqual([365, 365]);
    const longer = infraOf(exampleWithConfig((config) => (config.cluster.logRetentionDays = 731)));
    expect(retention(longer.synth)).toEqual([731, 731]);
    const noAudit = infraOf(exampleWithConfig((config) => (config.cluster.controlPlaneLogTypes = ['api', 'audit'].slice(0, 1))));
    expect(retention(noAudit.synth)).toEqual([90, 90]);
  });

  it('sends flow logs to the region log bucket when security.flowLogs.destination is s3, and still passes', () => {
    const s3 = infraOf(exampleWithConfig((config) => (config.security.flowLogs.destination = 's3')));
    expect(s3.report.violations).toEqual([]);
    for (const log of resources(s3.synth, 'aws_flow_log')) {
      expect(log.log_destination_type).toBe('s3');
      expect(log.log_destination).toMatch(/^\$\{aws_s3_bucket\.[a-z0-9-]+_log-bucket_logs_bucket_[0-9A-F]+\.arn\}\/vpc-flow-logs\/$/);
      expect(log.iam_role_arn).toBeUndefined();
    }
    const policies = resources(s3.synth, 'aws_s3_bucket_policy').map((policy) => policy.policy).filter((policy) => policy.includes('/vpc-flow-logs/AWSLogs/*'));
    expect(policies).toHaveLength(exampleConfig.regions.length);
  });

  it('passes a fleet without edge or Triton, which then has no empty log bucket', () => {
    const minimal = infraOf(exampleWithConfig(withoutEdgeAndTriton));
    expect(minimal.report.violations).toEqual([]);
    expect(resources(minimal.synth, 'aws_s3_bucket')).toEqual([]);
  });

  it('logs WAF requests to aws-waf-logs-* in us-east-1 with authorization and API-key headers redacted', () => {
    const [logging] = resources(example.synth, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.provider).toBe('aws.global');
    expect(logging.redacted_fields.map((field: any) => field.single_header.name)).toEqual(['authorization', 'x-api-key']);
    const group = resources(example.synth, 'aws_cloudwatch_log_group').find((candidate) => candidate.name.startsWith('aws-waf-logs-'));
    expect(group).toMatchObject({ name: 'aws-waf-logs-spillway-example-cdn', provider: 'aws.global', retention_in_days: 90 });
    expect(group.kms_key_id).toMatch(/aws_kms_key_policy\.edge-customer-key_policy_/);
  });

  it('uses a configured us-east-1 region\'s own key for the WAF log group instead of an edge key', () => {
    const east = infraOf(
      exampleWithConfig((config) => {
        config.regions[1].name = 'us-east-1';
        config.regions[1].availabilityZones = config.regions[1].availabilityZones.map((zone: any, index: number) => ({ ...zone, name: `us-east-1${'ab'[index]}` }));
        config.frontDoor.regions[1].name = 'us-east-1';
      }),
    );
    expect(east.report.violations).toEqual([]);
    expect(Object.keys(east.synth.resource.aws_kms_key).some((name) => name.startsWith('edge-customer-key'))).toBe(false);
    const group = resources(east.synth, 'aws_cloudwatch_log_group').find((candidate) => candidate.name.startsWith('aws-waf-logs-'));
    expect(group.kms_key_id).toMatch(/aws_kms_key_policy\.us-east-1_customer-key_policy_/);
  });

  it('exposes each region\'s customer key ARN for other constructs (a reference that waits for the key policy)', () => {
    const groups = resources(example.synth, 'aws_cloudwatch_log_group');
    for (const [region, regional] of example.stacks.infra.regions) {
      const controlPlane = groups.find((group) => group.name === `/aws/eks/spillway-example-${region}/cluster`);
      expect(controlPlane.kms_key_id).toBe(`\${aws_kms_key_policy.${regional.customerKey.policy.friendlyUniqueId}.key_id}`);
      expect(example.synth.output[`${region}-customer-key-arn`].value).toBe(controlPlane.kms_key_id);
    }
  });

  it('protects every NLB from deletion, in AWS and in Terraform, until a reasoned teardown lifts both', () => {
    const nlbs = resources(example.synth, 'aws_lb');
    expect(nlbs.length).toBeGreaterThan(0);
    for (const nlb of nlbs) expect(nlb).toMatchObject({ enable_deletion_protection: true, lifecycle: { prevent_destroy: true } });
    const teardown = infraOf(
      exampleWithConfig((config) => (config.stateSafety = { allowDestroy: [{ resourceType: 'aws_lb', reason: 'moving the front door to new subnets' }] })),
    );
    for (const nlb of resources(teardown.synth, 'aws_lb')) {
      expect(nlb.enable_deletion_protection).toBe(false);
      expect(nlb.lifecycle).toBeUndefined();
    }
    // The guardrail still stops synth: a teardown also waives SPW-ELB-002 for the NLBs, with its own reason.
    expect(teardown.report.violations.map((violation) => violation.ruleId)).toEqual(nlbs.map(() => 'SPW-ELB-002'));
  });
});
