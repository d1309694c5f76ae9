/** `cdn`: CloudFront with its WAF web ACL over the artifact bucket. */
import { z } from 'zod';
import { acmCertificateArn, awsRegion, s3BucketName, strictObject } from './common';

/** WAF's bounds for a rate-based rule's `Limit` (requests per evaluation window, per aggregation key). */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

export const cdnSchema = strictObject({
  /** Bucket names; unique names with prefixes `spillway-<environment>-cdn-` / `-cdnlog-` when absent. */
  bucketNames: strictObject({
    /** Static assets and published model artifacts (the origin). */
    artifacts: s3BucketName.optional(),
    /** CloudFront standard logs. */
    logs: s3BucketName.optional(),
  }).default({}),
  /** Custom domain names of the distribution; need `certificateArn`. @default [] */
  aliases: z
    .array(z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name like cdn.example.com'))
    .default([]),
  /** ACM certificate in us-east-1 covering `aliases` (CloudFront only reads certificates from us-east-1). */
  certificateArn: acmCertificateArn.optional(),
  /** Origin Shield region, ideally the origin bucket's region (the primary region). @default off */
  originShieldRegion: awsRegion.optional(),
  /** `https-only` refuses plain HTTP; `redirect-to-https` answers it with a redirect. @default https-only */
  viewerProtocolPolicy: z.enum(['https-only', 'redirect-to-https']).default('https-only'),
  /** Path patterns whose objects never change once published (versioned paths): cached up to a year. */
  immutablePathPatterns: z
    .array(z.string().min(1).max(255).regex(/^\/?[A-Za-z0-9_.*\-/~$&+,:;=@]+$/, 'a CloudFront path pattern like /models/*'))
    .max(20)
    .default(['/models/*', '/static/v*/*']),
  ttlSeconds: strictObject({
    /** TTL of immutable paths, up to one year. @default 31536000 */
    immutable: z.number().int().min(1).max(31_536_000).default(31_536_000),
    /** Default TTL of everything else (mutable paths such as indexes and manifests). @default 60 */
    mutableDefault: z.number().int().min(0).max(86_400).default(60),
    /** Upper bound on a mutable object's TTL whatever its Cache-Control says. @default 300 */
    mutableMax: z.number().int().min(1).max(86_400).default(300),
  }).default({}),
  /** Days before CloudFront log objects expire. @default 90 */
  logRetentionDays: z.number().int().min(1).max(3650).default(90),
  waf: strictObject({
    /** Requests per 5 minutes from one client IP before the rate-based rule blocks it (WAF allows 10 to 2,000,000,000). */
    rateLimitPer5Minutes: z.number().int().min(WAF_RATE_LIMIT_MIN).max(WAF_RATE_LIMIT_MAX),
  }),
});
