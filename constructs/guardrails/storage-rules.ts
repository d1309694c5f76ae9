/**
 * Data at rest: S3 buckets (with their companion resources linked by the `bucket` reference), KMS keys and
 * CloudWatch log groups.
 */
import { block, blocks, designates, GuardrailRule, isLiteral, isTrue, RuleContext, show, strings, SynthesizedResource } from './rule';
import { isAnyPrincipal, parsePolicy } from './policy-document';

/** Companion resources of a bucket (public access block, encryption, versioning, policy, ACL). */
function companions(bucket: SynthesizedResource, context: RuleContext, type: string): SynthesizedResource[] {
  return context.resourcesOf(type).filter((companion) => designates(companion.config.bucket, bucket, 'bucket'));
}

/** Where resources send logs to S3: a bucket named here is a log bucket (its objects are re-creatable evidence, not data). */
const LOG_DESTINATIONS: readonly { readonly type: string; readonly values: (config: Record<string, any>) => unknown[] }[] = [
  { type: 'aws_cloudfront_distribution', values: (config) => [block(config.logging_config)?.bucket] },
  { type: 'aws_globalaccelerator_accelerator', values: (config) => [block(config.attributes)?.flow_logs_s3_bucket] },
  { type: 'aws_s3_bucket_logging', values: (config) => [config.target_bucket] },
  { type: 'aws_s3_bucket', values: (config) => [block(config.logging)?.target_bucket] },
  { type: 'aws_lb', values: (config) => [block(config.access_logs)?.bucket, block(config.connection_logs)?.bucket] },
  { type: 'aws_alb', values: (config) => [block(config.access_logs)?.bucket, block(config.connection_logs)?.bucket] },
  { type: 'aws_flow_log', values: (config) => [config.log_destination] },
  { type: 'aws_cloudtrail', values: (config) => [config.s3_bucket_name] },
  { type: 'aws_wafv2_web_acl_logging_configuration', values: (config) => strings(config.log_destination_configs) },
];

