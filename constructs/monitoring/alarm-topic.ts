import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';

export interface AlarmTopicProps {
  /** AWS provider of the region whose alarms publish here (an alarm can only notify a topic in its own region). */
  readonly provider: TerraformProvider;
  /** Topic name, e.g. `spillway-example-us-west-2-alarms`. */
  readonly name: string;
  /**
   * Customer managed KMS key that encrypts the topic; its key policy must let `cloudwatch.amazonaws.com`
   * use kms:GenerateDataKey* and kms:Decrypt, or alarms cannot publish (the AWS managed `alias/aws/sns` key
   * cannot be granted to CloudWatch).
   */
  readonly kmsKeyArn: string;
}

/**
 * The SNS topic a region's CloudWatch alarms notify, encrypted at rest with a customer key. Subscriptions
 * (on-call email, a chat webhook, a pager) are the operator's: they hold addresses that do not belong in code.
 * The default topic policy already lets alarms of the owning account publish.
 */
export class AlarmTopic extends Construct {
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const topic = new SnsTopic(this, 'topic', {
      provider: props.provider,
      name: props.name,
      kmsMasterKeyId: props.kmsKeyArn,
      tags: { Name: props.name },
    });
    this.arn = topic.arn;
    this.name = topic.name;
  }
}
