import { Construct } from 'constructs';
import { Fn, Lazy, TerraformLocal, TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { PolicyStatement, policyDocument } from './iam-documents';

/**
 * What the account root may do with the key: administer it (so IAM admins can always repair the policy, which
 * is what KMS's lockout check needs), but not encrypt or decrypt with it. Use is granted statement by statement.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

export interface CustomerKeyProps {
  /** AWS provider of the key's region. */
  readonly provider: TerraformProvider;
  /** The region of `provider`: names the CloudWatch Logs and S3 service endpoints the key policy admits. */
  readonly region: string;
  /** Alias (`alias/<name>`) and Name tag. */
  readonly name: string;
  /** What the key protects, for the console and audits. */
  readonly description: string;
  /** Days a scheduled deletion waits (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
}

/**
 * A symmetric customer KMS key that rotates yearly, with an explicit key policy of its own (`aws_kms_key_policy`):
 * the account root administers it; every use is a statement added by a method here, scoped by service and
 * condition. The policy is a separate resource so it can name the account (read from the key's own ARN, with
 * no AWS lookup at plan time) and resources created after the key (a distribution, a role). `arn` is read
 * through the policy resource, so whatever uses the key waits until the policy admits it.
 */
export class CustomerKey extends Construct {
  /** The key ARN, as a reference that depends on the key policy. */
  readonly arn: string;
  readonly keyId: string;
  readonly policy: KmsKeyPolicy;
  private readonly region: string;
  private readonly account: string;
  private readonly partition: string;
  private readonly statements: PolicyStatement[] = [];
  private readonly granted = new Set<string>();

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const { provider } = props;
    this.region = props.region;
    const key = new KmsKey(this, 'key', {
      provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      tags: { Name: props.name },
    });
    new KmsAlias(this, 'alias', { provider, name: `alias/${props.name}`, targetKeyId: key.keyId });
    this.keyId = key.keyId;
    // Locals keep the quoted ":" out of the policy JSON, which stays parseable before Terraform evaluates it.
    this.partition = new TerraformLocal(this, 'partition', Fn.element(Fn.split(':', key.arn), 1)).asString;
    this.account = new TerraformLocal(this, 'account', Fn.element(Fn.split(':', key.arn), 4)).asString;

    this.statements.push({
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: this.accountRoot },
      Action: KEY_ADMINISTRATION_ACTIONS,
      Resource: '*',
    });
    // key_id takes the ARN too; reading it back gives consumers a reference that waits for the policy.
    this.policy = new KmsKeyPolicy(this, 'policy', {
      provider,
      keyId: key.arn,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.arn = this.policy.keyId;
  }

  /** `arn:<partition>:iam::<account>:root`, the account's IAM delegation. */
  get accountRoot(): string {
    return `arn:${this.partition}:iam::${this.account}:root`;
  }

  /** The statements so far (the policy renders them at synth), for tests and review. */
  get policyStatements(): readonly PolicyStatement[] {
    return this.statements;
  }

  /** CloudWatch Logs of this region encrypts and decrypts log groups of this account (only log groups). */
  allowCloudWatchLogs(): this {
    return this.once('logs', () => ({
      Sid: 'CloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: `logs.${this.region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` } },
    }));
  }

  /**
   * IAM principals of this account may use the key for S3 objects in this region, as far as their own IAM
   * policy allows (those who publish model weights and artifacts); never outside S3.
   */
  allowS3ForAccountPrincipals(): this {
    return this.once('s3-account', () => ({
      Sid: 'AccountPrincipalsThroughS3',
      Effect: 'Allow',
      Principal: { AWS: this.accountRoot },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com`, 'kms:CallerAccount': this.account } },
    }));
  }

  /** Roles that read SSE-KMS objects (Triton's model repository role): decrypt through S3 only. */
  allowS3Readers(sid: string, roleArns: readonly string[]): this {
    return this.once(`s3-readers-${sid}`, () => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: [...roleArns] },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
    }));
  }

  /** A CloudFront distribution reads SSE-KMS objects through Origin Access Control (aws:SourceArn is the distribution). */
  allowCloudFrontDistribution(sid: string, distributionArn: string): this {
    return this.once(`cloudfront-${sid}`, () => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': distributionArn } },
    }));
  }

  /** Secrets Manager of this account encrypts secrets with the key, for principals their IAM policies allow. */
  allowSecretsManager(): this {
    return this.once('secretsmanager', () => ({
      Sid: 'AccountPrincipalsThroughSecretsManager',
      Effect: 'Allow',
      Principal: { AWS: this.accountRoot },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com`, 'kms:CallerAccount': this.account } },
    }));
  }

  /**
   * CloudWatch alarms publish to an SNS topic encrypted with the key: AWS managed keys cannot be granted to
   * another service, which is why alarm topics need a customer key at all.
   */
  allowCloudWatchAlarms(): this {
    return this.once('cloudwatch-alarms', () => ({
      Sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    }));
  }

  private once(key: string, statement: () => PolicyStatement): this {
    if (!this.granted.has(key)) {
      this.granted.add(key);
      this.statements.push(statement());
    }
    return this;
  }
}