/** A bucket some resource in the same stack delivers logs to. */
export function isLogBucket(bucket: SynthesizedResource, context: RuleContext): boolean {
  return LOG_DESTINATIONS.some(({ type, values }) =>
    context
      .resourcesOf(type)
      .some((source) => source !== bucket && values(source.config).some((value) => value !== undefined && designates(value, bucket, 'bucket'))),
  );
}

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];
const PUBLIC_GRANTEES = ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'];
const ENCRYPTION_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const STORAGE_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-S3-001',
    title: 'Every bucket has a public access block with all four settings on, so no ACL or policy can make it public.',
    fix: 'Create the bucket with PrivateBucket (constructs/primitives/private-bucket.ts), or add aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets = true.',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      const blocksOfBucket = companions(bucket, context, 'aws_s3_bucket_public_access_block');
      if (blocksOfBucket.length === 0) return ['has no aws_s3_bucket_public_access_block'];
      const settings = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
      const off = settings.filter((setting) => !blocksOfBucket.some((item) => isTrue(item.config[setting])));
      return off.length > 0 ? [`public access block leaves ${off.join(', ')} off`] : [];
    },
  },
  {
    id: 'SPW-S3-002',
    title: 'Every bucket declares default server-side encryption (SSE-S3 or SSE-KMS).',
    fix: 'Add aws_s3_bucket_server_side_encryption_configuration with apply_server_side_encryption_by_default.sse_algorithm AES256 or aws:kms (PrivateBucket does).',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      const rules = [
        ...companions(bucket, context, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((item) => blocks(item.config.rule)),
        ...blocks(block(bucket.config.server_side_encryption_configuration)?.rule),
      ];
      const algorithms = rules.map((rule) => block(rule.apply_server_side_encryption_by_default)?.sse_algorithm);
      if (algorithms.some((algorithm) => ENCRYPTION_ALGORITHMS.includes(algorithm))) return [];
      return [rules.length === 0 ? 'has no server-side encryption configuration' : `sse_algorithm is ${show(algorithms)}, not one of ${ENCRYPTION_ALGORITHMS.join(', ')}`];
    },
  },
  {
    id: 'SPW-S3-003',
    title: 'Every bucket policy denies requests that do not use TLS (aws:SecureTransport = false).',
    fix: 'Attach a bucket policy that starts with PrivateBucket.tlsOnlyStatement(): Deny s3:* to * on the bucket and bucket/* when aws:SecureTransport is false (PrivateBucket.attachPolicy).',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      const policies = companions(bucket, context, 'aws_s3_bucket_policy');
      if (policies.length === 0) return ['has no aws_s3_bucket_policy, so plain-HTTP requests are not refused'];
      for (const policy of policies) {
        const parsed = parsePolicy(policy.config.policy, context);
        if (parsed?.kind !== 'parsed') continue;
        const denies = parsed.statements.some((statement) => {
          if (statement.effect !== 'Deny' || !isAnyPrincipal(statement)) return false;
          if (!statement.actions.some((action) => action === '*' || action.toLowerCase() === 's3:*')) return false;
          const secure = Object.entries(statement.conditions.Bool ?? {}).find(([key]) => key.toLowerCase() === 'aws:securetransport');
          if (!secure || !secure[1].includes('false')) return false;
          const objects = statement.resources.some((resource) => resource === '*' || resource.endsWith('/*'));
          const bucketItself = statement.resources.some((resource) => resource === '*' || !resource.endsWith('/*'));
          return objects && bucketItself;
        });
        if (denies) return [];
      }
      return [`bucket policy ${policies.map((policy) => policy.address).join(', ')} has no statement denying s3:* on the bucket and its objects when aws:SecureTransport is "false"`];
    },
  },
  {
    id: 'SPW-S3-004',
    title: 'Buckets that hold data (every bucket that is not a log destination) keep object versions, so an overwrite or delete can be undone (checkov CKV_AWS_21).',
    fix: 'Add aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" (PrivateBucket versioning: true). Log buckets are recognized by the CloudFront, accelerator, load balancer, S3 access log or VPC flow log resource that writes to them.',
    appliesTo: ['aws_s3_bucket'],
    check: (bucket, context) => {
      if (isLogBucket(bucket, context)) return [];
      const statuses = companions(bucket, context, 'aws_s3_bucket_versioning').map((item) => block(item.config.versioning_configuration)?.status);
      if (statuses.includes('Enabled') || isTrue(block(bucket.config.versioning)?.enabled)) return [];
      return [statuses.length === 0 ? 'has no aws_s3_bucket_versioning and no resource writes logs to it' : `versioning status is ${show(statuses)}, not "Enabled"`];
    },
  },
  {
    id: 'SPW-S3-005',
    title: 'No bucket ACL grants access to everyone or to every AWS account.',
    fix: 'Remove the public canned ACL or grant; share objects through CloudFront with Origin Access Control instead.',
    appliesTo: ['aws_s3_bucket', 'aws_s3_bucket_acl'],
    check: (resource) => {
      const config = resource.config;
      if (PUBLIC_ACLS.includes(config.acl)) return [`acl is ${show(config.acl)}`];
      const grants = [
        ...blocks(block(config.access_control_policy)?.grant).map((grant) => block(grant.grantee)?.uri),
        ...blocks(config.grant).map((grant) => grant.uri),
      ];
      const open = grants.filter((uri) => PUBLIC_GRANTEES.includes(uri));
      return open.length > 0 ? [`grants access to ${open.join(', ')}`] : [];
    },
  },
  {
    id: 'SPW-S3-006',
    title: 'No bucket policy allows anyone (Principal "*") without a condition that narrows who it is.',
    fix: 'Name the principal (a service such as cloudfront.amazonaws.com, or a role ARN) or add a condition such as aws:SourceArn.',
    appliesTo: ['aws_s3_bucket_policy'],
    check: (resource, context) => {
      const parsed = parsePolicy(resource.config.policy, context);
      if (parsed?.kind !== 'parsed') return [];
      return parsed.statements
        .filter((statement) => statement.effect === 'Allow' && isAnyPrincipal(statement) && Object.keys(statement.conditions).length === 0)
        .map((statement) => `allows ${show(statement.actions)} to any principal without a condition`);
    },
  },
  {
    id: 'SPW-KMS-001',
    title: 'Symmetric customer KMS keys rotate their key material yearly (checkov CKV_AWS_7).',
    fix: 'Set enable_key_rotation = true (asymmetric and HMAC keys, which cannot rotate, are exempt).',
    appliesTo: ['aws_kms_key'],
    check: (resource) => {
      const spec = resource.config.customer_master_key_spec ?? resource.config.key_spec ?? 'SYMMETRIC_DEFAULT';
      if (spec !== 'SYMMETRIC_DEFAULT') return [];
      return isTrue(resource.config.enable_key_rotation) ? [] : [`enable_key_rotation is ${show(resource.config.enable_key_rotation ?? 'unset (false)')}, not true`];
    },
  },
  {
    id: 'SPW-LOG-001',
    title: 'Log groups have a bounded retention, so logs neither vanish early nor grow (and bill) forever.',
    fix: 'Set retention_in_days (cluster.logRetentionDays for the control-plane logs).',
    appliesTo: ['aws_cloudwatch_log_group'],
    check: (resource) => {
      const days = resource.config.retention_in_days;
      return isLiteral(days) && Number(days) > 0 ? [] : [`retention_in_days is ${show(days ?? 'unset (never expire)')}`];
    },
  },
];
