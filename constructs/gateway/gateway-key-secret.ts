import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { PolicyStatement, policyDocument } from '../primitives/iam-documents';
import { addPodIdentityRole, PodIdentityRole } from '../primitives/pod-identity-role';

export interface GatewayKeySecretProps {
  /** AWS provider of the cluster's region (the secret lives next to the gateways that read it). */
  readonly provider: TerraformProvider;
  /** Secrets Manager secret name (model/names.ts `gatewayKeySecretName`). */
  readonly secretName: string;
  /** Cluster whose key sync (External Secrets Operator) reads the secret through EKS Pod Identity. */
  readonly clusterName: string;
  /** The sync's service account, bound to the read role by a Pod Identity association. */
  readonly syncServiceAccount: { readonly namespace: string; readonly name: string };
  /**
   * Principals (role ARNs) that run `npm run gateway -- add-key/revoke-key`: they read the hashes to add one.
   * Everyone else is denied GetSecretValue by the secret's resource policy, whatever their IAM policies say.
   */
  readonly keyAdministratorArns: readonly string[];
  /**
   * Customer KMS key the secret is encrypted with (the region's; its policy must admit Secrets Manager:
   * `CustomerKey.allowSecretsManager`). The sync role may decrypt with it through Secrets Manager only.
   */
  readonly kmsKeyArn: string;
  /** Days a deleted secret can still be restored. @default 30 */
  readonly recoveryWindowInDays?: number;
  /** What the Pod Identity association waits for (the pod identity agent add-on). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The Secrets Manager secret holding one region's gateway API-key hashes (`<sha256> <key-id> <tier>` lines;
 * never a key itself), the read role of the in-cluster sync bound by EKS Pod Identity, and a resource policy
 * that denies reading the value to anyone but that role and the key administrators.
 *
 * Terraform creates the secret without a value: the first `add-key` writes the first version. A Terraform
 * `aws_secretsmanager_secret_version` would keep the hashes in state after every refresh, and with
 * `ignore_changes` it would still be recreated (overwriting every key) once the version it tracks is
 * retired, so the value is never Terraform's.
 */
export class GatewayKeySecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;
  readonly syncRole: PodIdentityRole;
  /** The sync role's statements, for review and tests. */
  readonly readStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: GatewayKeySecretProps) {
    super(scope, id);
    const { provider } = props;
    if (props.keyAdministratorArns.length === 0) {
      throw new Error('GatewayKeySecret: keyAdministratorArns is empty, so nobody could add a key (set cluster.adminPrincipalArns)');
    }
    const secret = new SecretsmanagerSecret(this, 'secret', {
      provider,
      name: props.secretName,
      description: `SHA-256 hashes of the inference gateway's API keys in ${props.clusterName} (key id and tier each); written by npm run gateway`,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
    });
    this.secretArn = secret.arn;
    this.secretName = props.secretName;

    this.readStatements = [
      { Sid: 'ReadGatewayKeyHashes', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: secret.arn },
      {
        Sid: 'DecryptGatewayKeyHashes',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.kmsKeyArn,
        Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
      },
    ];
    this.syncRole = addPodIdentityRole(this, {
      provider,
      name: `${props.clusterName}-gateway-keys`,
      description: `External Secrets Operator in ${props.clusterName}: reads the gateway API-key hashes`,
      clusterName: props.clusterName,
      policy: { inline: { name: 'read-gateway-key-hashes', statements: this.readStatements } },
      serviceAccount: props.syncServiceAccount,
      dependsOn: props.dependsOn,
      ids: { role: 'sync-role', policy: 'sync-policy', association: 'sync-pod-identity' },
    });

    new SecretsmanagerSecretPolicy(this, 'policy', {
      provider,
      secretArn: secret.arn,
      blockPublicPolicy: true,
      policy: policyDocument([
        {
          Sid: 'OnlyTheSyncAndKeyAdministratorsRead',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': [this.syncRole.roleArn, ...props.keyAdministratorArns] } },
        },
      ]),
    });
  }
}
