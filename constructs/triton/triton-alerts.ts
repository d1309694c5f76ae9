import { AlertRule, POOL_LABEL, PrometheusRuleSpec } from '../../model/contracts';
/**
 * Triton's alerting rules, as a PrometheusRule spec (`{ groups }`). Shipped through kube-prometheus-stack's
 * `additionalPrometheusRulesMap` value, so the PrometheusRule is created by the same Helm release that installs
 * its CRD (a kubernetes_manifest would need the CRD to exist already at plan time).
 */

export interface BurstPoolCeiling {
  /** Pool name (the `spillway.io/pool` node label). */
  readonly pool: string;
  /** Nodes the pool reaches when every node group of it is at maxSize. */
  readonly maxNodes: number;
}

export interface TritonAlertSettings {
  /** Queue-time SLO per request, microseconds (the HPA's target). */
  readonly queueTimeSloMicroseconds: number;
  readonly rejectedRatio: number;
  readonly failedRatio: number;
  readonly gpuUtilizationPercent: number;
  /** Triton's namespace. */
  readonly namespace: string;
  /** Triton's Deployment name (pods are `<name>-<hash>-<id>`). */
  readonly deploymentName: string;
  /** Burst pools of the cluster with their node ceiling. */
  readonly burstPools: readonly BurstPoolCeiling[];
}

/** kube-state-metrics turns a node label into `label_<name with every non-alphanumeric as _>`. */
export function kubeStateMetricsLabel(label: string): string {
  return `label_${label.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

const requests = (selector: string, window: string) =>
  `(sum by (model) (rate(nv_inference_request_success{${selector}}[${window}])) + sum by (model) (rate(nv_inference_request_failure{${selector}}[${window}])))`;

export function tritonAlertRules(settings: TritonAlertSettings): PrometheusRuleSpec {
  const ns = `namespace="${settings.namespace}"`;
  const poolLabel = kubeStateMetricsLabel(POOL_LABEL);
  const rules: AlertRule[] = [
    {
      alert: 'TritonRequestsShed',
      expr:
        `sum by (model) (rate(nv_inference_request_failure{${ns},reason="REJECTED"}[5m])) / clamp_min(${requests(ns, '5m')}, 1e-9) > ${settings.rejectedRatio}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Triton sheds requests of model {{ $labels.model }}',
        description: `More than ${settings.rejectedRatio * 100}% of {{ $labels.model }} requests were rejected (queue full or queue timeout) over 5 minutes: capacity is not keeping up. Check pending pods and burst pools.`,
      },
    },
    {
      alert: 'TritonRequestsFailing',
      expr:
        `sum by (model) (rate(nv_inference_request_failure{${ns},reason!="REJECTED"}[5m])) / clamp_min(${requests(ns, '5m')}, 1e-9) > ${settings.failedRatio}`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Triton requests of model {{ $labels.model }} fail',
        description: `More than ${settings.failedRatio * 100}% of {{ $labels.model }} requests failed for a reason other than load shedding (backend error, cancellation) over 5 minutes.`,
      },
    },
    {
      alert: 'TritonQueueTimeOverSlo',
      expr:
        `sum by (model) (increase(nv_inference_queue_duration_us{${ns}}[5m])) / clamp_min(sum by (model) (increase(nv_inference_request_success{${ns}}[5m])), 1) > ${settings.queueTimeSloMicroseconds}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Triton queue time of {{ $labels.model }} is over the SLO',
        description: `Requests of {{ $labels.model }} waited {{ $value | humanize }} us on average over 5 minutes, above the ${settings.queueTimeSloMicroseconds} us SLO, for 10 minutes despite autoscaling.`,
      },
    },
    {
      alert: 'GpuUtilizationSaturated',
      expr: `avg(DCGM_FI_DEV_GPU_UTIL) > ${settings.gpuUtilizationPercent}`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'GPUs of the cluster are saturated',
        description: `Average GPU utilization has been above ${settings.gpuUtilizationPercent}% for 15 minutes: more load will queue and be shed unless the pools can grow.`,
      },
    },
    {
      alert: 'TritonPodsPending',
      expr: `sum(kube_pod_status_phase{${ns},pod=~"${settings.deploymentName}-.*",phase="Pending"}) > 0`,
      // A burst node takes a few minutes from scale-up to a ready GPU; longer means no capacity.
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Triton pods are pending',
        description: '{{ $value }} Triton pods have been Pending for 10 minutes: GPU pools are at their maximum, spot capacity is missing, or the GPU budget is exhausted.',
      },
    },
    // Burst pools at max: kube-state-metrics counts nodes by the pool label (allow-listed in MonitoringStack)
    // and the ceiling comes from config. cluster-autoscaler's own per-node-group metrics would need its
    // --emit-per-nodegroup-metrics flag and a scrape of its Service; the node count needs nothing extra.
    ...settings.burstPools.map((pool) => ({
      alert: 'GpuBurstPoolAtMax',
      expr: `count(kube_node_labels{${poolLabel}="${pool.pool}"}) >= ${pool.maxNodes}`,
      for: '10m',
      labels: { severity: 'warning', pool: pool.pool },
      annotations: {
        summary: `Burst pool ${pool.pool} is at its maximum`,
        description: `Burst pool ${pool.pool} has run {{ $value }} of at most ${pool.maxNodes} nodes for 10 minutes: further load is shed. Raise the pool's maxSize (and maxGpus) or add a region.`,
      },
    })),
  ];
  return { groups: [{ name: 'spillway-triton', rules }] };
}
