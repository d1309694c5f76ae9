import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';

export interface ClusterProvidersProps {
  /** AWS region of the cluster, passed to `aws eks get-token`. */
  readonly region: string;
  /** EKS cluster the providers talk to, passed to `aws eks get-token`. */
  readonly clusterName: string;
  /** Private API endpoint: reachable only from inside the VPC or across the VPN. */
  readonly endpoint: string;
  /** Base64 CA bundle, as EKS reports it. */
  readonly certificateAuthorityData: string;
}

/**
 * Kubernetes and Helm providers for one private cluster. Credentials are a short-lived token from
 * `aws eks get-token`, fetched at plan and apply time; nothing long-lived is stored in state.
 */
export class ClusterProviders extends Construct {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    const connection = {
      host: props.endpoint,
      clusterCaCertificate: Fn.base64decode(props.certificateAuthorityData),
    };
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', props.clusterName, '--region', props.region, '--output', 'json'],
    };
    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [exec] });
    this.helm = new HelmProvider(this, 'helm', { kubernetes: { ...connection, exec } });
  }
}
