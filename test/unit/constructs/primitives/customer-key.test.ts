import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CustomerKey } from '../../../../constructs/primitives/customer-key';
import { onlyResource, synthWithAws } from '../helpers';

function synth(grant: (key: CustomerKey, readerArn: string) => void = () => undefined) {
  return synthWithAws((scope, provider) => {
    const key = new CustomerKey(scope, 'key', { provider, region: 'us-west-2', name: 'spillway-test', description: 'logs and data' });
    const reader = new IamRole(scope, 'reader', { provider, name: 'reader', assumeRolePolicy: '{}' });
    grant(key, reader.arn);
    new CloudwatchLogGroup(scope, 'logs', { provider, name: 'g', kmsKeyId: key.arn, retentionInDays: 30 });
  });
}

const statements = (synth: any) => JSON.parse(onlyResource(synth, 'aws_kms_key_policy').policy).Statement;

describe('CustomerKey', () => {
  it('rotates, waits 30 days before deletion and has an alias', () => {
    const out = synth();
    expect(onlyResource(out, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(onlyResource(out, 'aws_kms_alias').name).toBe('alias/spillway-test');
  });

  it('lets the account root administer but not use the key, naming the account from the key ARN', () => {
    const out = synth();
    const [admin] = statements(out);
    expect(admin.Principal.AWS).toMatch(/^arn:\$\{local\.key_partition_[0-9A-F]+\}:iam::\$\{local\.key_account_[0-9A-F]+\}:root$/);
    expect(Object.values(out.locals).map(String)).toEqual(expect.arrayContaining([expect.stringMatching(/element\(split\(":", aws_kms_key\.key_[0-9A-F]+\.arn\), 4\)/)]));
    expect(admin.Action).toContain('kms:Put*');
    expect(admin.Action.some((action: string) => /Encrypt|Decrypt|GenerateDataKey/.test(action))).toBe(false);
  });

  it('hands out its ARN through the policy resource, so users wait for the policy', () => {
    const out = synth();
    expect(onlyResource(out, 'aws_cloudwatch_log_group').kms_key_id).toMatch(/^\$\{aws_kms_key_policy\.key_policy_[0-9A-F]+\.key_id\}$/);
  });

  it('scopes CloudWatch Logs to log groups of its region and account', () => {
    const logs = statements(synth((key) => key.allowCloudWatchLogs().allowCloudWatchLogs())).filter((s: any) => s.Sid === 'CloudWatchLogsOfThisAccount');
    expect(logs).toHaveLength(1);
    expect(logs[0].Principal).toEqual({ Service: 'logs.us-west-2.amazonaws.com' });
    expect(logs[0].Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toMatch(/^arn:.*:logs:us-west-2:.*:log-group:\*$/);
  });

  it('admits readers and CloudFront only through S3 and one distribution', () => {
    const all = statements(
      synth((key, readerArn) => key.allowS3Readers('ModelReaders', [readerArn]).allowCloudFrontDistribution('Cdn', 'arn:aws:cloudfront::111122223333:distribution/E1')),
    );
    const readers = all.find((s: any) => s.Sid === 'ModelReaders');
    expect(readers).toMatchObject({ Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } } });
    expect(readers.Principal.AWS).toEqual(['${aws_iam_role.reader.arn}']);
    const cdn = all.find((s: any) => s.Sid === 'Cdn');
    expect(cdn).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' });
    expect(cdn.Condition.StringEquals['aws:SourceArn']).toBe('arn:aws:cloudfront::111122223333:distribution/E1');
  });
});
