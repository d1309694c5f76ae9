/** `security`: VPC flow logs, WAF logs, S3 access logs, audit-log retention (issue 14). */
import { z } from 'zod';
import { logRetentionDays } from './cluster';
import { strictObject } from './common';

/** Header names as WAF matches them: lower case letters, digits and dashes. */
const headerName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a lower-case HTTP header name of letters, digits and "-", like x-api-key');

export const securitySchema = strictObject({
  /** VPC flow logs of every region's VPC. @default CloudWatch Logs, all traffic, 90 days */
  flowLogs: strictObject({
    /** `cloud-watch-logs`: a log group encrypted with the region's customer key; `s3`: the region's log bucket. @default cloud-watch-logs */
    destination: z.enum(['cloud-watch-logs', 's3']).default('cloud-watch-logs'),
    /** Which traffic is recorded. @default ALL */
    trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
    /** Seconds a flow record aggregates before it is written: 60 or 600 (cheaper). @default 600 */
    maxAggregationIntervalSeconds: z.union([z.literal(60), z.literal(600)]).default(600),
    /** Days flow logs are kept (log group retention, or object expiry in S3). @default 90 */
    retentionDays: logRetentionDays.default(90),
  }).default({}),
  /** WAF logs of the CDN's web ACL (with `cdn`), to the log group `aws-waf-logs-spillway-<environment>-cdn` in us-east-1. @default 90 days */
  wafLogs: strictObject({
    /** Days WAF logs are kept. @default 90 */
    retentionDays: logRetentionDays.default(90),
    /** Request headers replaced by `REDACTED` in every log record; `authorization` is always added. @default ["x-api-key"] */
    redactedHeaders: z.array(headerName).max(50).default(['x-api-key']),
  }).default({}),
  /** S3 server access logs of the data buckets (model repositories, CDN artifacts), one log bucket per region. @default 90 days */
  accessLogs: strictObject({
    /** Days access log objects are kept. @default 90 */
    retentionDays: z.number().int().min(1).max(3650).default(90),
  }).default({}),
  /**
   * Retention of the EKS control-plane log group when it receives `audit` or `authenticator` logs. EKS writes
   * every log type to the one group `/aws/eks/<cluster>/cluster`, so the group keeps the larger of this and
   * `cluster.logRetentionDays`. @default 365
   */
  auditLogRetentionDays: logRetentionDays
    .refine((days) => days >= 365, 'must be at least 365 (one year, the common audit baseline: CKV_AWS_338)')
    .default(365),
});
