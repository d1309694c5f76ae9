/**
 * The four game-day experiments as data: targets, actions and the least-privilege permissions of each. Every
 * ARN pattern names the region; every pattern with a wildcard is narrowed by a tag condition on the fleet's
 * resources (EKS tags its managed node group instances with `eks:cluster-name` and `eks:nodegroup-name`).
 * Each experiment ends with an `aws:fis:wait` so its stop conditions stay armed while the fleet recovers.
 */
import type { PolicyStatement } from '../primitives/iam-documents';
import type { FisAction, FisExperimentSpec } from './fis-experiment';

/** Instances launched by the region's managed node groups of one cluster. */
const instancesOf = (region: string) => `arn:aws:ec2:${region}:*:instance/*`;
const CLUSTER_TAG = 'eks:cluster-name';
const NODEGROUP_TAG = 'eks:nodegroup-name';

/** Describe calls FIS makes to resolve EC2 targets; reads IAM accepts only on "*". */
const describeInstances: PolicyStatement = { Sid: 'ResolveTargets', Effect: 'Allow', Action: ['ec2:DescribeInstances'], Resource: '*' };

/** The fault, then a wait that keeps the experiment (and its stop conditions) running while the fleet heals. */
function faultThenObserve(fault: FisAction, observeFor: string): FisAction[] {
  return [
    fault,
    { name: 'observe-recovery', actionId: 'aws:fis:wait', description: 'Keep the stop conditions armed while the fleet recovers', parameters: { duration: observeFor }, startAfter: [fault.name] },
  ];
}

export interface SpotInterruptionOptions {
  readonly region: string;
  readonly clusterName: string;
  /** Share of the cluster's running spot instances to interrupt, 1-100. */
  readonly sharePercent: number;
  /** ISO 8601 notice before the interruption, PT2M-PT15M. */
  readonly interruptionNotice: string;
  /** ISO 8601 observation window after the interruption. */
  readonly observeFor: string;
}

/** Spot interruption of a share of the cluster's spot nodes (the burst pools' `-spot` groups, the only spot ones). */
export function spotInterruptionSpec(options: SpotInterruptionOptions): FisExperimentSpec {
  return {
    shortName: 'spot',
    description: `Interrupt ${options.sharePercent}% of the spot GPU nodes of ${options.clusterName} after a ${options.interruptionNotice} notice; the on-demand groups must take over`,
    targets: [
      {
        name: 'spot-nodes',
        resourceType: 'aws:ec2:spot-instance',
        selectionMode: `PERCENT(${options.sharePercent})`,
        resourceTags: { [CLUSTER_TAG]: options.clusterName },
        filters: [{ path: 'State.Name', values: ['running'] }],
      },
    ],
    actions: faultThenObserve(
      {
        name: 'interrupt-spot-nodes',
        actionId: 'aws:ec2:send-spot-instance-interruptions',
        parameters: { durationBeforeInterruption: options.interruptionNotice },
        target: { key: 'SpotInstances', name: 'spot-nodes' },
      },
      options.observeFor,
    ),
    permissions: [
      describeInstances,
      {
        Sid: 'InterruptClusterSpotInstances',
        Effect: 'Allow',
        Action: ['ec2:SendSpotInstanceInterruptions'],
        Resource: instancesOf(options.region),
        Condition: { StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: options.clusterName } },
      },
    ],
  };
}

export interface NodeTerminationOptions {
  readonly region: string;
  readonly clusterName: string;
  /** The baseline GPU node groups: names (tag values) and ARNs (at most 5, FIS's limit per target). */
  readonly nodeGroups: readonly { readonly name: string; readonly arn: string }[];
  /** instanceTerminationPercentage, 1-100. */
  readonly sharePercent: number;
  readonly observeFor: string;
}

/** Termination of a share of each baseline node group's instances: EKS and the autoscaler must replace them. */
export function nodeTerminationSpec(options: NodeTerminationOptions): FisExperimentSpec {
  if (options.nodeGroups.length === 0 || options.nodeGroups.length > 5) {
    throw new Error(`nodeTerminationSpec ${options.clusterName}: 1 to 5 node groups (FIS resource_arns), got ${options.nodeGroups.length}`);
  }
  return {
    shortName: 'node',
    description: `Terminate ${options.sharePercent}% of the instances of the baseline GPU node groups of ${options.clusterName}; replacements must join and Triton must reschedule`,
    targets: [
      { name: 'baseline-node-groups', resourceType: 'aws:eks:nodegroup', selectionMode: 'ALL', resourceArns: options.nodeGroups.map((group) => group.arn) },
    ],
    actions: faultThenObserve(
      {
        name: 'terminate-baseline-nodes',
        actionId: 'aws:eks:terminate-nodegroup-instances',
        parameters: { instanceTerminationPercentage: String(options.sharePercent) },
        target: { key: 'Nodegroups', name: 'baseline-node-groups' },
      },
      options.observeFor,
    ),
    permissions: [
      describeInstances,
      { Sid: 'ReadBaselineNodeGroups', Effect: 'Allow', Action: ['eks:DescribeNodegroup'], Resource: options.nodeGroups.map((group) => group.arn) },
      {
        Sid: 'TerminateBaselineNodes',
        Effect: 'Allow',
        Action: ['ec2:TerminateInstances'],
        Resource: instancesOf(options.region),
        Condition: {
          StringEquals: {
            [`aws:ResourceTag/${CLUSTER_TAG}`]: options.clusterName,
            [`aws:ResourceTag/${NODEGROUP_TAG}`]: options.nodeGroups.map((group) => group.name),
          },
        },
      },
    ],
  };
}

