import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';

/**
 * prometheus-community `prometheus-adapter` chart 5.3.0 (app v0.12.0, unchanged from 4.14.1). Checked 2026-12-01 in
 * github:prometheus-community/helm-charts at tag prometheus-adapter-5.3.0: 5.0.0 only removed PodSecurityPolicy and
 * policy/v1beta1 PodDisruptionBudgets; every value set here (prometheus.url/port/path, replicas, nodeSelector,
 * priorityClassName, resources, rules.default/custom/external/resource) is still read by the templates.
 */
export const PROMETHEUS_ADAPTER_CHART = {
  repository: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-adapter',
  version: '5.3.0',
} as const;

/** The Pods metric (custom.metrics.k8s.io) Triton's HPA targets: average queue time per request, in microseconds. */
export const QUEUE_TIME_METRIC = 'triton_queue_time_per_request_us';

/** Window of the queue-time rule: long enough for two scrapes at 15 s, short enough to react to a burst. */
export const QUEUE_TIME_WINDOW = '1m';

/** One `rules.custom` entry of prometheus-adapter. */
export interface AdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Record<string, { readonly resource: string }> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/**
 * Average per-request queue time: the queue time Triton accumulated in the window divided by the requests it
 * completed successfully in the same window, per pod (the HPA averages over pods). A plain rate of the total
 * queue time would grow with throughput even when nobody waits; this ratio grows only when requests wait.
 * The denominator is clamped to one request, so an idle pod reports its (near zero) queue time, not NaN.
 */
export function queueTimeRule(window: string = QUEUE_TIME_WINDOW): AdapterRule {
  return {
    seriesQuery: 'nv_inference_queue_duration_us{namespace!="",pod!=""}',
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: '^nv_inference_queue_duration_us$', as: QUEUE_TIME_METRIC },
    metricsQuery:
      `sum by (<<.GroupBy>>) (increase(nv_inference_queue_duration_us{<<.LabelMatchers>>}[${window}]))` +
      ` / clamp_min(sum by (<<.GroupBy>>) (increase(nv_inference_request_success{<<.LabelMatchers>>}[${window}])), 1)`,
  };
}

/**
 * Resource metrics (metrics.k8s.io) from cAdvisor and node-exporter series: the HPA's CPU fallback needs them
 * and the clusters run no metrics-server. Do not add metrics-server as well: both would claim the APIService.
 * The node queries select node-exporter series by their `node` label, which kube-prometheus-stack's
 * node-exporter ServiceMonitor sets from the scraped pod's node (MonitoringStack's relabelings): without it
 * `kubectl top node` is empty.
 */
export const RESOURCE_RULES = {
  cpu: {
    containerQuery: 'sum by (<<.GroupBy>>) (rate(container_cpu_usage_seconds_total{container!="",<<.LabelMatchers>>}[3m]))',
    nodeQuery: 'sum by (<<.GroupBy>>) (rate(node_cpu_seconds_total{mode!="idle",mode!="iowait",mode!="steal",<<.LabelMatchers>>}[3m]))',
    resources: { overrides: { node: { resource: 'node' }, namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    containerLabel: 'container',
  },
  memory: {
    containerQuery: 'sum by (<<.GroupBy>>) (container_memory_working_set_bytes{container!="",<<.LabelMatchers>>})',
    nodeQuery: 'sum by (<<.GroupBy>>) (node_memory_MemTotal_bytes{<<.LabelMatchers>>} - node_memory_MemAvailable_bytes{<<.LabelMatchers>>})',
    resources: { overrides: { node: { resource: 'node' }, namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    containerLabel: 'container',
  },
  window: '3m',
} as const;

export interface PrometheusAdapterProps {
  /** Helm provider of the cluster the adapter is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Namespace of the release, e.g. the monitoring namespace. */
  readonly namespace: string;
  /** In-cluster URL of Prometheus, without the port, e.g. http://kps-prometheus.monitoring.svc */
  readonly prometheusUrl: string;
  /** Port of Prometheus at `prometheusUrl`. @default 9090 */
  readonly prometheusPort?: number;
  /** Where the adapter runs (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** E.g. the kube-prometheus-stack release. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * prometheus-adapter (Helm, pinned): serves Triton's per-request queue time as a Pods custom metric for the
 * HPA, and CPU/memory resource metrics for the CPU fallback. The chart's default rules are off: only what the
 * HPA reads is exposed.
 */
export class PrometheusAdapter extends Construct {
  readonly release: Release;
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: PrometheusAdapterProps) {
    super(scope, id);
    this.values = {
      prometheus: { url: props.prometheusUrl, port: props.prometheusPort ?? 9090, path: '' },
      replicas: 2,
      nodeSelector: { ...props.nodeSelector },
      priorityClassName: 'system-cluster-critical',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      rules: { default: false, custom: [queueTimeRule()], external: [], resource: RESOURCE_RULES },
    };
    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'prometheus-adapter',
      namespace: props.namespace,
      chart: PROMETHEUS_ADAPTER_CHART,
      values: this.values,
      dependsOn: props.dependsOn,
    });
  }
}
