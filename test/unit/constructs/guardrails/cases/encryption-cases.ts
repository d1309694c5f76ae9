import { Construct } from 'constructs';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { PrivateBucket } from '../../../../../constructs/primitives/private-bucket';
import { CustomerKey } from '../../../../../constructs/primitives/customer-key';
import { RuleCase } from '../helpers';
import { bucket } from './storage-cases';

const key = (scope: Construct, provider: AwsProvider) =>
  new CustomerKey(scope, 'key', { provider, region: 'us-west-2', name: 'test', description: 'logs and data' }).allowCloudWatchLogs();

/** A data bucket as the model repository builds it, with `change` to its PrivateBucket props. */
const dataBucket = (change: Partial<ConstructorParameters<typeof PrivateBucket>[2]> = {}) => (scope: Construct, provider: AwsProvider) => {
  new PrivateBucket(scope, 'data', {
    provider,
    bucketName: 'data',
    versioning: true,
    noncurrentVersionDays: 30,
    kmsKeyArn: key(scope, provider).arn,
    // A log bucket outside this stack, so only the data bucket is judged.
    accessLogs: { targetBucket: 'central-access-logs', targetPrefix: 's3/data/' },
    ...change,
  });
};

const controlPlane = (retentionInDays: number, logTypes: string[] = ['api', 'audit', 'authenticator']) => (scope: Construct, provider: AwsProvider) => {
  new EksCluster(scope, 'cluster', {
    provider,
    name: 'c1',
    roleArn: 'arn:aws:iam::111122223333:role/eks',
    vpcConfig: { subnetIds: ['subnet-1'] },
    enabledClusterLogTypes: logTypes,
  });
  new CloudwatchLogGroup(scope, 'control-plane', { provider, name: '/aws/eks/c1/cluster', retentionInDays, kmsKeyId: key(scope, provider).arn });
};

export const ENCRYPTION_CASES: RuleCase[] = [
  {
    rule: 'SPW-S3-007',
    name: 'data bucket with SSE-KMS and a customer key',
    pass: dataBucket(),
    fail: dataBucket({ kmsKeyArn: undefined }),
    problem: /default encryption is \["AES256"\], not "aws:kms" with a customer key/,
    address: /^aws_s3_bucket\.data_bucket_[0-9A-F]+$/,
  },
  {
    rule: 'SPW-S3-007',
    name: 'SSE-KMS needs a customer key and a bucket key',
    pass: dataBucket(),
    fail: (scope, provider) => {
      const created = bucket(scope, provider, 'data', { encryption: false });
      new S3BucketServerSideEncryptionConfigurationA(scope, 'data-kms', {
        provider,
        bucket: created.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } }],
      });
    },
    problem: /kms_master_key_id is "alias\/aws\/s3", not a customer key; bucket_key_enabled is not true/,
  },
  {
    rule: 'SPW-S3-008',
    name: 'server access logging',
    pass: dataBucket(),
    fail: dataBucket({ accessLogs: undefined }),
    problem: /has no aws_s3_bucket_logging/,
    address: /^aws_s3_bucket\.data_bucket_[0-9A-F]+$/,
  },
  {
    rule: 'SPW-S3-009',
    name: 'noncurrent versions expire',
    pass: dataBucket(),
    fail: dataBucket({ noncurrentVersionDays: undefined }),
    problem: /is versioned but no enabled lifecycle rule has noncurrent_version_expiration/,
    address: /^aws_s3_bucket\.data_bucket_[0-9A-F]+$/,
  },
  {
    rule: 'SPW-KMS-002',
    name: 'explicit key policy',
    pass: key,
    fail: (scope, provider) => new KmsKey(scope, 'bare', { provider, enableKeyRotation: true }),
    problem: /has no policy and no aws_kms_key_policy/,
    address: /^aws_kms_key\.bare$/,
  },
  {
    rule: 'SPW-LOG-002',
    name: 'log group encrypted with a customer key',
    pass: (scope, provider) => new CloudwatchLogGroup(scope, 'logs', { provider, name: 'g', retentionInDays: 30, kmsKeyId: key(scope, provider).arn }),
    fail: (scope, provider) => new CloudwatchLogGroup(scope, 'logs', { provider, name: 'g', retentionInDays: 30 }),
    problem: /kms_key_id is "unset \(CloudWatch Logs' own key\)"/,
    address: /^aws_cloudwatch_log_group\.logs$/,
  },
  {
    rule: 'SPW-LOG-003',
    name: 'audit logs kept a year',
    pass: controlPlane(365),
    fail: controlPlane(90),
    problem: /holds audit logs of cluster "c1" but retention_in_days is 90, under 365/,
    address: /^aws_cloudwatch_log_group\.control-plane$/,
  },
  {
    rule: 'SPW-LOG-003',
    name: 'without audit or authenticator logs the group keeps its own retention',
    pass: controlPlane(30, ['api', 'scheduler']),
    fail: controlPlane(30, ['authenticator']),
    problem: /retention_in_days is 30, under 365/,
  },
  {
    rule: 'SPW-SM-001',
    name: 'secret encrypted with a customer key',
    pass: (scope, provider) => new SecretsmanagerSecret(scope, 'secret', { provider, name: 's', kmsKeyId: key(scope, provider).allowSecretsManager().arn }),
    fail: (scope, provider) => new SecretsmanagerSecret(scope, 'secret', { provider, name: 's' }),
    problem: /kms_key_id is "unset \(aws\/secretsmanager\)"/,
    address: /^aws_secretsmanager_secret\.secret$/,
  },
];
