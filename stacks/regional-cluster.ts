import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ClusterConfig, RegionConfig, SecurityConfig } from '../config/schema';
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
import { CustomerKey } from '../constructs/primitives/customer-key';
import { RegionalLogBucket } from '../constructs/primitives/regional-log-bucket';
import { VpcFlowLogs } from '../constructs/network/vpc-flow-logs';

export interface RegionalClusterProps {
  readonly provider: TerraformProvider;
  /** Cluster name, also the prefix of every Name tag in the region. */
  readonly clusterName: string;
  readonly region: RegionConfig;
  readonly cluster: ClusterConfig;
  /** Tags for instances and volumes launched by node groups. */
  readonly tags: Readonly<Record<string, string>>;
  /** Flow logs, access logs and audit-log retention. */
  readonly security: SecurityConfig;
  /** Start of the generated name of the region's log bucket. */
  readonly logBucketPrefix: string;
  /** Whether data buckets in the region (model repository, CDN artifacts) send access logs here. */
  readonly hasDataBuckets: boolean;
  /** Whether something in the cluster reads Secrets Manager (the gateway's key sync): adds its VPC endpoint. */
  readonly readsSecretsManager: boolean;
}

/** Control-plane log types whose records are audit evidence: their group keeps `security.auditLogRetentionDays`. */
const AUDIT_LOG_TYPES = ['audit', 'authenticator'];

/**
 * One region's foundation: the customer key for logs and data, network with flow logs, private service
 * endpoints, the private EKS cluster, its managed add-ons, the on-demand system node group for cluster
 * services, and (when data buckets log here) the region's log bucket.
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
  /**
   * The region's customer key for logs and data (log groups, model repository, CDN artifacts, secrets). Other
   * constructs take `customerKeyArn` as a prop; call its `allow*` methods for the services that must use it.
   */
  readonly customerKey: CustomerKey;
  /** `customerKey.arn`: a reference that waits for the key policy. */
  readonly customerKeyArn: string;
  /** S3 server access logs of the region's data buckets (and flow logs when they go to S3); absent when nothing logs here. */
  readonly logBucket?: RegionalLogBucket;
  readonly flowLogs: VpcFlowLogs;

  constructor(scope: Construct, id: string, props: RegionalClusterProps) {
    super(scope, id);
    const { provider, region, cluster: clusterConfig, clusterName, security } = props;

    this.customerKey = new CustomerKey(this, 'customer-key', {
      provider,
      region: region.name,
      name: `${clusterName}-logs-data`,
      description: `Logs and data of ${clusterName}: log groups, model repository, artifacts, secrets`,
    }).allowCloudWatchLogs();
    this.customerKeyArn = this.customerKey.arn;
    const flowLogsToS3 = security.flowLogs.destination === 's3';
    const logBucket =
      props.hasDataBuckets || flowLogsToS3
        ? new RegionalLogBucket(this, 'log-bucket', {
            provider,
            bucketPrefix: props.logBucketPrefix,
            // One expiry per bucket: with flow logs in it, the longer of the two retentions.
            retentionDays: flowLogsToS3 ? Math.max(security.accessLogs.retentionDays, security.flowLogs.retentionDays) : security.accessLogs.retentionDays,
          })
        : undefined;
    this.logBucket = logBucket;

    this.network = new VpcNetwork(this, 'network', {
      provider,
      name: clusterName,
      clusterName,
      cidr: region.vpcCidr,
      zones: region.availabilityZones,
      natGateways: region.natGateways,
    });

    this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
      provider,
      name: clusterName,
      vpcId: this.network.vpcId,
      trafficType: security.flowLogs.trafficType,
      maxAggregationIntervalSeconds: security.flowLogs.maxAggregationIntervalSeconds,
      destination: logBucket && flowLogsToS3
        ? { type: 's3', destinationArn: logBucket.allowFlowLogs() }
        : { type: 'cloud-watch-logs', kmsKeyArn: this.customerKeyArn, retentionDays: security.flowLogs.retentionDays },
    });

    new PrivateServiceEndpoints(this, 'endpoints', {
      provider,
      name: clusterName,
      region: region.name,
      vpcId: this.network.vpcId,
      vpcCidr: region.vpcCidr,
      subnetIds: this.network.privateSubnetIds,
      routeTableIds: this.network.privateRouteTableIds,
      secretsManager: props.readsSecretsManager,
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
      // EKS writes every log type to one group, so audit records set the group's retention.
      logRetentionDays: clusterConfig.controlPlaneLogTypes.some((type) => AUDIT_LOG_TYPES.includes(type))
        ? Math.max(clusterConfig.logRetentionDays, security.auditLogRetentionDays)
        : clusterConfig.logRetentionDays,
      logKmsKeyArn: this.customerKeyArn,
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
