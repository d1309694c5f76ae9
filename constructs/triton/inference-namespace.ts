import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';

export interface InferenceNamespaceProps {
  /** Kubernetes provider of the cluster the namespace is created in. */
  readonly provider: TerraformProvider;
  /** Name of the namespace Triton runs in. @default "inference" */
  readonly name?: string;
}

/**
 * The namespace Triton runs in. Pod Security Admission enforces `baseline` (no privileged pods, no host
 * namespaces) and warns on anything short of `restricted`.
 */
export class InferenceNamespace extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: InferenceNamespaceProps) {
    super(scope, id);
    const namespace = new NamespaceV1(this, 'namespace', {
      provider: props.provider,
      metadata: {
        name: props.name ?? 'inference',
        labels: {
          'app.kubernetes.io/part-of': 'spillway',
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });
    this.name = namespace.metadata.name;
  }
}
