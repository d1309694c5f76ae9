import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';

/** Where a region's FIS experiment logs go: `/aws/fis/<prefix>`. */
export const experimentLogGroupName = (prefix: string) => `/aws/fis/${prefix}`;

export interface ExperimentLogGroupProps {
  /** AWS provider of the experiments' region. */
  readonly provider: TerraformProvider;
  /** Log group name suffix, e.g. the cluster name: the group is `/aws/fis/<namePrefix>`. */
  readonly namePrefix: string;
  /** Days before log events expire (a value CloudWatch Logs accepts). */
  readonly retentionDays: number;
  /**
   * Customer managed KMS key that encrypts the group; its key policy must allow `logs.<region>.amazonaws.com`
   * (with an encryption context condition on this group's ARN) or CloudWatch Logs rejects the association.
   */
  readonly kmsKeyArn: string;
}

/** The encrypted, bounded log group every FIS template of a region writes its experiment log to. */
export class ExperimentLogGroup extends Construct {
  readonly name: string;
  readonly arn: string;
  /** The form FIS `log_configuration` wants: the group ARN followed by `:*`. */
  readonly fisLogGroupArn: string;

  constructor(scope: Construct, id: string, props: ExperimentLogGroupProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, 'log-group', {
      provider: props.provider,
      name: experimentLogGroupName(props.namePrefix),
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
      tags: { Name: experimentLogGroupName(props.namePrefix) },
    });
    this.name = group.name;
    this.arn = group.arn;
    this.fisLogGroupArn = `${group.arn}:*`;
  }
}
