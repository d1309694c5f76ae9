import { Construct } from 'constructs';
import { Fn, TerraformLocal, TerraformProvider } from 'cdktf';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument } from '../primitives/iam-documents';

/** Where flow records go: an encrypted log group of their own, or a log bucket (which must admit log delivery). */
export type VpcFlowLogDestination =
  | {
      readonly type: 'cloud-watch-logs';
      /** Customer KMS key of the log group; its policy must admit CloudWatch Logs of the region. */
      readonly kmsKeyArn: string;
      /** Retention of the log group, in days CloudWatch Logs accepts. */
      readonly retentionDays: number;
    }
  | {
      readonly type: 's3';
      /** `arn:aws:s3:::<bucket>/<prefix>/`, from `RegionalLogBucket.allowFlowLogs()`. */
      readonly destinationArn: string;
    };

export interface VpcFlowLogsProps {
  /** AWS provider of the VPC's region. */
  readonly provider: TerraformProvider;
  /** Prefix of the log group, role and Name tag, e.g. the cluster name. */
  readonly name: string;
  /** The VPC whose traffic is recorded. */
  readonly vpcId: string;
  /** CloudWatch Logs (encrypted group, bounded retention) or S3 (the region's log bucket). */
  readonly destination: VpcFlowLogDestination;
  /** ALL, ACCEPT or REJECT. @default ALL */
  readonly trafficType?: 'ALL' | 'ACCEPT' | 'REJECT';
  /** 60 or 600 seconds per flow record. @default 600 */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
}

/**
 * Flow logs of one VPC. To CloudWatch Logs: a log group `/spillway/vpc-flow-logs/<name>` encrypted with a
 * customer key and a bounded retention, written by a role only VPC Flow Logs can assume and that may only
 * write that group. To S3: hourly-partitioned Parquet objects in the region's log bucket.
 */
export class VpcFlowLogs extends Construct {
  readonly flowLogId: string;
  /** The log group, when the destination is CloudWatch Logs. */
  readonly logGroupName?: string;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const { provider, destination } = props;
    const common = {
      provider,
      vpcId: props.vpcId,
      trafficType: props.trafficType ?? 'ALL',
      maxAggregationInterval: props.maxAggregationIntervalSeconds ?? 600,
      tags: { Name: `${props.name}-flow-logs` },
    };

    if (destination.type === 'cloud-watch-logs') {
      const group = new CloudwatchLogGroup(this, 'log-group', {
        provider,
        name: `/spillway/vpc-flow-logs/${props.name}`,
        retentionInDays: destination.retentionDays,
        kmsKeyId: destination.kmsKeyArn,
      });
      const role = new IamRole(this, 'role', {
        provider,
        name: `${props.name}-vpc-flow-logs`,
        description: `VPC Flow Logs of ${props.name} write to ${group.name}`,
        // Only flow logs of this account may use the role (confused deputy); the account from the group's ARN.
        assumeRolePolicy: policyDocument([
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': new TerraformLocal(this, 'account', Fn.element(Fn.split(':', group.arn), 4)).asString } },
          },
        ]),
      });
      const write = new IamRolePolicy(this, 'role-policy', {
        provider,
        role: role.name,
        name: 'write-flow-log-group',
        policy: policyDocument([
          {
            Sid: 'WriteThisLogGroup',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [group.arn, `${group.arn}:*`],
          },
        ]),
      });
      const log = new FlowLog(this, 'flow-log', {
        ...common,
        logDestinationType: 'cloud-watch-logs',
        logDestination: group.arn,
        iamRoleArn: role.arn,
        dependsOn: [write],
      });
      this.flowLogId = log.id;
      this.logGroupName = group.name;
    } else {
      const log = new FlowLog(this, 'flow-log', {
        ...common,
        logDestinationType: 's3',
        logDestination: destination.destinationArn,
        destinationOptions: { fileFormat: 'parquet', perHourPartition: true, hiveCompatiblePartitions: false },
      });
      this.flowLogId = log.id;
    }
  }
}
