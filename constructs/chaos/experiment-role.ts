import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { policyDocument, PolicyStatement } from '../primitives/iam-documents';
import { waiveGuardrail } from '../primitives/guardrail-waiver';

export interface ExperimentRoleProps {
  /** AWS provider of the experiment's region. */
  readonly provider: TerraformProvider;
  /** Role name (at most 64 characters). */
  readonly name: string;
  /** Region whose FIS experiments may assume the role (trust policy `aws:SourceArn`). */
  readonly region: string;
  /** Account of the experiments (may be a Terraform expression), for the trust policy's confused-deputy conditions. */
  readonly accountId: string;
  /** What the experiment's actions need, scoped to the fleet's resources of the region. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * The IAM role one FIS experiment template runs as: trusted by fis.amazonaws.com only for experiments of this
 * account and region, with exactly the permissions of its actions, and a separate policy for FIS log delivery.
 */
export class ExperimentRole extends Construct {
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: ExperimentRoleProps) {
    super(scope, id);
    const { provider } = props;
    const role = new IamRole(this, 'role', {
      provider,
      name: props.name,
      description: `AWS FIS experiments in ${props.region}`,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': `arn:aws:fis:${props.region}:${props.accountId}:experiment/*` },
          },
        },
      ]),
      inlinePolicy: [{ name: 'experiment-actions', policy: policyDocument(props.statements) }],
    });

    // Vended log delivery: these APIs have no resource type, so IAM accepts them only on "*".
    const logDelivery = new Construct(this, 'log-delivery');
    new IamRolePolicy(logDelivery, 'policy', {
      provider,
      role: role.name,
      name: 'experiment-log-delivery',
      policy: policyDocument([
        {
          Sid: 'DeliverExperimentLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
          Resource: '*',
        },
      ]),
    });
    const reason = 'FIS delivers experiment logs through CloudWatch Logs vended delivery, whose CreateLogDelivery and PutResourcePolicy APIs accept no resource ARN (only "*").';
    waiveGuardrail(logDelivery, 'SPW-IAM-002', reason);
    waiveGuardrail(logDelivery, 'SPW-FIS-002', reason);

    this.arn = role.arn;
    this.name = role.name;
  }
}
