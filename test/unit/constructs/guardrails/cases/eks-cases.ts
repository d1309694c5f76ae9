import { Construct } from 'constructs';
import { EksCluster, EksClusterConfig } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup, EksNodeGroupConfig } from '@cdktf/provider-aws/lib/eks-node-group';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RuleCase } from '../helpers';

/** A cluster as PrivateEksCluster builds it, with `change` applied to its config. */
export function cluster(change: (config: any) => void = () => undefined) {
  return (scope: Construct, provider: AwsProvider) => {
    const config: any = {
      provider,
      name: 'test',
      roleArn: 'arn:aws:iam::111122223333:role/eks',
      vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], endpointPrivateAccess: true, endpointPublicAccess: false },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:us-west-2:111122223333:key/1' } },
      enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
    };
    change(config);
    new EksCluster(scope, 'cluster', config as EksClusterConfig);
  };
}

export function nodeGroup(change: (config: any) => void = () => undefined) {
  return (scope: Construct, provider: AwsProvider) => {
    const config: any = {
      provider,
      clusterName: 'test',
      nodeGroupName: 'system',
      nodeRoleArn: 'arn:aws:iam::111122223333:role/node',
      subnetIds: ['subnet-1'],
      scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 },
      launchTemplate: { id: 'lt-0123456789abcdef0', version: '1' },
    };
    change(config);
    new EksNodeGroup(scope, 'nodes', config as EksNodeGroupConfig);
  };
}

export const EKS_CASES: RuleCase[] = [
  {
    rule: 'SPW-EKS-001',
    name: 'public endpoint',
    pass: cluster(),
    fail: cluster((config) => (config.vpcConfig.endpointPublicAccess = true)),
    problem: /endpoint_public_access is true/,
    address: /^aws_eks_cluster\.cluster$/,
  },
  {
    rule: 'SPW-EKS-001',
    name: 'endpoint flags left to the provider defaults (public on)',
    pass: cluster(),
    fail: cluster((config) => (config.vpcConfig = { subnetIds: ['subnet-1', 'subnet-2'] })),
    problem: /endpoint_private_access .*not true; vpc_config.endpoint_public_access is "unset \(defaults to true\)"/,
  },
  {
    rule: 'SPW-EKS-002',
    name: 'secrets encryption',
    pass: cluster(),
    fail: cluster((config) => delete config.encryptionConfig),
    problem: /no encryption_config/,
  },
  {
    rule: 'SPW-EKS-003',
    name: 'control-plane logs',
    pass: cluster((config) => (config.enabledClusterLogTypes = ['api', 'audit', 'authenticator'])),
    fail: cluster((config) => (config.enabledClusterLogTypes = ['api'])),
    problem: /lacks audit, authenticator/,
  },
  {
    rule: 'SPW-EKS-004',
    name: 'access entries only',
    pass: cluster(),
    fail: cluster((config) => (config.accessConfig = { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapClusterCreatorAdminPermissions: true })),
    problem: /authentication_mode is "API_AND_CONFIG_MAP".*bootstrap_cluster_creator_admin_permissions/,
  },
  {
    rule: 'SPW-EKS-005',
    name: 'node groups use a launch template',
    pass: nodeGroup(),
    fail: nodeGroup((config) => delete config.launchTemplate),
    problem: /no launch_template/,
    address: /^aws_eks_node_group\.nodes$/,
  },
  {
    rule: 'SPW-EKS-006',
    name: 'no SSH to nodes',
    pass: nodeGroup(),
    fail: nodeGroup((config) => (config.remoteAccess = { ec2SshKey: 'admin' })),
    problem: /remote_access opens SSH/,
  },
];
