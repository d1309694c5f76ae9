import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { podIdentityTrustPolicy, policyDocument } from '../primitives/iam-documents';
import { loadBalancerControllerStatements } from './load-balancer-controller-policy';

/** Where the controller's Helm release puts its service account; the association binds exactly this. */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'kube-system';
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

export interface LoadBalancerControllerRoleProps {
  readonly provider: TerraformProvider;
  readonly clusterName: string;
  /** The cluster's region: the policy's resource patterns are narrowed to it. */
  readonly region: string;
}

/**
 * The AWS Load Balancer Controller's IAM role, bound to its service account through EKS Pod Identity
 * (the pod identity agent add-on is installed with the cluster). Nothing crosses stacks: the workloads
 * stack only has to create the service account under the same name.
 */
export class LoadBalancerControllerRole extends Construct {
  readonly roleArn: string;
  readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerRoleProps) {
    super(scope, id);
    const { provider } = props;
    const role = new IamRole(this, 'role', {
      provider,
      name: `${props.clusterName}-lb-controller`,
      description: `AWS Load Balancer Controller of EKS cluster ${props.clusterName}`,
      assumeRolePolicy: podIdentityTrustPolicy(),
    });
    new IamRolePolicy(this, 'policy', {
      provider,
      role: role.name,
      name: 'aws-load-balancer-controller',
      policy: policyDocument(loadBalancerControllerStatements(props.region)),
    });
    this.association = new EksPodIdentityAssociation(this, 'pod-identity', {
      provider,
      clusterName: props.clusterName,
      namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
      serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
      roleArn: role.arn,
    });
    this.roleArn = role.arn;
  }
}
