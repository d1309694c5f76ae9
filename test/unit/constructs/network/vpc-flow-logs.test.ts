import { VpcFlowLogs } from '../../../../constructs/network/vpc-flow-logs';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const KEY = 'arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('VpcFlowLogs', () => {
  describe('to CloudWatch Logs', () => {
    const synth = synthWithAws(
      (scope, provider) =>
        new VpcFlowLogs(scope, 'flow', { provider, name: 'c1', vpcId: 'vpc-1', destination: { type: 'cloud-watch-logs', kmsKeyArn: KEY, retentionDays: 90 } }),
    );

    it('records all traffic of the VPC in 10-minute records into its own encrypted, bounded log group', () => {
      const log = onlyResource(synth, 'aws_flow_log');
      expect(log).toMatchObject({ vpc_id: 'vpc-1', traffic_type: 'ALL', max_aggregation_interval: 600, log_destination_type: 'cloud-watch-logs' });
      const group = onlyResource(synth, 'aws_cloudwatch_log_group');
      expect(group).toMatchObject({ name: '/spillway/vpc-flow-logs/c1', retention_in_days: 90, kms_key_id: KEY });
      expect(log.log_destination).toMatch(/aws_cloudwatch_log_group\.flow_log-group_[0-9A-F]+\.arn/);
    });

    it('writes through a role only VPC Flow Logs assumes, allowed to write only that group', () => {
      const role = onlyResource(synth, 'aws_iam_role');
      expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
      expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals['aws:SourceAccount']).toMatch(/^\$\{local\.flow_account_[0-9A-F]+\}$/);
      const [statement] = JSON.parse(onlyResource(synth, 'aws_iam_role_policy').policy).Statement;
      expect(statement.Resource.every((resource: string) => resource.includes('aws_cloudwatch_log_group.flow_log-group_'))).toBe(true);
      expect(statement.Action).not.toContain('logs:CreateLogGroup');
    });
  });

  it('to S3: Parquet, hourly partitions, the given destination, no role', () => {
    const synth = synthWithAws(
      (scope, provider) =>
        new VpcFlowLogs(scope, 'flow', {
          provider,
          name: 'c1',
          vpcId: 'vpc-1',
          trafficType: 'REJECT',
          maxAggregationIntervalSeconds: 60,
          destination: { type: 's3', destinationArn: 'arn:aws:s3:::logs/vpc-flow-logs/' },
        }),
    );
    const log = onlyResource(synth, 'aws_flow_log');
    expect(log).toMatchObject({ log_destination_type: 's3', log_destination: 'arn:aws:s3:::logs/vpc-flow-logs/', traffic_type: 'REJECT', max_aggregation_interval: 60 });
    expect(log.destination_options).toMatchObject({ file_format: 'parquet', per_hour_partition: true });
    expect(resourcesOf(synth, 'aws_iam_role')).toEqual([]);
    expect(resourcesOf(synth, 'aws_cloudwatch_log_group')).toEqual([]);
  });
});
