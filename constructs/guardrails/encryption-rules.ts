/**
 * Issue 14's posture at the level of checkov's AWS checks: customer-key encryption, key policies, S3 access
 * logs and old-version expiry, log retention for audit. Each rule names the checkov check it maps to.
 */
import { block, blocks, designates, GuardrailRule, isLiteral, isToken, numberOf, referencedAddresses, RuleContext, show, strings, SynthesizedResource } from './rule';
import { isLogBucket } from './storage-rules';

/** Companion resources of a bucket, linked by their `bucket` reference or literal name. */
function companions(bucket: SynthesizedResource, context: RuleContext, type: string): SynthesizedResource[] {
  return context.resourcesOf(type).filter((companion) => designates(companion.config.bucket, bucket, 'bucket'));
}

/** A value naming a customer key: a reference to an `aws_kms_key` (or its policy) or a literal key ARN, never an `alias/aws/*`. */
function isCustomerKey(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false;
  if (isToken(value)) return referencedAddresses(value).some((address) => /^aws_kms_(key|key_policy|replica_key|external_key)\./.test(address));
  return /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(value);
}

/** Log groups EKS writes control-plane logs to: `/aws/eks/<cluster>/cluster`. */
const EKS_LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;
/** Control-plane log types that record who did what to the cluster. */
const AUDIT_LOG_TYPES = ['audit', 'authenticator'];
export const AUDIT_RETENTION_MINIMUM_DAYS = 365;

