import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PrivateBucket } from './private-bucket';
import { PolicyStatement } from './iam-documents';
import { waiveGuardrail } from './guardrail-waiver';

/** Key prefix of VPC flow log objects in the log bucket (log delivery appends `AWSLogs/<account>/...`). */
export const FLOW_LOG_PREFIX = 'vpc-flow-logs';

export interface RegionalLogBucketProps {
  /** AWS provider of the region whose buckets and VPC log here. */
  readonly provider: TerraformProvider;
  /**
   * Exact bucket name. One of `bucketName` and `bucketPrefix` is required.
   * @default none: then `bucketPrefix` must be set
   */
  readonly bucketName?: string;
  /** Start of a generated bucket name (at most 37 characters). @default none: then `bucketName` must be set */
  readonly bucketPrefix?: string;
  /** Days log objects (and their noncurrent versions) are kept. */
  readonly retentionDays: number;
}

/**
 * One region's log bucket: S3 server access logs of the data buckets (each under its own prefix) and, when
 * asked, VPC flow logs. SSE-S3, because S3 server access logging delivers only to SSE-S3 buckets; versioned,
 * so a deleted log object can be recovered until it expires. Writers are admitted by the bucket policy, which
 * is rendered at synth from what was added (`accessLogsFor`, `allowFlowLogs`).
 */
export class RegionalLogBucket extends Construct {
  readonly bucket: PrivateBucket;
  private readonly sourceArns: string[] = [];
  private flowLogs = false;

  constructor(scope: Construct, id: string, props: RegionalLogBucketProps) {
    super(scope, id);
    this.bucket = new PrivateBucket(this, 'logs', {
      provider: props.provider,
      bucketName: props.bucketName,
      bucketPrefix: props.bucketPrefix,
      versioning: true,
      expireAfterDays: props.retentionDays,
    });
    waiveGuardrail(
      this,
      'SPW-S3-008',
      'This is the log bucket itself: logging its own access would log the log deliveries, without end (CKV_AWS_18 accepted here).',
    );
    this.bucket.attachPolicy(() => this.statements());
  }

  /**
   * Admits S3 log delivery for one source bucket and returns where its logs go, for `PrivateBucket.accessLogs`.
   * `sourceBucketArn` may be a reference; `prefix` should name the source (e.g. `s3/model-repository/`).
   */
  accessLogsFor(sourceBucketArn: string, prefix: string): { targetBucket: string; targetPrefix: string } {
    this.admitAccessLogsFrom(sourceBucketArn);
    return this.accessLogsTarget(prefix);
  }

  /** Where a bucket's access logs go, for a bucket created after this call (then `admitAccessLogsFrom` it). */
  accessLogsTarget(prefix: string): { targetBucket: string; targetPrefix: string } {
    return { targetBucket: this.bucket.bucketName, targetPrefix: prefix };
  }

  /** Admits S3 log delivery for one source bucket (`aws:SourceArn`). */
  admitAccessLogsFrom(sourceBucketArn: string): void {
    this.sourceArns.push(sourceBucketArn);
  }

  /** Admits VPC flow log delivery under `FLOW_LOG_PREFIX/` and returns the destination ARN for `aws_flow_log`. */
  allowFlowLogs(): string {
    this.flowLogs = true;
    return `${this.bucket.arn}/${FLOW_LOG_PREFIX}/`;
  }

  private statements(): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (this.sourceArns.length > 0) {
      statements.push({
        Sid: 'S3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${this.bucket.arn}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': [...this.sourceArns] } },
      });
    }
    if (this.flowLogs) {
      statements.push(
        {
          Sid: 'FlowLogDeliveryWrite',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${this.bucket.arn}/${FLOW_LOG_PREFIX}/AWSLogs/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        {
          Sid: 'FlowLogDeliveryAclCheck',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: this.bucket.arn,
        },
      );
    }
    return statements;
  }
}
