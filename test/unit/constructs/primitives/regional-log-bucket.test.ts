import { RegionalLogBucket } from '../../../../constructs/primitives/regional-log-bucket';
import { PrivateBucket } from '../../../../constructs/primitives/private-bucket';
import { guardrailWaiversOn } from '../../../../constructs/primitives/guardrail-waiver';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

describe('RegionalLogBucket and PrivateBucket access logs', () => {
  let logs!: RegionalLogBucket;
  const synth = synthWithAws((scope, provider) => {
    logs = new RegionalLogBucket(scope, 'logs', { provider, bucketPrefix: 'spillway-test-s3log-', retentionDays: 30 });
    new PrivateBucket(scope, 'data', {
      provider,
      bucketName: 'data',
      versioning: true,
      noncurrentVersionDays: 14,
      kmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/1',
      accessLogs: logs.accessLogsFor('arn:aws:s3:::data', 's3/data/'),
    });
  });
  const ofBucket = (type: string, bucket: RegExp) => resourcesOf(synth, type).filter((resource) => bucket.test(resource.bucket));

  it('logs the data bucket into the log bucket under its prefix, admitting S3 log delivery for that source only', () => {
    const logging = onlyResource(synth, 'aws_s3_bucket_logging');
    expect(logging).toMatchObject({ target_prefix: 's3/data/' });
    expect(logging.target_bucket).toMatch(/aws_s3_bucket\.logs_bucket_[0-9A-F]+\.bucket/);
    const policy = JSON.parse(ofBucket('aws_s3_bucket_policy', /logs_bucket_/)[0].policy);
    const delivery = policy.Statement.find((statement: any) => statement.Sid === 'S3ServerAccessLogDelivery');
    expect(delivery).toMatchObject({ Principal: { Service: 'logging.s3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::data'] } } });
    expect(policy.Statement.some((statement: any) => statement.Sid === 'FlowLogDeliveryWrite')).toBe(false);
  });

  it('keeps the log bucket on SSE-S3 (the only encryption access logging delivers to), versioned and expiring', () => {
    const [encryption] = ofBucket('aws_s3_bucket_server_side_encryption_configuration', /logs_bucket_/);
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    const [lifecycle] = ofBucket('aws_s3_bucket_lifecycle_configuration', /logs_bucket_/);
    expect(lifecycle.rule[0]).toMatchObject({ expiration: [{ days: 30 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
    expect(guardrailWaiversOn(logs).map((waiver) => waiver.rule)).toEqual(['SPW-S3-008']);
  });

  it('encrypts the data bucket with the customer key and a bucket key, and expires its old versions', () => {
    const [encryption] = resourcesOf(synth, 'aws_s3_bucket_server_side_encryption_configuration').filter((item) => item.bucket.includes('data_bucket'));
    expect(encryption.rule[0]).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:us-west-2:111122223333:key/1' },
      bucket_key_enabled: true,
    });
    const [lifecycle] = resourcesOf(synth, 'aws_s3_bucket_lifecycle_configuration').filter((item) => item.bucket.includes('data_bucket'));
    expect(lifecycle.rule[0]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 14 }] });
    expect(lifecycle.rule[0].expiration).toBeUndefined();
  });

  it('admits VPC flow log delivery under vpc-flow-logs/ once asked', () => {
    const out = synthWithAws((scope, provider) => {
      const bucket = new RegionalLogBucket(scope, 'logs', { provider, bucketName: 'flow', retentionDays: 30 });
      expect(bucket.allowFlowLogs()).toMatch(/\/vpc-flow-logs\/$/);
    });
    const policy = JSON.parse(onlyResource(out, 'aws_s3_bucket_policy').policy);
    expect(policy.Statement.find((statement: any) => statement.Sid === 'FlowLogDeliveryWrite').Resource).toMatch(/\/vpc-flow-logs\/AWSLogs\/\*$/);
  });
});