export const ENCRYPTION_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-S3-007',
    title: 'Buckets that hold data (not log destinations) use SSE-KMS with a customer key and an S3 bucket key (checkov CKV_AWS_145).',
    fix: 'Pass kmsKeyArn to PrivateBucket (the region\'s CustomerKey): sse_algorithm "aws:kms", kms_master_key_id = the key, bucket_key_enabled = true. Log buckets stay SSE-S3: S3 access logging delivers only there.',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      if (isLogBucket(bucket, context)) return [];
      const rules = companions(bucket, context, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((item) => blocks(item.config.rule));
      const kms = rules.find((rule) => String(block(rule.apply_server_side_encryption_by_default)?.sse_algorithm ?? '').startsWith('aws:kms'));
      if (!kms) return [`default encryption is ${show(rules.map((rule) => block(rule.apply_server_side_encryption_by_default)?.sse_algorithm ?? 'unset'))}, not "aws:kms" with a customer key`];
      const problems: string[] = [];
      const key = block(kms.apply_server_side_encryption_by_default)?.kms_master_key_id;
      if (!isCustomerKey(key)) problems.push(`kms_master_key_id is ${show(key ?? 'unset (the AWS managed aws/s3 key)')}, not a customer key`);
      if (kms.bucket_key_enabled !== true && kms.bucket_key_enabled !== 'true') problems.push('bucket_key_enabled is not true: every object operation would call KMS');
      return problems;
    },
  },
  {
    id: 'SPW-S3-008',
    title: 'Every bucket has S3 server access logging into a log bucket, so who read or changed objects can be traced (checkov CKV_AWS_18).',
    fix: 'Give PrivateBucket accessLogs from the region\'s RegionalLogBucket.accessLogsFor(...) (aws_s3_bucket_logging). Log buckets carry a code waiver: logging them would log the log deliveries.',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      const logging = companions(bucket, context, 'aws_s3_bucket_logging');
      if (logging.length > 0 || block(bucket.config.logging)?.target_bucket) return [];
      return ['has no aws_s3_bucket_logging'];
    },
  },
  {
    id: 'SPW-S3-009',
    title: 'Versioned buckets expire noncurrent versions, so replaced data does not accumulate (and bill) forever (checkov CKV2_AWS_61).',
    fix: 'Add an aws_s3_bucket_lifecycle_configuration rule with noncurrent_version_expiration (PrivateBucket noncurrentVersionDays or expireAfterDays).',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      const versioned = companions(bucket, context, 'aws_s3_bucket_versioning').some((item) => block(item.config.versioning_configuration)?.status === 'Enabled');
      if (!versioned) return [];
      const expiring = companions(bucket, context, 'aws_s3_bucket_lifecycle_configuration')
        .flatMap((item) => blocks(item.config.rule))
        .some((rule) => rule.status === 'Enabled' && numberOf(block(rule.noncurrent_version_expiration)?.noncurrent_days) !== undefined);
      return expiring ? [] : ['is versioned but no enabled lifecycle rule has noncurrent_version_expiration'];
    },
  },
  {
    id: 'SPW-KMS-002',
    title: 'Every customer KMS key has an explicit key policy of its own instead of the account default (checkov CKV2_AWS_64).',
    fix: 'Create keys with CustomerKey (constructs/primitives/customer-key.ts), or set policy on aws_kms_key or add an aws_kms_key_policy for it.',
    appliesTo: ['aws_kms_key'],
    check: (key, context) => {
      if (key.config.policy) return [];
      const attached = context.resourcesOf('aws_kms_key_policy').some((policy) => referencedAddresses(policy.config.key_id).includes(key.address) && policy.config.policy);
      return attached ? [] : ['has no policy and no aws_kms_key_policy: the account default policy applies'];
    },
  },
  {
    id: 'SPW-LOG-002',
    title: 'Log groups are encrypted with a customer KMS key (checkov CKV_AWS_158).',
    fix: 'Set kms_key_id to the region\'s CustomerKey ARN; the key policy must admit logs.<region>.amazonaws.com (CustomerKey.allowCloudWatchLogs).',
    appliesTo: ['aws_cloudwatch_log_group'],
    check: (group) => (isCustomerKey(group.config.kms_key_id) ? [] : [`kms_key_id is ${show(group.config.kms_key_id ?? 'unset (CloudWatch Logs\' own key)')}`]),
  },
  {
    id: 'SPW-LOG-003',
    title: `The EKS control-plane log group keeps audit and authenticator logs at least ${AUDIT_RETENTION_MINIMUM_DAYS} days (checkov CKV_AWS_338, applied to the groups that hold audit records).`,
    fix: 'EKS writes every log type to /aws/eks/<cluster>/cluster, so that group keeps security.auditLogRetentionDays (default 365) whenever audit or authenticator logs are on.',
    appliesTo: ['aws_cloudwatch_log_group'],
    check: (group, context) => {
      const name = group.config.name;
      const cluster = typeof name === 'string' ? EKS_LOG_GROUP.exec(name)?.[1] : undefined;
      if (!cluster) return [];
      const auditing = context
        .resourcesOf('aws_eks_cluster')
        .filter((item) => item.config.name === cluster)
        .some((item) => !isLiteral(item.config.enabled_cluster_log_types) || strings(item.config.enabled_cluster_log_types).some((type) => AUDIT_LOG_TYPES.includes(type)));
      if (!auditing) return [];
      const days = numberOf(group.config.retention_in_days);
      return days !== undefined && days >= AUDIT_RETENTION_MINIMUM_DAYS
        ? []
        : [`holds audit logs of cluster ${show(cluster)} but retention_in_days is ${show(group.config.retention_in_days ?? 'unset')}, under ${AUDIT_RETENTION_MINIMUM_DAYS}`];
    },
  },
  {
    id: 'SPW-SM-001',
    title: 'Secrets Manager secrets are encrypted with a customer KMS key, not the AWS managed aws/secretsmanager key (checkov CKV_AWS_149).',
    fix: 'Set kms_key_id to the region\'s CustomerKey ARN (CustomerKey.allowSecretsManager admits Secrets Manager).',
    appliesTo: ['aws_secretsmanager_secret'],
    check: (secret) => (isCustomerKey(secret.config.kms_key_id) ? [] : [`kms_key_id is ${show(secret.config.kms_key_id ?? 'unset (aws/secretsmanager)')}`]),
  },
];
