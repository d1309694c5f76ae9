import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { policyDocument, PolicyStatement } from '../../../../../constructs/primitives/iam-documents';
import { RuleCase } from '../helpers';

export interface BucketOptions {
  readonly publicAccessBlock?: boolean;
  readonly blockPublicPolicy?: boolean;
  readonly encryption?: boolean;
  readonly versioning?: 'Enabled' | 'Suspended' | 'none';
  /** `tls-only` (default), `none` (no policy), `allow-only` (a policy without the TLS deny). */
  readonly policy?: 'tls-only' | 'none' | 'allow-only';
  readonly extraStatements?: PolicyStatement[];
}

/** A bucket with its companion resources linked by reference, as PrivateBucket builds it. */
export function bucket(scope: Construct, provider: AwsProvider, id: string, options: BucketOptions = {}): S3Bucket {
  const created = new S3Bucket(scope, id, { provider, bucketPrefix: `${id}-` });
  if (options.publicAccessBlock !== false) {
    new S3BucketPublicAccessBlock(scope, `${id}-pab`, {
      provider,
      bucket: created.id,
      blockPublicAcls: true,
      blockPublicPolicy: options.blockPublicPolicy ?? true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
  if (options.encryption !== false) {
    new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-sse`, {
      provider,
      bucket: created.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
  }
  const versioning = options.versioning ?? 'Enabled';
  if (versioning !== 'none') {
    new S3BucketVersioningA(scope, `${id}-versioning`, { provider, bucket: created.id, versioningConfiguration: { status: versioning } });
  }
  const policy = options.policy ?? 'tls-only';
  if (policy !== 'none') {
    const tls: PolicyStatement = {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [created.arn, `${created.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    const reader: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${created.arn}/*` };
    const statements = [...(policy === 'tls-only' ? [tls] : [reader]), ...(options.extraStatements ?? [])];
    new S3BucketPolicy(scope, `${id}-policy`, { provider, bucket: created.bucket, policy: policyDocument(statements) });
  }
  return created;
}

const withBucket = (options: BucketOptions = {}) => (scope: Construct, provider: AwsProvider) => {
  bucket(scope, provider, 'data', options);
};

export const STORAGE_CASES: RuleCase[] = [
  {
    rule: 'SPW-S3-001',
    name: 'public access block present',
    pass: withBucket(),
    fail: withBucket({ publicAccessBlock: false }),
    problem: /has no aws_s3_bucket_public_access_block/,
    address: /^aws_s3_bucket\.data$/,
  },
  {
    rule: 'SPW-S3-001',
    name: 'public access block complete',
    pass: withBucket(),
    fail: withBucket({ blockPublicPolicy: false }),
    problem: /leaves block_public_policy off/,
  },
  {
    rule: 'SPW-S3-002',
    name: 'default encryption',
    pass: withBucket(),
    fail: withBucket({ encryption: false }),
    problem: /no server-side encryption configuration/,
  },
  {
    rule: 'SPW-S3-003',
    name: 'TLS-only bucket policy',
    pass: withBucket(),
    fail: withBucket({ policy: 'allow-only' }),
    problem: /no statement denying s3:\* .* aws:SecureTransport/,
  },
  {
    rule: 'SPW-S3-003',
    name: 'TLS-only policy from an aws_iam_policy_document',
    pass: (scope, provider) => {
      const created = bucket(scope, provider, 'data', { policy: 'none' });
      const document = new DataAwsIamPolicyDocument(scope, 'tls', {
        provider,
        statement: [
          {
            effect: 'Deny',
            actions: ['s3:*'],
            resources: [created.arn, `${created.arn}/*`],
            principals: [{ type: 'AWS', identifiers: ['*'] }],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      });
      new S3BucketPolicy(scope, 'data-policy', { provider, bucket: created.id, policy: document.json });
    },
    fail: withBucket({ policy: 'none' }),
    problem: /has no aws_s3_bucket_policy/,
  },
  {
    rule: 'SPW-S3-004',
    name: 'versioning where data lives',
    pass: withBucket(),
    fail: withBucket({ versioning: 'Suspended' }),
    problem: /versioning status is \["Suspended"\]/,
  },
  {
    rule: 'SPW-S3-004',
    name: 'log buckets need no versioning, data buckets do',
    pass: (scope, provider) => {
      const data = bucket(scope, provider, 'data');
      const logs = bucket(scope, provider, 'logs', { versioning: 'none' });
      new S3BucketLoggingA(scope, 'access-logs', { provider, bucket: data.id, targetBucket: logs.id, targetPrefix: 'data/' });
    },
    fail: (scope, provider) => {
      bucket(scope, provider, 'logs', { versioning: 'none' });
    },
    problem: /no aws_s3_bucket_versioning and no resource writes logs to it/,
    address: /^aws_s3_bucket\.logs$/,
  },
  {
    rule: 'SPW-S3-005',
    name: 'no public ACL',
    pass: (scope, provider) => {
      const created = bucket(scope, provider, 'data');
      new S3BucketAcl(scope, 'acl', { provider, bucket: created.id, acl: 'private' });
    },
    fail: (scope, provider) => {
      const created = bucket(scope, provider, 'data');
      new S3BucketAcl(scope, 'acl', { provider, bucket: created.id, acl: 'public-read' });
    },
    problem: /acl is "public-read"/,
    address: /^aws_s3_bucket_acl\.acl$/,
  },
  {
    rule: 'SPW-S3-006',
    name: 'no bucket policy open to anyone',
    pass: withBucket({
      extraStatements: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::data/*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
        },
      ],
    }),
    fail: withBucket({ extraStatements: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }),
    problem: /allows \["s3:GetObject"\] to any principal without a condition/,
    address: /^aws_s3_bucket_policy\.data-policy$/,
  },
  {
    rule: 'SPW-KMS-001',
    name: 'key rotation',
    pass: (scope, provider) => {
      new KmsKey(scope, 'key', { provider, enableKeyRotation: true });
      new KmsKey(scope, 'signing', { provider, customerMasterKeySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' });
    },
    fail: (scope, provider) => new KmsKey(scope, 'key', { provider }),
    problem: /enable_key_rotation is "unset \(false\)", not true/,
    address: /^aws_kms_key\.key$/,
  },
  {
    rule: 'SPW-LOG-001',
    name: 'bounded log retention',
    pass: (scope, provider) => new CloudwatchLogGroup(scope, 'logs', { provider, name: '/x', retentionInDays: 90 }),
    fail: (scope, provider) => new CloudwatchLogGroup(scope, 'logs', { provider, name: '/x' }),
    problem: /retention_in_days is "unset \(never expire\)"/,
  },
];
