import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';
import { ROLE_LABEL, LOAD_BALANCER_CONTROLLER_NAMESPACE, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT } from '../../model/contracts';

/**
 * Exact pins: the chart from https://aws.github.io/eks-charts and the controller image it is tested with.
 * 3.5.0 / v3.5.0 checked 2026-12-01 in github:aws/eks-charts (stable/aws-load-balancer-controller, 5239609,
 * 2026-08-03): values.yaml changed only in comments and indentation since 3.4.2 (clusterName, region, vpcId,
 * replicaCount, image, serviceAccount, enableServiceMutatorWebhook, nodeSelector all still there), and
 * docs/install/iam_policy.json is identical at v3.4.2 and v3.5.0 in github:kubernetes-sigs/aws-load-balancer-controller.
 */
export const LOAD_BALANCER_CONTROLLER_CHART = {
  repository: 'https://aws.github.io/eks-charts',
  chart: 'aws-load-balancer-controller',
  version: '3.5.0',
  image: 'public.ecr.aws/eks/aws-load-balancer-controller',
  imageTag: 'v3.5.0',
} as const;

export interface AwsLoadBalancerControllerProps {
  /** The Helm provider of the cluster. */
  readonly provider: TerraformProvider;
  /** EKS cluster whose TargetGroupBindings the controller serves. */
  readonly clusterName: string;
  /** AWS region of the cluster, given so that the controller does not look it up in instance metadata. */
  readonly region: string;
  /** The cluster's VPC, given so that the controller does not look it up in instance metadata. */
  readonly vpcId: string;
  /** Controller pods; one leads, the others stand by to take over. @default 2 */
  readonly replicas?: number;
}

/**
 * The AWS Load Balancer Controller, here only to keep TargetGroupBinding target groups filled with pod
 * IPs. Its IAM role is bound to the service account by an EKS Pod Identity association in InfraStack
 * (LoadBalancerControllerRole), so no role ARN crosses stacks and no annotation is needed. It does not
 * take over Services of type LoadBalancer (the service mutator webhook is off): Spillway's load balancers
 * are Terraform-owned.
 */
export class AwsLoadBalancerController extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    const pin = LOAD_BALANCER_CONTROLLER_CHART;
    const values = {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      replicaCount: props.replicas ?? 2,
      image: { repository: pin.image, tag: pin.imageTag },
      serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT },
      enableServiceMutatorWebhook: false,
      nodeSelector: { [ROLE_LABEL]: 'system' },
    };
    this.release = pinnedRelease(this, {
      provider: props.provider,
      name: 'aws-load-balancer-controller',
      namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
      chart: pin,
      values,
      timeoutSeconds: 600,
      maxHistory: 5,
    });
  }
}
