import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { GeneratedSecret } from '../primitives/generated-secret';
import { GPU_PRESENT_LABEL, GRAFANA_DASHBOARD_LABEL, KPS_FULLNAME, MONITORING_NAMESPACE, POOL_LABEL, PrometheusRuleSpec } from '../../model/contracts';

/**
 * prometheus-community `kube-prometheus-stack` chart (Prometheus Operator v0.83.0). Kept at 75.18.1 on 2026-12-01
 * although 88.5.3 (Operator v0.93.1) is current and the values set below are still valid there (checked in
 * github:prometheus-community/helm-charts and, for the Grafana subchart that moved to grafana-community 12.11.1,
 * github:grafana-community/helm-charts): each of the 13 majors in between upgrades the Operator CRDs, which Helm
 * does not do for an existing release. Moving needs `crds.upgradeJob.enabled: true` (or the UPGRADE.md
 * `kubectl apply --server-side` step) and Grafana 13 (84.x) reviewed, a values change beyond a version bump.
 */
export const KUBE_PROMETHEUS_STACK_CHART = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'kube-prometheus-stack',
  version: '75.18.1',
} as const;

const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

export interface MonitoringStackProps {
  /** Helm provider of the cluster the stack is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Kubernetes provider of the same cluster, for the `monitoring` namespace and Grafana's admin Secret. */
  readonly kubernetesProvider: TerraformProvider;
  /** Where Prometheus, Alertmanager, Grafana and the operator run (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Node label the nodes' role is in; kube-state-metrics exports it (with the pool label) for alerts and the dashboard. */
  readonly roleLabel: string;
  /** PrometheusRule specs by name, installed by the chart (additionalPrometheusRulesMap). @default none */
  readonly rules?: Readonly<Record<string, PrometheusRuleSpec>>;
  /** Prometheus retention. @default 15d */
  readonly retention?: string;
}

/**
 * kube-prometheus-stack (Helm, pinned): Prometheus Operator and CRDs, Prometheus, Alertmanager (on), Grafana,
 * kube-state-metrics and node-exporter, in the `monitoring` namespace. Prometheus selects every
 * ServiceMonitor, PodMonitor and PrometheusRule in the cluster (the *NilUsesHelmValues switches), so Triton's
 * and dcgm-exporter's ServiceMonitors are scraped without extra labels. Grafana's admin password is generated
 * (GeneratedSecret), never the chart's well-known default.
 */
export class MonitoringStack extends Construct {
  readonly release: Release;
  readonly namespace: string;
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id);
    const namespace = new NamespaceV1(this, 'namespace', {
      provider: props.kubernetesProvider,
      metadata: { name: MONITORING_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'spillway' } },
    });
    this.namespace = namespace.metadata.name;

    const grafanaAdmin = new GeneratedSecret(this, 'grafana-admin', {
      provider: props.kubernetesProvider,
      name: GRAFANA_ADMIN_SECRET.name,
      namespace: this.namespace,
      randomKey: GRAFANA_ADMIN_SECRET.passwordKey,
      fixedData: { [GRAFANA_ADMIN_SECRET.userKey]: 'admin' },
    });

    const nodeSelector = { ...props.nodeSelector };
    this.values = {
      fullnameOverride: KPS_FULLNAME,
      crds: { enabled: true },
      alertmanager: { enabled: true, alertmanagerSpec: { nodeSelector, replicas: 1 } },
      prometheusOperator: { nodeSelector },
      prometheus: {
        prometheusSpec: {
          nodeSelector,
          retention: props.retention ?? '15d',
          scrapeInterval: '15s',
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
        },
      },
      grafana: {
        nodeSelector,
        admin: { existingSecret: GRAFANA_ADMIN_SECRET.name, userKey: GRAFANA_ADMIN_SECRET.userKey, passwordKey: GRAFANA_ADMIN_SECRET.passwordKey },
        sidecar: {
          dashboards: { enabled: true, label: GRAFANA_DASHBOARD_LABEL.key, labelValue: GRAFANA_DASHBOARD_LABEL.value, searchNamespace: 'ALL' },
        },
      },
      'prometheus-node-exporter': {
        prometheus: {
          monitor: {
            // node-exporter's series name their node only by `instance` (host IP:port); prometheus-adapter's node
            // resource rules (`kubectl top node`, metrics.k8s.io) select and group them by a `node` label.
            relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: 'replace' }],
          },
        },
      },
      'kube-state-metrics': {
        nodeSelector,
        // Node labels as kube_node_labels series: role and pool for "replicas vs nodes" and "burst pool at max".
        metricLabelsAllowlist: [`nodes=[${props.roleLabel},${POOL_LABEL},${GPU_PRESENT_LABEL}]`],
      },
      additionalPrometheusRulesMap: { ...props.rules },
    };

    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'kube-prometheus-stack',
      namespace: this.namespace,
      chart: KUBE_PROMETHEUS_STACK_CHART,
      values: this.values,
      timeoutSeconds: 900,
      dependsOn: [grafanaAdmin.secret],
    });
  }
}
