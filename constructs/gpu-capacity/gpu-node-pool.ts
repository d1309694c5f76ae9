import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { AutoscalingGroupTagA as AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { gpuNodeGroupsOf, GpuCapacityType, GpuPoolRole, GpuPoolSpec, guaranteedResources } from '../../model/pools';
import { ManagedNodeGroup } from '../primitives/managed-node-group';
import { CAPACITY_TYPE_LABEL, DEVICE_PLUGIN_LABEL, GPU_PRESENT_LABEL, GPU_TAINT, NodeTaint, POOL_LABEL } from '../../model/contracts';

const NODE_TEMPLATE = 'k8s.io/cluster-autoscaler/node-template';
const TAINT_EFFECTS: Record<NodeTaint['effect'], string> = {
  NO_SCHEDULE: 'NoSchedule',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
  NO_EXECUTE: 'NoExecute',
};

export interface PrewarmWindow {
  /** Part of the scheduled action names. */
  readonly name: string;
  /** Five-field cron, UTC: the node group minimum is raised to `minSize`. */
  readonly startCron: string;
  /** Five-field cron, UTC: the minimum goes back to the pool's own. */
  readonly endCron: string;
  readonly minSize: number;
}

/** One node group of the pool, as the autoscaler's priority list and the workloads stack see it. */
export interface GpuNodeGroupInfo {
  readonly name: string;
  readonly pool: string;
  readonly role: GpuPoolRole;
  readonly capacityType: GpuCapacityType;
}

/** The pool's name, role, capacity, instance types and sizes (`GpuPoolSpec`), and where its nodes go. */
export interface GpuNodePoolProps extends GpuPoolSpec {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** EKS cluster the pool's nodes join; also names the autoscaler's discovery tag on each group. */
  readonly clusterName: string;
  /** IAM role of the pool's nodes (the region's `NodeRole`). */
  readonly nodeRoleArn: string;
  /** Private subnets the pool's nodes are launched in. */
  readonly subnetIds: string[];
  /** Label key for the role, shared with the system nodes. */
  readonly roleLabel: string;
  /**
   * EKS NVIDIA AMI of the nodes: AL2023 (the device plugin runs as a DaemonSet) or Bottlerocket (the host runs
   * the plugin and keeps images on its data volume).
   */
  readonly amiType: 'AL2023_x86_64_NVIDIA' | 'BOTTLEROCKET_x86_64_NVIDIA';
  /** Size of the volume that holds images (root on AL2023, data on Bottlerocket); also its ephemeral-storage. */
  readonly rootVolumeGiB: number;
  /** IMDSv2 hop limit of the nodes; 1 keeps pods away from instance credentials. */
  readonly metadataHopLimit: 1 | 2;
  /** Scheduled windows that raise the minimum of the pool's first node group ahead of known load. @default none */
  readonly prewarm?: readonly PrewarmWindow[];
  /** Tags for the pool's instances and volumes (provider default_tags do not reach them through a launch template). */
  readonly instanceTags: Readonly<Record<string, string>>;
  /**
   * What must exist before the pool's nodes boot (node role policies, networking add-ons).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A GPU pool: one EKS managed node group (two for spot-then-on-demand), tainted for GPU workloads only,
 * with the node-template tags that let cluster-autoscaler scale it from zero (labels, taint and resources
 * it cannot read from a node that does not exist yet) and the pre-warm schedules of its windows.
 */
export class GpuNodePool extends Construct {
  readonly nodeGroups: ManagedNodeGroup[] = [];
  readonly nodeGroupInfos: GpuNodeGroupInfo[] = [];

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id);
    const { provider } = props;
    const bottlerocket = props.amiType.startsWith('BOTTLEROCKET');
    const plans = gpuNodeGroupsOf(props);

    for (const plan of plans) {
      const capacityLabel = plan.capacityType === 'SPOT' ? 'spot' : 'on-demand';
      const labels: Record<string, string> = {
        [GPU_PRESENT_LABEL]: 'true',
        [POOL_LABEL]: props.name,
        [props.roleLabel]: props.role,
        [CAPACITY_TYPE_LABEL]: capacityLabel,
        [DEVICE_PLUGIN_LABEL]: bottlerocket ? 'host' : 'daemonset',
      };
      // Node group ids are the node group names: stable for a given config.
      const nodeGroup = new ManagedNodeGroup(this, plan.name, {
        provider,
        clusterName: props.clusterName,
        name: plan.name,
        nodeRoleArn: props.nodeRoleArn,
        subnetIds: props.subnetIds,
        instanceTypes: plan.instanceTypes,
        capacityType: plan.capacityType,
        amiType: props.amiType,
        minSize: plan.minSize,
        desiredSize: plan.desiredSize,
        maxSize: plan.maxSize,
        rootVolumeGiB: props.rootVolumeGiB,
        // Bottlerocket keeps images on its data volume; AL2023 on the root volume.
        rootDeviceName: bottlerocket ? '/dev/xvdb' : '/dev/xvda',
        metadataHopLimit: props.metadataHopLimit,
        labels,
        taints: [GPU_TAINT],
        instanceTags: props.instanceTags,
        dependsOn: props.dependsOn,
      });
      this.nodeGroups.push(nodeGroup);
      this.nodeGroupInfos.push({ name: plan.name, pool: props.name, role: props.role, capacityType: plan.capacityType });

      const resources = guaranteedResources(plan.instanceTypes);
      const clusterDiscoveryKey = `k8s.io/cluster-autoscaler/${props.clusterName}`;
      const asgTags: Record<string, string> = {
        'k8s.io/cluster-autoscaler/enabled': 'true',
        [clusterDiscoveryKey]: 'owned',
        ...Object.fromEntries(
          Object.entries({ ...labels, 'eks.amazonaws.com/capacityType': plan.capacityType, 'eks.amazonaws.com/nodegroup': plan.name }).map(
            ([key, value]) => [`${NODE_TEMPLATE}/label/${key}`, value],
          ),
        ),
        [`${NODE_TEMPLATE}/taint/${GPU_TAINT.key}`]: `${GPU_TAINT.value}:${TAINT_EFFECTS[GPU_TAINT.effect]}`,
        [`${NODE_TEMPLATE}/resources/nvidia.com/gpu`]: String(resources.gpus),
        [`${NODE_TEMPLATE}/resources/cpu`]: String(resources.vcpu),
        [`${NODE_TEMPLATE}/resources/memory`]: `${resources.memoryGiB}Gi`,
        [`${NODE_TEMPLATE}/resources/ephemeral-storage`]: `${props.rootVolumeGiB}Gi`,
      };
      Object.entries(asgTags).forEach(([key, value]) => {
        // Ids from the tag key, so adding a label does not renumber the others. The cluster name may be a
        // token, whose text changes from run to run: that key gets a fixed id, or logical IDs would drift.
        const idKey = key === clusterDiscoveryKey ? 'k8s.io/cluster-autoscaler/cluster-name' : key;
        new AutoscalingGroupTag(this, `${plan.name}-tag-${idKey.replace(/[^A-Za-z0-9-]/g, '_')}`, {
          provider,
          autoscalingGroupName: nodeGroup.autoscalingGroupName,
          // ASG metadata for the autoscaler; instances are tagged by the launch template.
          tag: { key, value, propagateAtLaunch: false },
        });
      });

      if (!plan.prewarm) continue;
      for (const window of props.prewarm ?? []) {
        const schedule = (phase: 'raise' | 'restore', recurrence: string, minSize: number) =>
          new AutoscalingSchedule(this, `${plan.name}-prewarm-${window.name}-${phase}`, {
            provider,
            autoscalingGroupName: nodeGroup.autoscalingGroupName,
            scheduledActionName: `${plan.name}-prewarm-${window.name}-${phase}`,
            recurrence,
            timeZone: 'Etc/UTC',
            minSize,
            maxSize: plan.maxSize,
            // -1 leaves the desired capacity alone: raising the minimum scales up, and the autoscaler scales down.
            desiredCapacity: -1,
          });
        schedule('raise', window.startCron, window.minSize);
        schedule('restore', window.endCron, plan.minSize);
      }
    }
  }
}
