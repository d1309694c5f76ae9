import { LoadBalancerAlarms } from '../../../../constructs/monitoring/load-balancer-alarms';
import { AcceleratorTrafficAlarm } from '../../../../constructs/monitoring/accelerator-traffic-alarm';
import { AlarmTopic } from '../../../../constructs/monitoring/alarm-topic';
import { CustomerKey } from '../../../../constructs/primitives/customer-key';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const TOPIC = 'arn:aws:sns:us-west-2:111122223333:alarms';

describe('LoadBalancerAlarms', () => {
  const synth = synthWithAws((scope, provider) => {
    const alarms = new LoadBalancerAlarms(scope, 'nlb-alarms', {
      provider,
      namePrefix: 'spillway-test-nlb',
      loadBalancerArnSuffix: 'net/spillway/abc',
      targetGroups: [{ name: 'http', arnSuffix: 'targetgroup/http/1' }, { name: 'grpc', arnSuffix: 'targetgroup/grpc/2' }],
      minHealthyTargets: 2,
      maxTargetResetsPerMinute: 50,
      evaluationPeriods: 3,
      alarmTopicArn: TOPIC,
    });
    expect(alarms.alarms.map((alarm) => alarm.name)).toEqual(['spillway-test-nlb-http-healthy-targets', 'spillway-test-nlb-grpc-healthy-targets', 'spillway-test-nlb-target-resets']);
  });
  const alarms = resourcesOf(synth, 'aws_cloudwatch_metric_alarm');
  const byName = (name: string) => alarms.find((alarm) => alarm.alarm_name === name);

  it('alarms per target group below the healthy-target minimum, missing data breaching', () => {
    expect(byName('spillway-test-nlb-grpc-healthy-targets')).toMatchObject({
      namespace: 'AWS/NetworkELB',
      metric_name: 'HealthyHostCount',
      statistic: 'Minimum',
      dimensions: { LoadBalancer: 'net/spillway/abc', TargetGroup: 'targetgroup/grpc/2' },
      comparison_operator: 'LessThanThreshold',
      threshold: 2,
      period: 60,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: 'breaching',
    });
  });

  it('alarms on target resets above the per-minute maximum, no data meaning no resets', () => {
    expect(byName('spillway-test-nlb-target-resets')).toMatchObject({
      metric_name: 'TCP_Target_Reset_Count',
      statistic: 'Sum',
      dimensions: { LoadBalancer: 'net/spillway/abc' },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 50,
      treat_missing_data: 'notBreaching',
    });
  });

  it('notifies the topic on ALARM and on OK', () => {
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) expect(alarm).toMatchObject({ alarm_actions: [TOPIC], ok_actions: [TOPIC] });
  });
});

describe('AcceleratorTrafficAlarm', () => {
  const synth = synthWithAws(
    (scope, provider) =>
      new AcceleratorTrafficAlarm(scope, 'ga', {
        provider,
        name: 'spillway-test-eu-west-1-accelerator-idle',
        acceleratorArn: 'arn:aws:globalaccelerator::111122223333:accelerator/1234abcd',
        listenerArns: ['arn:aws:globalaccelerator::111122223333:accelerator/1234abcd/listener/aaaa', 'arn:aws:globalaccelerator::111122223333:accelerator/1234abcd/listener/bbbb'],
        endpointGroupRegion: 'eu-west-1',
        idleMinutes: 5,
        alarmTopicArn: TOPIC,
      }),
  );
  const alarm = onlyResource(synth, 'aws_cloudwatch_metric_alarm');

  it('sums ProcessedBytesIn of every listener to the region and alarms below one byte for the idle minutes', () => {
    const metrics = alarm.metric_query.filter((query: any) => query.metric);
    expect(metrics).toHaveLength(2);
    for (const query of metrics) {
      expect(query.metric).toMatchObject({ namespace: 'AWS/GlobalAccelerator', metric_name: 'ProcessedBytesIn', stat: 'Sum', period: 60 });
      expect(query.metric.dimensions.EndpointGroup).toBe('eu-west-1');
      expect(query.metric.dimensions.Accelerator).toMatch(/^\$\{element\(split\("\/", "arn:aws:globalaccelerator::111122223333:accelerator\/1234abcd"\), 1\)\}$/);
      expect(query.metric.dimensions.Listener).toMatch(/split\("\/", "arn:aws:globalaccelerator::111122223333:accelerator\/1234abcd\/listener\/(aaaa|bbbb)"\), 3\)/);
      expect(query.return_data).toBe(false);
    }
    const expression = alarm.metric_query.find((query: any) => query.expression);
    expect(expression).toMatchObject({ id: 'bytes', expression: 'FILL(m0, 0) + FILL(m1, 0)', return_data: true });
    expect(alarm).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 1, evaluation_periods: 5, datapoints_to_alarm: 5, treat_missing_data: 'breaching' });
  });

  it('needs a listener', () => {
    expect(() =>
      synthWithAws(
        (scope, provider) =>
          new AcceleratorTrafficAlarm(scope, 'ga', { provider, name: 'x', acceleratorArn: 'arn', listenerArns: [], endpointGroupRegion: 'eu-west-1', idleMinutes: 5, alarmTopicArn: TOPIC }),
      ),
    ).toThrow(/at least one listener/);
  });
});

describe('AlarmTopic and CustomerKey', () => {
  const synth = synthWithAws((scope, provider) => {
    const key = new CustomerKey(scope, 'key', { provider, region: 'us-west-2', name: 'spillway-test-alarms', description: 'alarms' }).allowCloudWatchAlarms();
    new AlarmTopic(scope, 'topic', { provider, name: 'spillway-test-alarms', kmsKeyArn: key.arn });
  });

  it('encrypts the topic with the customer key, once its policy admits CloudWatch', () => {
    expect(onlyResource(synth, 'aws_sns_topic')).toMatchObject({
      name: 'spillway-test-alarms',
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key_policy\.key_policy_[A-Z0-9]+\.key_id\}$/),
    });
  });

  it('is a rotating key whose own policy lets CloudWatch alarms publish to encrypted topics', () => {
    expect(onlyResource(synth, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const statements = JSON.parse(onlyResource(synth, 'aws_kms_key_policy').policy).Statement;
    expect(statements.map((statement: { Sid: string }) => statement.Sid)).toEqual(['AccountAdministersKey', 'CloudWatchAlarmsPublishToEncryptedTopics']);
    expect(statements[1]).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    expect(onlyResource(synth, 'aws_kms_alias').name).toBe('alias/spillway-test-alarms');
  });
});
