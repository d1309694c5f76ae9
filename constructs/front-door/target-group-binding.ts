import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';

export interface TargetGroupBindingProps {
  /** The Kubernetes provider of the cluster. */
  readonly provider: TerraformProvider;
  /** Object name; unique in the namespace. */
  readonly name: string;
  /** Namespace of the Service (a TargetGroupBinding binds a Service of its own namespace). */
  readonly namespace: string;
  /** Service whose ready endpoints become IP targets of the target group. */
  readonly serviceName: string;
  /** Port of that Service to bind; pods are registered on the port it targets. */
  readonly servicePort: number;
  /** ARN of the Terraform-owned target group (type ip), from InfraStack. */
  readonly targetGroupArn: string;
  /**
   * Must exist first: the controller release (whose CRD defines the kind) and the namespace.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A TargetGroupBinding (elbv2.k8s.aws/v1beta1): the AWS Load Balancer Controller registers the ready
 * endpoints of the Service as IP targets of an existing target group and deregisters them as pods go.
 * Security group rules stay Terraform's (`networking` is not set): the NLB's group is already admitted
 * to the pods on the target ports.
 */
export class TargetGroupBinding extends Construct {
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: TargetGroupBindingProps) {
    super(scope, id);
    this.manifest = new Manifest(this, 'manifest', {
      provider: props.provider,
      manifest: {
        apiVersion: 'elbv2.k8s.aws/v1beta1',
        kind: 'TargetGroupBinding',
        metadata: {
          name: props.name,
          namespace: props.namespace,
          labels: { 'app.kubernetes.io/part-of': 'spillway', 'app.kubernetes.io/managed-by': 'cdktf' },
        },
        spec: {
          serviceRef: { name: props.serviceName, port: props.servicePort },
          targetGroupARN: props.targetGroupArn,
          targetType: 'ip',
        },
      },
      dependsOn: props.dependsOn,
    });
  }
}
