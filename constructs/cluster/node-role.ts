import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { assumeRolePolicy, managedPolicyArn } from '../primitives/iam-documents';

/**
 * What a node itself needs: join the cluster and pull images. The VPC CNI's EC2 permissions are not here;
 * they go to the vpc-cni add-on's own Pod Identity role, so pods on the node cannot borrow them.
 */
export const NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'] as const;

export interface NodeRoleProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** Role name; at most 64 characters. */
  readonly name: string;
}

/** IAM role for EC2 nodes of the cluster's managed node groups. */
export class NodeRole extends Construct {
  readonly arn: string;
  readonly name: string;
  /** Node groups depend on these so that nodes never boot without their permissions. */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.name,
      description: 'EKS managed node group instances',
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
    });
    this.attachments = NODE_MANAGED_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, { provider: props.provider, role: role.name, policyArn: managedPolicyArn(policy) }),
    );
    this.arn = role.arn;
    this.name = role.name;
  }
}