export interface ZoneLossOptions {
  readonly region: string;
  readonly clusterName: string;
  readonly zone: string;
  /** ARN of the zone's private subnet (nodes and pods). */
  readonly subnetArn: string;
  /** The cluster's VPC, where FIS creates its temporary network ACL. */
  readonly vpcId: string;
  /** ISO 8601, PT1M-PT12H. */
  readonly duration: string;
}

/**
 * One zone's private subnet cut off from everything (`scope: all`): FIS swaps in a deny-all network ACL it
 * creates and tags `managedByFIS`, and restores the original association when the action ends or stops.
 */
export function zoneLossSpec(options: ZoneLossOptions): FisExperimentSpec {
  const networkAcls = `arn:aws:ec2:${options.region}:*:network-acl/*`;
  const fisAcl = { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } };
  return {
    shortName: 'zone',
    description: `Cut ${options.zone}'s private subnet of ${options.clusterName} off for ${options.duration}; the other zones must serve everything`,
    targets: [{ name: 'zone-subnet', resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resourceArns: [options.subnetArn] }],
    actions: [
      {
        name: 'disrupt-zone',
        actionId: 'aws:network:disrupt-connectivity',
        parameters: { duration: options.duration, scope: 'all' },
        target: { key: 'Subnets', name: 'zone-subnet' },
      },
    ],
    permissions: [
      {
        Sid: 'ResolveNetwork',
        Effect: 'Allow',
        Action: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'],
        Resource: '*',
      },
      {
        Sid: 'CreateFisNetworkAcl',
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkAcl'],
        Resource: networkAcls,
        Condition: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
      },
      { Sid: 'CreateFisNetworkAclInClusterVpc', Effect: 'Allow', Action: ['ec2:CreateNetworkAcl'], Resource: `arn:aws:ec2:${options.region}:*:vpc/${options.vpcId}` },
      {
        Sid: 'TagFisNetworkAcl',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: networkAcls,
        Condition: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } },
      },
      { Sid: 'ManageFisNetworkAcl', Effect: 'Allow', Action: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], Resource: networkAcls, Condition: fisAcl },
      // Swapping the subnet's association needs the subnet and both ACLs (its own and FIS's): only in the cluster's VPC.
      {
        Sid: 'SwapZoneSubnetAcl',
        Effect: 'Allow',
        Action: ['ec2:ReplaceNetworkAclAssociation'],
        Resource: [options.subnetArn, networkAcls],
        Condition: { ArnLike: { 'ec2:Vpc': `arn:aws:ec2:${options.region}:*:vpc/${options.vpcId}` } },
      },
    ],
  };
}

export interface PodDeleteOptions {
  readonly region: string;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly namespace: string;
  /** Deployment whose pods are deleted. */
  readonly deploymentName: string;
  /** Service account in `namespace` the FIS pod runs as (RBAC in WorkloadsStack). */
  readonly serviceAccount: string;
  /** Kubernetes user the role is mapped to by its EKS access entry. */
  readonly kubernetesUser: string;
  readonly sharePercent: number;
  readonly observeFor: string;
}

/** Deletion of a share of Triton's pods: the Deployment must replace them and the NLB keep healthy targets. */
export function podDeleteSpec(options: PodDeleteOptions): FisExperimentSpec {
  return {
    shortName: 'pod',
    description: `Delete ${options.sharePercent}% of the ${options.deploymentName} pods in ${options.clusterName}; replacements must become ready behind the NLB`,
    targets: [
      {
        name: 'triton-pods',
        resourceType: 'aws:eks:pod',
        selectionMode: `PERCENT(${options.sharePercent})`,
        parameters: { clusterIdentifier: options.clusterName, namespace: options.namespace, selectorType: 'deploymentName', selectorValue: options.deploymentName },
      },
    ],
    actions: faultThenObserve(
      {
        name: 'delete-triton-pods',
        actionId: 'aws:eks:pod-delete',
        parameters: { kubernetesServiceAccount: options.serviceAccount },
        target: { key: 'Pods', name: 'triton-pods' },
      },
      options.observeFor,
    ),
    permissions: [{ Sid: 'FindCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: options.clusterArn }],
    kubernetesUser: options.kubernetesUser,
  };
}
