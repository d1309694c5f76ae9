import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { addPodIdentityRole } from '../primitives/pod-identity-role';
import { waiveGuardrail } from '../primitives/guardrail-waiver';
import { loadBalancerControllerStatements } from './load-balancer-controller-policy';
import { LOAD_BALANCER_CONTROLLER_NAMESPACE, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT } from '../../model/contracts';

export interface LoadBalancerControllerRoleProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** EKS cluster whose controller assumes the role; also names the role. */
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
    const role = addPodIdentityRole(this, {
      provider,
      name: `${props.clusterName}-lb-controller`,
      description: `AWS Load Balancer Controller of EKS cluster ${props.clusterName}`,
      clusterName: props.clusterName,
      serviceAccount: { namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
      policy: { inline: { name: 'aws-load-balancer-controller', statements: loadBalancerControllerStatements(props.region) } },
    });
    waiveGuardrail(
      this,
      'SPW-IAM-002',
      "The AWS Load Balancer Controller's documented policy: creates of load balancers, target groups and security groups cannot name ARNs in advance, and its mutations are limited by the elbv2.k8s.aws/cluster tag.",
    );
    this.association = role.association!;
    this.roleArn = role.roleArn;
  }
}
