import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { pinnedRelease } from '../primitives/pinned-release';
import { EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from '../../model/contracts';

/**
 * external-secrets `external-secrets` chart 2.9.0 (app v2.9.0): deploy/charts/external-secrets/Chart.yaml at git
 * tag v2.9.0 of github:external-secrets/external-secrets (2026-08-07), served from charts.external-secrets.io.
 * The AWS provider without an `auth` block (and without `role`: a Pod Identity role cannot assume itself) uses the
 * controller's credential chain, which picks up EKS Pod Identity (external-secrets.io/v2.8.0/provider/aws-access,
 * "Controller's Pod Identity"; github:external-secrets/external-secrets issue 2951, docs PR 4432).
 */
export const EXTERNAL_SECRETS_CHART = {
  repository: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  version: '2.9.0',
} as const;

export interface ExternalSecretsOperatorProps {
  /** Helm provider of the cluster. */
  readonly helmProvider: TerraformProvider;
  /** Kubernetes provider of the same cluster, for the operator's namespace. */
  readonly kubernetesProvider: TerraformProvider;
  /** Where the controller, webhook and cert controller run (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** What must exist first. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * External Secrets Operator, the gateway's key sync: it copies the region's key-hash secret from Secrets
 * Manager into the Secret the gateway mounts. Its controller's ServiceAccount has a fixed name, which
 * InfraStack binds to the read-only key role by EKS Pod Identity; no AWS credentials live in the cluster.
 * Only namespaced SecretStores are processed: a ClusterSecretStore would let any namespace use that role.
 */
export class ExternalSecretsOperator extends Construct {
  readonly release: Release;
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps) {
    super(scope, id);
    const namespace = new NamespaceV1(this, 'namespace', {
      provider: props.kubernetesProvider,
      metadata: { name: EXTERNAL_SECRETS_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'spillway' } },
    });
    this.values = {
      installCRDs: true,
      global: { nodeSelector: { ...props.nodeSelector } },
      serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
      processClusterStore: false,
      processClusterExternalSecret: false,
      processPushSecret: false,
      processClusterPushSecret: false,
      processClusterGenerator: false,
      serviceMonitor: { enabled: true },
    };
    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'external-secrets',
      namespace: namespace.metadata.name,
      chart: EXTERNAL_SECRETS_CHART,
      values: this.values,
      maxHistory: 10,
      dependsOn: props.dependsOn,
    });
  }
}
