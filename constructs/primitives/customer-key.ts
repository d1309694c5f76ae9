import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { policyDocument, PolicyStatement } from './iam-documents';

export interface CustomerKeyProps {
  /** AWS provider of the region the key lives in. */
  readonly provider: TerraformProvider;
  /** Alias without the `alias/` prefix, e.g. `spillway-example-us-west-2-alarms`. */
  readonly aliasName: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Account that owns the key (may be a Terraform expression): its IAM policies administer and use the key. */
  readonly accountId: string;
  /** Statements letting AWS services use the key (e.g. CloudWatch publishing to an encrypted SNS topic). */
  readonly serviceStatements: readonly PolicyStatement[];
}

/**
 * A symmetric customer managed KMS key with yearly rotation and an alias. Its key policy delegates to the
 * account's IAM policies (the default key policy's root statement, so nobody is locked out) and adds the
 * service statements given; AWS managed keys cannot be granted to other services, which is why these exist.
 */
export class CustomerKey extends Construct {
  readonly arn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const { provider } = props;
    const key = new KmsKey(this, 'key', {
      provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: 'AccountAdministersThroughIam',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        ...props.serviceStatements,
      ]),
      tags: { Name: props.aliasName },
    });
    new KmsAlias(this, 'alias', { provider, name: `alias/${props.aliasName}`, targetKeyId: key.keyId });
    this.arn = key.arn;
    this.keyId = key.keyId;
  }
}
