import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider, Token } from 'cdktf';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import type { NodeTaint } from '../../model/contracts';

export interface ManagedNodeGroupProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** EKS cluster the nodes join; also the prefix of the launch template name and the Name tags. */
  readonly clusterName: string;
  /** Node group name, unique in the cluster. */
  readonly name: string;
  /** IAM role the nodes run as (the region's `NodeRole`). */
  readonly nodeRoleArn: string;
  /** Private subnets the nodes are launched in. */
  readonly subnetIds: string[];
  /** EC2 instance types EKS may launch for the group. */
  readonly instanceTypes: readonly string[];
  /** Whether the group buys on-demand or spot capacity. */
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  /** EKS AMI type, e.g. AL2023_x86_64_STANDARD or AL2023_x86_64_NVIDIA; EKS resolves the AMI, no lookup here. */
  readonly amiType: string;
  /** Fewest nodes the group (and the cluster autoscaler) scales down to. */
  readonly minSize: number;
  /** Node count at creation; afterwards the cluster autoscaler owns it and Terraform ignores changes. */
  readonly desiredSize: number;
  /** Most nodes the group (and the cluster autoscaler) scales up to. */
  readonly maxSize: number;
  /** Size of the encrypted gp3 root volume in the launch template. */
  readonly rootVolumeGiB: number;
  /** Root device of the AMI family: /dev/xvda for AL2023; Bottlerocket's data volume is /dev/xvdb. */
  readonly rootDeviceName: string;
  /** IMDSv2 hop limit; 1 keeps pods away from instance credentials. */
  readonly metadataHopLimit: 1 | 2;
  /** Kubernetes node labels, e.g. the `spillway.io/role` label that workloads select on. */
  readonly labels: Readonly<Record<string, string>>;
  /** Kubernetes taints on every node, which keep pods that do not tolerate them off the group. @default none */
  readonly taints?: readonly NodeTaint[];
  /** Tags for the instances and volumes (provider default_tags do not reach them through a launch template). */
  readonly instanceTags: Readonly<Record<string, string>>;
  /**
   * What must exist before nodes boot (node role policies, CNI add-on).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An EKS managed node group with its own launch template: IMDSv2 required, encrypted gp3 root volume,
 * detailed monitoring. Desired size is left to the cluster autoscaler after creation.
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroupName: string;
  readonly nodeGroupArn: string;
  /** Name of the Auto Scaling group EKS created, for node-template tags and schedules. */
  readonly autoscalingGroupName: string;
  /** For resources that need the nodes up first (CoreDNS). */
  readonly dependable: ITerraformDependable;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { provider } = props;
    const tags = { ...props.instanceTags, Name: `${props.clusterName}-${props.name}` };

    const launchTemplate = new LaunchTemplate(this, 'launch-template', {
      provider,
      name: `${props.clusterName}-${props.name}`,
      description: `Nodes of ${props.name} in EKS cluster ${props.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: props.metadataHopLimit,
        instanceMetadataTags: 'disabled',
      },
      blockDeviceMappings: [
        {
          deviceName: props.rootDeviceName,
          ebs: { volumeSize: props.rootVolumeGiB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      monitoring: { enabled: true },
      tagSpecifications: [
        { resourceType: 'instance', tags },
        { resourceType: 'volume', tags },
        { resourceType: 'network-interface', tags },
      ],
    });

    const nodeGroup = new EksNodeGroup(this, 'node-group', {
      provider,
      clusterName: props.clusterName,
      nodeGroupName: props.name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: props.subnetIds,
      instanceTypes: [...props.instanceTypes],
      capacityType: props.capacityType,
      amiType: props.amiType,
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      labels: { ...props.labels },
      taint: props.taints?.map((taint) => ({ ...taint })),
      tags: { Name: `${props.clusterName}-${props.name}` },
      dependsOn: props.dependsOn,
      // The cluster autoscaler owns the desired size; Terraform must not pull it back on every apply.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });

    this.dependable = nodeGroup;
    this.nodeGroupName = props.name;
    this.nodeGroupArn = nodeGroup.arn;
    this.autoscalingGroupName = nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
  }
}
