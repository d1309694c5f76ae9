import { PlanJson } from '../../scripts/lib/plan-summary';
import { exampleInfraPlan } from './example-plan/example-plan';
import { infraStackName } from '../../model/names';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../config/load';
import { describeWithTerraform } from './terraform-fixtures';

/**
 * Issue 14 in the real plan of the example (preview mode): terraform validated every new attribute against
 * the aws provider 5.100.0 schema, and the planned values are the posture the guardrails checked.
 */
describeWithTerraform('security posture in the planned InfraStack of the example', () => {
  let plan: PlanJson;
  const after = (type: string): any[] =>
    plan.resource_changes!.filter((change) => change.type === type).map((change) => (change.change as { after?: any }).after);

  beforeAll(async () => {
    const result = await exampleInfraPlan();
    if (result.status !== 'planned') throw new Error(result.status === 'error' ? result.error : result.reason);
    const outcome = result.outcomes.find((candidate) => candidate.report.stack === infraStackName(loadConfig(EXAMPLE_CONFIG_PATH).environment))!;
    if (outcome.report.status !== 'planned') throw new Error(`not planned: ${JSON.stringify(outcome.report)}`);
    plan = outcome.report.plan;
  }, 600_000);

  it('plans a flow log per VPC into encrypted, bounded log groups', () => {
    expect(after('aws_flow_log')).toHaveLength(after('aws_vpc').length);
    for (const log of after('aws_flow_log')) expect(log).toMatchObject({ log_destination_type: 'cloud-watch-logs', traffic_type: 'ALL', max_aggregation_interval: 600 });
    // Every group is encrypted and bounded: the control-plane groups keep the audit year, the others their own setting.
    const config = loadConfig(EXAMPLE_CONFIG_PATH);
    const groups = after('aws_cloudwatch_log_group');
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.kms_key_id).toBeUndefined(); // unknown until apply: a reference to a key of this plan
      const expected = /^\/aws\/eks\//.test(group.name)
        ? config.security.auditLogRetentionDays
        : /^\/aws\/fis\//.test(group.name)
          ? config.chaos!.logRetentionDays
          : /^aws-waf-logs-/.test(group.name)
            ? config.security.wafLogs.retentionDays
            : config.security.flowLogs.retentionDays;
      expect([group.name, group.retention_in_days]).toEqual([group.name, expected]);
    }
    const unknown = plan.resource_changes!.filter((change) => change.type === 'aws_cloudwatch_log_group').map((change) => (change.change as any).after_unknown);
    for (const attributes of unknown) expect(attributes.kms_key_id).toBe(true);
  });

  it('plans WAF logging with the authorization and x-api-key headers redacted', () => {
    const [logging] = after('aws_wafv2_web_acl_logging_configuration');
    expect(logging.redacted_fields.map((field: any) => field.single_header[0].name)).toEqual(['authorization', 'x-api-key']);
    expect(after('aws_cloudwatch_log_group').some((group) => group.name === 'aws-waf-logs-spillway-example-cdn')).toBe(true);
  });

  it('plans a key policy for every KMS key, rotation on every key, and NLB deletion protection', () => {
    expect(after('aws_kms_key_policy')).toHaveLength(after('aws_kms_key').length);
    for (const key of after('aws_kms_key')) expect(key.enable_key_rotation).toBe(true);
    for (const nlb of after('aws_lb')) expect(nlb.enable_deletion_protection).toBe(true);
  });

  it('plans SSE-KMS with bucket keys on the data buckets and access logging for each', () => {
    const kms = after('aws_s3_bucket_server_side_encryption_configuration').filter((item) => item.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm === 'aws:kms');
    expect(kms).toHaveLength(3);
    for (const item of kms) expect(item.rule[0].bucket_key_enabled).toBe(true);
    expect(after('aws_s3_bucket_logging').map((item) => item.target_prefix).sort()).toEqual(['s3/cdn-artifacts/', 's3/model-repository/', 's3/model-repository/']);
  });
});
