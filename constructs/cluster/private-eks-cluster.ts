import { Construct } from 'constructs';
import { Fn, TerraformLocal, TerraformProvider } from 'cdktf';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { assumeRolePolicy, managedPolicyArn, policyDocument } from '../primitives/iam-documents';
import { KEY_ADMINISTRATION_ACTIONS } from '../primitives/customer-key';

export interface PrivateEksClusterProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** Cluster name; also the prefix of its KMS alias, log group, IAM role and security group names. */
  readonly name: string;
  /** Kubernetes version of the control plane, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** VPC of the cluster's API endpoint security group. */
  readonly vpcId: string;
  /** The VPC's CIDR, always allowed to reach the private API endpoint on 443. */
  readonly vpcCidr: string;
  /** Private subnets, at least two zones: control-plane ENIs land here. */
  readonly subnetIds: string[];
  /** CIDR that Kubernetes Service IPs are allocated from (`service_ipv4_cidr`). */
  readonly serviceCidr: string;
  /** Networks besides the VPC that may reach the private API endpoint on 443 (VPN, CI runners). */
  readonly endpointAccessCidrs: readonly string[];
  /** Control-plane log types EKS sends to CloudWatch, e.g. `api`, `audit`, `authenticator`. */
  readonly controlPlaneLogTypes: readonly string[];
  /** Retention of the `/aws/eks/<name>/cluster` log group, which the cluster owns instead of EKS. */
  readonly logRetentionDays: number;
  /**
   * Customer KMS key of the control-plane log group; its policy must admit CloudWatch Logs of the region.
   * @default CloudWatch Logs' own encryption (fails guardrail SPW-LOG-002)
   */
  readonly logKmsKeyArn?: string;
  /** IAM principals granted AmazonEKSClusterAdminPolicy through access entries. */
  readonly adminPrincipalArns: readonly string[];
  /**
   * On-prem networks of EKS Hybrid Nodes; becomes `remote_network_config`.
   * @default none
   */
  readonly remoteNetwork?: { readonly nodeCidrs: readonly string[]; readonly podCidrs: readonly string[] };
}

/**
 * An EKS cluster reachable only on its private endpoint, with Kubernetes secrets envelope-encrypted by a
 * customer KMS key that rotates, every requested control-plane log type kept for a bounded time, and
 * access granted by EKS access entries (API auth mode) rather than the aws-auth ConfigMap.
 */
export class PrivateEksCluster extends Construct {
  readonly name: string;
  readonly arn: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  /** The security group EKS creates for control plane to node traffic. */
  readonly clusterSecurityGroupId: string;
  readonly oidcIssuerUrl: string;
  readonly secretsKeyArn: string;

  constructor(scope: Construct, id: string, props: PrivateEksClusterProps) {
    super(scope, id);
    const { provider } = props;

    const secretsKey = new KmsKey(this, 'secrets-key', {
      provider,
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: { Name: `${props.name}-eks-secrets` },
    });
    new KmsAlias(this, 'secrets-key-alias', { provider, name: `alias/${props.name}-eks-secrets`, targetKeyId: secretsKey.keyId });
    this.secretsKeyArn = secretsKey.arn;

    // EKS would create this group itself, unbounded; owning it first sets the retention.
    const logGroup = new CloudwatchLogGroup(this, 'control-plane-logs', {
      provider,
      name: `/aws/eks/${props.name}/cluster`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });

    const role = new IamRole(this, 'cluster-role', {
      provider,
      name: `${props.name}-eks-cluster`,
      description: `EKS control plane of ${props.name}`,
      assumeRolePolicy: assumeRolePolicy('eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']),
    });
    // The secrets key's own policy: the account administers it, only the cluster role uses it (EKS's list).
    const keyArnPart = (index: number, localId: string) => new TerraformLocal(this, localId, Fn.element(Fn.split(':', secretsKey.arn), index)).asString;
    const accountRoot = `arn:${keyArnPart(1, 'secrets-key-partition')}:iam::${keyArnPart(4, 'secrets-key-account')}:root`;
    const secretsKeyPolicy = new KmsKeyPolicy(this, 'secrets-key-policy', {
      provider,
      keyId: secretsKey.arn,
      policy: policyDocument([
        { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: accountRoot }, Action: KEY_ADMINISTRATION_ACTIONS, Resource: '*' },
        {
          Sid: 'ClusterRoleEncryptsSecrets',
          Effect: 'Allow',
          Principal: { AWS: role.arn },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
          Resource: '*',
        },
      ]),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      provider,
      role: role.name,
      policyArn: managedPolicyArn('AmazonEKSClusterPolicy'),
    });

    const endpointAccess = new SecurityGroup(this, 'endpoint-access', {
      provider,
      name: `${props.name}-api-endpoint`,
      description: 'Kubernetes API (443) on the private endpoint from the VPC and the configured networks',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-api-endpoint` },
    });
    [props.vpcCidr, ...props.endpointAccessCidrs].forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `api-from-${index}`, {
        provider,
        securityGroupId: endpointAccess.id,
        description: index === 0 ? 'Kubernetes API from the VPC' : `Kubernetes API from ${cidr}`,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });

    const cluster = new EksCluster(this, 'cluster', {
      provider,
      name: props.name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        securityGroupIds: [endpointAccess.id],
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: [...props.controlPlaneLogTypes],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      kubernetesNetworkConfig: { ipFamily: 'ipv4', serviceIpv4Cidr: props.serviceCidr },
      // Managed add-ons (EksManagedAddons) replace the unmanaged defaults EKS would otherwise install.
      bootstrapSelfManagedAddons: false,
      remoteNetworkConfig: props.remoteNetwork && {
        remoteNodeNetworks: { cidrs: [...props.remoteNetwork.nodeCidrs] },
        remotePodNetworks: props.remoteNetwork.podCidrs.length > 0 ? { cidrs: [...props.remoteNetwork.podCidrs] } : undefined,
      },
      tags: { Name: props.name },
      dependsOn: [clusterPolicy, logGroup, secretsKeyPolicy],
    });

    props.adminPrincipalArns.forEach((principalArn, index) => {
      const entry = new EksAccessEntry(this, `admin-${index}`, {
        provider,
        clusterName: cluster.name,
        principalArn,
        type: 'STANDARD',
      });
      new EksAccessPolicyAssociation(this, `admin-${index}-policy`, {
        provider,
        clusterName: cluster.name,
        principalArn: entry.principalArn,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
        accessScope: { type: 'cluster' },
      });
    });

    this.name = cluster.name;
    this.arn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
    this.oidcIssuerUrl = cluster.identity.get(0).oidc.get(0).issuer;
  }
}
