import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ITerraformDependable } from 'cdktf';
import { addPodIdentityRole } from '../primitives/pod-identity-role';
import { CLUSTER_AUTOSCALER_NAMESPACE, CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from '../../model/contracts';

export interface ClusterAutoscalerRoleProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** EKS cluster whose autoscaler assumes the role; names the role and the ASG tag that scaling requires. */
  readonly clusterName: string;
  /** Managed node groups the autoscaler may describe (labels and taints of groups still at zero). */
  readonly nodeGroupArns: readonly string[];
  /** Auto Scaling groups of those node groups: the only ones it may resize. */
  readonly autoscalingGroupNames: readonly string[];
  /** Region of the cluster, for the Auto Scaling group ARNs. */
  readonly region: string;
  /** Something that depends on the cluster existing, e.g. the pod identity agent add-on. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The IAM role of cluster-autoscaler, bound to its service account by EKS Pod Identity. It may read every
 * Auto Scaling group (the API has no resource scoping for describes), but change the size of, or terminate
 * instances in, only this cluster's node groups' ASGs, named in the policy and also required to carry the
 * tag `k8s.io/cluster-autoscaler/<cluster>` (EKS tags its managed node groups' ASGs so; GpuNodePool tags
 * them explicitly too).
 */
export class ClusterAutoscalerRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerRoleProps) {
    super(scope, id);
    const { provider } = props;

    const role = addPodIdentityRole(this, {
      provider,
      name: `${props.clusterName}-cluster-autoscaler`,
      description: `cluster-autoscaler of EKS cluster ${props.clusterName}`,
      clusterName: props.clusterName,
      serviceAccount: { namespace: CLUSTER_AUTOSCALER_NAMESPACE, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT },
      dependsOn: props.dependsOn,
      policy: { inline: { name: 'scale-tagged-node-groups', statements: [
        {
          Sid: 'Discover',
          Effect: 'Allow',
          Action: [
            'autoscaling:DescribeAutoScalingGroups',
            'autoscaling:DescribeAutoScalingInstances',
            'autoscaling:DescribeLaunchConfigurations',
            'autoscaling:DescribeScalingActivities',
            'autoscaling:DescribeTags',
            'ec2:DescribeImages',
            'ec2:DescribeInstanceTypes',
            'ec2:DescribeLaunchTemplateVersions',
            'ec2:GetInstanceTypesFromInstanceRequirements',
          ],
          Resource: '*',
        },
        ...(props.nodeGroupArns.length > 0
          ? [{ Sid: 'ReadNodeGroups', Effect: 'Allow' as const, Action: 'eks:DescribeNodegroup', Resource: [...props.nodeGroupArns] }]
          : []),
        {
          Sid: 'ScaleOwnGroups',
          Effect: 'Allow',
          Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
          // The ASG ARN holds a generated id; the account is the role's own.
          Resource: props.autoscalingGroupNames.map(
            (name) => `arn:aws:autoscaling:${props.region}:*:autoScalingGroup:*:autoScalingGroupName/${name}`,
          ),
          Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned' } },
        },
      ] } },
    });

    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}
