import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** A target group the alarms watch. */
export interface WatchedTargetGroup {
  /** Short name for the alarm name, e.g. `http` or `grpc`. */
  readonly name: string;
  /** The target group's `arn_suffix` (`targetgroup/<name>/<id>`), the CloudWatch dimension value. */
  readonly arnSuffix: string;
}

/** A CloudWatch alarm others can use as an FIS stop condition. */
export interface NamedAlarm {
  readonly name: string;
  readonly arn: string;
}

export interface LoadBalancerAlarmsProps {
  /** AWS provider of the NLB's region. */
  readonly provider: TerraformProvider;
  /** Prefix of the alarm names, e.g. the cluster name. */
  readonly namePrefix: string;
  /** The NLB's `arn_suffix` (`net/<name>/<id>`), the `LoadBalancer` dimension value. */
  readonly loadBalancerArnSuffix: string;
  /** Target groups whose healthy host count is watched (one alarm each). */
  readonly targetGroups: readonly WatchedTargetGroup[];
  /** Alarm when a target group has fewer healthy targets than this. */
  readonly minHealthyTargets: number;
  /** Alarm when the NLB resets more connections to targets than this in a minute. */
  readonly maxTargetResetsPerMinute: number;
  /** Consecutive one-minute periods over the threshold before an alarm fires. */
  readonly evaluationPeriods: number;
  /** SNS topic notified on ALARM and on OK. */
  readonly alarmTopicArn: string;
}

/**
 * What a client of one region's NLB feels: a target group short of healthy Triton pods (`HealthyHostCount`
 * minimum below the configured floor; missing data counts as breaching, since an NLB always reports it) and
 * connections reset by targets (`TCP_Target_Reset_Count` sum per minute; no data means no resets).
 */
export class LoadBalancerAlarms extends Construct {
  /** Every alarm, in order: one healthy-targets alarm per target group, then the target-resets alarm. */
  readonly alarms: NamedAlarm[] = [];

  constructor(scope: Construct, id: string, props: LoadBalancerAlarmsProps) {
    super(scope, id);
    const { provider } = props;
    const common = {
      provider,
      namespace: 'AWS/NetworkELB',
      period: 60,
      evaluationPeriods: props.evaluationPeriods,
      datapointsToAlarm: props.evaluationPeriods,
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    };
    for (const group of props.targetGroups) {
      const name = `${props.namePrefix}-${group.name}-healthy-targets`;
      const alarm = new CloudwatchMetricAlarm(this, `${group.name}-healthy-targets`, {
        ...common,
        alarmName: name,
        alarmDescription: `Fewer than ${props.minHealthyTargets} healthy Triton targets behind the ${group.name} listener`,
        metricName: 'HealthyHostCount',
        statistic: 'Minimum',
        dimensions: { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: group.arnSuffix },
        comparisonOperator: 'LessThanThreshold',
        threshold: props.minHealthyTargets,
        treatMissingData: 'breaching',
        tags: { Name: name },
      });
      this.alarms.push({ name, arn: alarm.arn });
    }
    const resetsName = `${props.namePrefix}-target-resets`;
    const resets = new CloudwatchMetricAlarm(this, 'target-resets', {
      ...common,
      alarmName: resetsName,
      alarmDescription: `More than ${props.maxTargetResetsPerMinute} TCP resets from Triton targets per minute`,
      metricName: 'TCP_Target_Reset_Count',
      statistic: 'Sum',
      dimensions: { LoadBalancer: props.loadBalancerArnSuffix },
      comparisonOperator: 'GreaterThanThreshold',
      threshold: props.maxTargetResetsPerMinute,
      treatMissingData: 'notBreaching',
      tags: { Name: resetsName },
    });
    this.alarms.push({ name: resetsName, arn: resets.arn });
  }
}
