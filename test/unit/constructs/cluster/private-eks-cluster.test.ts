import { PrivateEksCluster } from '../../../../constructs/cluster/private-eks-cluster';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const synth = synthWithAws((scope, provider) => {
  new PrivateEksCluster(scope, 'eks', {
    provider,
    name: 'c1',
    kubernetesVersion: '1.33',
    vpcId: 'vpc-1',
    vpcCidr: '10.0.0.0/16',
    subnetIds: ['subnet-a', 'subnet-b'],
    serviceCidr: '172.20.0.0/16',
    endpointAccessCidrs: ['192.168.0.0/20'],
    controlPlaneLogTypes: ['api', 'audit'],
    logRetentionDays: 30,
    logKmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/logs',
    adminPrincipalArns: ['arn:aws:iam::111122223333:role/admin'],
  });
});
const cluster = onlyResource(synth, 'aws_eks_cluster');

describe('PrivateEksCluster', () => {
  it('exposes the API on the private endpoint only', () => {
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
  });

  it('envelope-encrypts secrets with its own rotating KMS key', () => {
    const key = onlyResource(synth, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\.eks_secrets-key_[A-F0-9]+\.arn\}$/);
  });

  it('gives the secrets key a policy of its own: the account administers, only the cluster role uses it', () => {
    const policy = onlyResource(synth, 'aws_kms_key_policy');
    expect(policy.key_id).toMatch(/^\$\{aws_kms_key\.eks_secrets-key_[A-F0-9]+\.arn\}$/);
    const [admin, use] = JSON.parse(policy.policy).Statement;
    expect(admin.Principal.AWS).toMatch(/:root$/);
    expect(admin.Action.some((action: string) => /crypt|GenerateDataKey/.test(action))).toBe(false);
    expect(use.Principal.AWS).toMatch(/^\$\{aws_iam_role\.eks_cluster-role_[A-F0-9]+\.arn\}$/);
    expect(use.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey']);
    expect(cluster.depends_on).toContain(`aws_kms_key_policy.${Object.keys(synth.resource.aws_kms_key_policy)[0]}`);
  });

  it('encrypts the control-plane log group with the given customer key', () => {
    expect(onlyResource(synth, 'aws_cloudwatch_log_group').kms_key_id).toBe('arn:aws:kms:us-west-2:111122223333:key/logs');
  });

  it('enables the configured control-plane logs into a log group with bounded retention', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit']);
    expect(onlyResource(synth, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/eks/c1/cluster', retention_in_days: 30 });
    expect(cluster.depends_on.some((dependency: string) => dependency.startsWith('aws_cloudwatch_log_group.'))).toBe(true);
  });

  it('uses access entries (API mode) and grants admins through an access policy, not aws-auth', () => {
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
    expect(onlyResource(synth, 'aws_eks_access_entry')).toMatchObject({ principal_arn: 'arn:aws:iam::111122223333:role/admin', type: 'STANDARD' });
    expect(onlyResource(synth, 'aws_eks_access_policy_association')).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
  });

  it('gives the control plane role only the AWS-managed cluster policy', () => {
    const role = onlyResource(synth, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'eks.amazonaws.com' });
    expect(resourcesOf(synth, 'aws_iam_role_policy_attachment').map((attachment) => attachment.policy_arn)).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
    ]);
  });

  it('opens 443 on the endpoint to the VPC and the configured networks only', () => {
    const sources = resourcesOf(synth, 'aws_vpc_security_group_ingress_rule').map((rule) => [rule.cidr_ipv4, rule.from_port, rule.to_port]);
    expect(sources).toEqual([
      ['10.0.0.0/16', 443, 443],
      ['192.168.0.0/20', 443, 443],
    ]);
  });

  it('sets the service CIDR and no remote networks unless hybrid nodes are configured', () => {
    expect(cluster.kubernetes_network_config).toEqual({ ip_family: 'ipv4', service_ipv4_cidr: '172.20.0.0/16' });
    expect(cluster.remote_network_config).toBeUndefined();
  });
});
