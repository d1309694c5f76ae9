import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ClusterConfig, RegionConfig } from '../config/schema';
import { VpcNetwork } from '../constructs/network/vpc-network';
import { PrivateServiceEndpoints } from '../constructs/network/private-service-endpoints';
import { PrivateEksCluster } from '../constructs/cluster/private-eks-cluster';
import { NodeRole } from '../constructs/cluster/node-role';
import { ManagedNodeGroup } from '../constructs/primitives/managed-node-group';
import { EksManagedAddons } from '../constructs/cluster/eks-managed-addons';
import { GpuNodePool } from '../constructs/gpu-capacity/gpu-node-pool';
import { HybridNodes } from '../constructs/cluster/hybrid-nodes';
import { ClusterAutoscalerRole } from '../constructs/gpu-capacity/cluster-autoscaler-role';
import { ROLE_LABEL } from '../model/contracts';

export interface RegionalClusterProps {
  readonly provider: TerraformProvider;
  /** Cluster name, also the prefix of every Name tag in the region. */
  readonly clusterName: string;
  readonly region: RegionConfig;
  readonly cluster: ClusterConfig;
  /** Tags for instances and volumes launched by node groups. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * One region's foundation: network, private service endpoints, the private EKS cluster, its managed
 * add-ons and the on-demand system node group for cluster services.
 */
export class RegionalCluster extends Construct {
  readonly network: VpcNetwork;
  readonly cluster: PrivateEksCluster;
  readonly nodeRole: NodeRole;
  readonly addons: EksManagedAddons;
  readonly systemNodes: ManagedNodeGroup;
  /** GPU pools from `region.gpuPools`, in config order. */
  readonly gpuPools: GpuNodePool[];
  /** The AWS side of EKS Hybrid Nodes, when `region.hybridNodes` is set. */
  readonly hybridNodes?: HybridNodes;
  readonly clusterAutoscalerRole: ClusterAutoscalerRole;

  constructor(scope: Construct, id: string, props: RegionalClusterProps) {
    super(scope, id);
    const { provider, region, cluster: clusterConfig, clusterName } = props;

    this.network = new VpcNetwork(this, 'network', {
      provider,
      name: clusterName,
      clusterName,
      cidr: region.vpcCidr,
      zones: region.availabilityZones,
      natGateways: region.natGateways,
    });

    new PrivateServiceEndpoints(this, 'endpoints', {
      provider,
      name: clusterName,
      region: region.name,
      vpcId: this.network.vpcId,
      vpcCidr: region.vpcCidr,
      subnetIds: this.network.privateSubnetIds,
      routeTableIds: this.network.privateRouteTableIds,
    });

    this.cluster = new PrivateEksCluster(this, 'eks', {
      provider,
      name: clusterName,
      kubernetesVersion: clusterConfig.kubernetesVersion,
      vpcId: this.network.vpcId,
      vpcCidr: region.vpcCidr,
      subnetIds: this.network.privateSubnetIds,
      serviceCidr: clusterConfig.serviceCidr,
      endpointAccessCidrs: clusterConfig.endpointAccessCidrs,
      controlPlaneLogTypes: clusterConfig.controlPlaneLogTypes,
      logRetentionDays: clusterConfig.logRetentionDays,
      adminPrincipalArns: clusterConfig.adminPrincipalArns,
      remoteNetwork: region.hybridNodes && {
        nodeCidrs: region.hybridNodes.remoteNodeCidrs,
        podCidrs: region.hybridNodes.remotePodCidrs,
      },
    });

    this.addons = new EksManagedAddons(this, 'addons', {
      provider,
      clusterName: this.cluster.name,
      kubernetesVersion: clusterConfig.kubernetesVersion,
    });

    this.nodeRole = new NodeRole(this, 'node-role', { provider, name: `${clusterName}-node` });

    const system = clusterConfig.systemNodeGroup;
    this.systemNodes = new ManagedNodeGroup(this, 'system-nodes', {
      provider,
      clusterName: this.cluster.name,
      name: 'system',
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: this.network.privateSubnetIds,
      instanceTypes: system.instanceTypes,
      capacityType: 'ON_DEMAND',
      amiType: 'AL2023_x86_64_STANDARD',
      minSize: system.minSize,
      desiredSize: system.desiredSize,
      maxSize: system.maxSize,
      rootVolumeGiB: system.rootVolumeGiB,
      rootDeviceName: '/dev/xvda',
      metadataHopLimit: system.metadataHopLimit,
      labels: { [ROLE_LABEL]: 'system' },
      instanceTags: props.tags,
      dependsOn: [...this.nodeRole.attachments, ...this.addons.beforeCompute],
    });

    this.addons.addCoreDns([this.systemNodes.dependable]);

    this.gpuPools = region.gpuPools.map(
      (pool) =>
        new GpuNodePool(this, `gpu-pool-${pool.name}`, {
          ...pool,
          provider,
          clusterName: this.cluster.name,
          nodeRoleArn: this.nodeRole.arn,
          subnetIds: this.network.privateSubnetIds,
          roleLabel: ROLE_LABEL,
          instanceTags: props.tags,
          dependsOn: [...this.nodeRole.attachments, ...this.addons.beforeCompute],
        }),
    );

    if (region.hybridNodes) {
      this.hybridNodes = new HybridNodes(this, 'hybrid-nodes', {
        ...region.hybridNodes,
        provider,
        region: region.name,
        clusterName: this.cluster.name,
        clusterArn: this.cluster.arn,
        clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
        vpcId: this.network.vpcId,
        privateSubnetIds: this.network.privateSubnetIds,
        privateRouteTableIds: this.network.privateRouteTableIds,
      });
    }

    const scalableGroups = [this.systemNodes, ...this.gpuPools.flatMap((pool) => pool.nodeGroups)];
    this.clusterAutoscalerRole = new ClusterAutoscalerRole(this, 'cluster-autoscaler-role', {
      provider,
      clusterName: this.cluster.name,
      nodeGroupArns: scalableGroups.map((group) => group.nodeGroupArn),
      autoscalingGroupNames: scalableGroups.map((group) => group.autoscalingGroupName),
      region: region.name,
      dependsOn: this.addons.beforeCompute,
    });
  }
}
