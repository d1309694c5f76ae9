import { WebAclLogging } from '../../../../constructs/cdn/web-acl-logging';
import { onlyResource, synthWithAws } from '../helpers';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ACL = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/spillway-test-cdn/1';

function synth(redactedHeaders?: string[]) {
  return synthWithAws(
    (scope, provider) => new WebAclLogging(scope, 'waf', { provider, webAclName: 'spillway-test-cdn', webAclArn: ACL, kmsKeyArn: KEY, retentionDays: 30, redactedHeaders }),
  );
}

describe('WebAclLogging', () => {
  it('logs to an encrypted, bounded log group named aws-waf-logs-<acl>', () => {
    const out = synth();
    expect(onlyResource(out, 'aws_cloudwatch_log_group')).toMatchObject({ name: 'aws-waf-logs-spillway-test-cdn', retention_in_days: 30, kms_key_id: KEY });
    const logging = onlyResource(out, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.resource_arn).toBe(ACL);
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.waf_log-group_[0-9A-F]+\.arn\}$/)]);
  });

  it('always redacts authorization, plus the configured headers once each, in lower case', () => {
    const fields = (out: any) => onlyResource(out, 'aws_wafv2_web_acl_logging_configuration').redacted_fields.map((field: any) => field.single_header.name);
    expect(fields(synth())).toEqual(['authorization']);
    expect(fields(synth(['X-Api-Key', 'authorization', 'x-gateway-key']))).toEqual(['authorization', 'x-api-key', 'x-gateway-key']);
  });

  it('lets only log delivery of this account write the group, and configures logging after that policy', () => {
    const out = synth();
    const [statement] = JSON.parse(onlyResource(out, 'aws_cloudwatch_log_resource_policy').policy_document).Statement;
    expect(statement.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(statement.Resource).toMatch(/aws_cloudwatch_log_group\.waf_log-group_[0-9A-F]+\.arn\}:\*$/);
    expect(statement.Condition.StringEquals['aws:SourceAccount']).toMatch(/^\$\{local\.waf_account_[0-9A-F]+\}$/);
    expect(onlyResource(out, 'aws_wafv2_web_acl_logging_configuration').depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_resource_policy\./)]);
  });
});
