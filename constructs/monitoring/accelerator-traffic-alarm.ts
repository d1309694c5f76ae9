import { Construct } from 'constructs';
import { Fn, TerraformProvider } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';

/** Global Accelerator publishes its CloudWatch metrics in us-west-2 only, whatever the endpoints' regions. */
export const ACCELERATOR_METRICS_REGION = 'us-west-2';

export interface AcceleratorTrafficAlarmProps {
  /** AWS provider of us-west-2 (`ACCELERATOR_METRICS_REGION`), where the metrics are. */
  readonly provider: TerraformProvider;
  /** Alarm name. */
  readonly name: string;
  /** The accelerator's ARN (`...:accelerator/<id>`); the `Accelerator` dimension is its id. */
  readonly acceleratorArn: string;
  /** ARNs of the listeners whose traffic to the region counts (`.../listener/<id>`): their bytes are summed. */
  readonly listenerArns: readonly string[];
  /** Region of the endpoint group (the `EndpointGroup` dimension value). */
  readonly endpointGroupRegion: string;
  /** Minutes of zero processed bytes before the alarm fires. */
  readonly idleMinutes: number;
  /** SNS topic in us-west-2 notified on ALARM and on OK. */
  readonly alarmTopicArn: string;
}

/**
 * Alarms when the accelerator sends a region no bytes at all for `idleMinutes`: the region is drained or
 * black-holed. `ProcessedBytesIn` of each listener's endpoint group for the region, missing points filled
 * with 0 and summed; a series with no data at all is missing, which counts as breaching.
 */
export class AcceleratorTrafficAlarm extends Construct {
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AcceleratorTrafficAlarmProps) {
    super(scope, id);
    if (props.listenerArns.length === 0) throw new Error(`AcceleratorTrafficAlarm ${props.name}: give at least one listener`);
    const acceleratorId = Fn.element(Fn.split('/', props.acceleratorArn), 1);
    const metrics = props.listenerArns.map((listenerArn, index) => ({
      id: `m${index}`,
      returnData: false,
      metric: {
        namespace: 'AWS/GlobalAccelerator',
        metricName: 'ProcessedBytesIn',
        stat: 'Sum',
        period: 60,
        dimensions: {
          Accelerator: acceleratorId,
          Listener: Fn.element(Fn.split('/', listenerArn), 3),
          EndpointGroup: props.endpointGroupRegion,
        },
      },
    }));
    const alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider: props.provider,
      alarmName: props.name,
      alarmDescription: `Global Accelerator sent ${props.endpointGroupRegion} no bytes for ${props.idleMinutes} min`,
      metricQuery: [
        ...metrics,
        {
          id: 'bytes',
          label: `ProcessedBytesIn to ${props.endpointGroupRegion}`,
          expression: metrics.map((metric) => `FILL(${metric.id}, 0)`).join(' + '),
          returnData: true,
        },
      ],
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      evaluationPeriods: props.idleMinutes,
      datapointsToAlarm: props.idleMinutes,
      treatMissingData: 'breaching',
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
      tags: { Name: props.name },
    });
    this.arn = alarm.arn;
    this.name = props.name;
  }
}
