import { Construct } from 'constructs';
import { Fn, TerraformLocal, TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { policyDocument } from '../primitives/iam-documents';

/** Headers WAF always replaces by REDACTED in its logs, whatever else is asked. */
export const ALWAYS_REDACTED_HEADERS = ['authorization'] as const;

export interface WebAclLoggingProps {
  /** The provider of the web ACL's region (us-east-1 for CLOUDFRONT scope): the log group must be there. */
  readonly provider: TerraformProvider;
  /** Web ACL name; the log group is `aws-waf-logs-<name>`, the prefix WAF requires of its destinations. */
  readonly webAclName: string;
  /** ARN of the web ACL whose requests are logged. */
  readonly webAclArn: string;
  /** Customer KMS key of the log group, in the same region; its policy must admit CloudWatch Logs there. */
  readonly kmsKeyArn: string;
  /** Days WAF logs are kept, a retention CloudWatch Logs accepts. */
  readonly retentionDays: number;
  /** Request headers redacted besides `authorization` (API keys). @default none */
  readonly redactedHeaders?: readonly string[];
}

/**
 * WAF request logs of one web ACL into an encrypted CloudWatch log group named `aws-waf-logs-<acl>`, with
 * bounded retention, credentials headers redacted, and a log resource policy that lets only log delivery
 * for this account write to that group.
 */
export class WebAclLogging extends Construct {
  readonly logGroupName: string;
  readonly redactedHeaders: readonly string[];

  constructor(scope: Construct, id: string, props: WebAclLoggingProps) {
    super(scope, id);
    const { provider } = props;
    const group = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: `aws-waf-logs-${props.webAclName}`,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.logGroupName = group.name;
    // The account and region from the log group's ARN: no AWS lookup at plan time.
    const part = (index: number, localId: string) => new TerraformLocal(this, localId, Fn.element(Fn.split(':', group.arn), index)).asString;
    const account = part(4, 'account');
    const region = part(3, 'region');
    const partition = part(1, 'partition');

    const delivery = new CloudwatchLogResourcePolicy(this, 'delivery-policy', {
      provider,
      policyName: `aws-waf-logs-${props.webAclName}-delivery`,
      policyDocument: policyDocument([
        {
          Sid: 'WafLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${group.arn}:*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:${region}:${account}:*` },
          },
        },
      ]),
    });

    this.redactedHeaders = [...new Set([...ALWAYS_REDACTED_HEADERS, ...(props.redactedHeaders ?? []).map((header) => header.toLowerCase())])];
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider,
      resourceArn: props.webAclArn,
      logDestinationConfigs: [group.arn],
      redactedFields: this.redactedHeaders.map((name) => ({ singleHeader: { name } })),
      dependsOn: [delivery],
    });
  }
}
