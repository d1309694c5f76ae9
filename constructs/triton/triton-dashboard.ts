import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DashboardPanel, timeseriesDashboard } from '../primitives/grafana-dashboard';
import { kubeStateMetricsLabel } from './triton-alerts';
import { GPU_PRESENT_LABEL, GRAFANA_DASHBOARD_LABEL } from '../../model/contracts';

export interface TritonDashboardSettings {
  /** Triton's namespace. */
  readonly namespace: string;
  /** Triton's Deployment and HPA name. */
  readonly deploymentName: string;
  /** Queue-time SLO in microseconds, drawn as a threshold line. */
  readonly queueTimeSloMicroseconds: number;
  /** Node label of the node role (baseline / burst). */
  readonly roleLabel: string;
}


/**
 * The Grafana dashboard model (schemaVersion 39): one time-series panel per question an operator asks in a burst.
 * Panels name no datasource (Grafana's default, kube-prometheus-stack's Prometheus): a `${...}` variable would
 * be read as Terraform interpolation in the ConfigMap data.
 */
export function tritonDashboard(settings: TritonDashboardSettings): Record<string, unknown> {
  const ns = `namespace="${settings.namespace}"`;
  const role = kubeStateMetricsLabel(settings.roleLabel);
  const gpuPresent = kubeStateMetricsLabel(GPU_PRESENT_LABEL);
  const perRequest = (metric: string) =>
    `sum by (model) (increase(${metric}{${ns}}[1m])) / clamp_min(sum by (model) (increase(nv_inference_request_success{${ns}}[1m])), 1)`;
  const panels: DashboardPanel[] = [
    {
      title: 'Queue time per request, by model (HPA signal; SLO line)',
      unit: 'µs',
      targets: [
        { expr: perRequest('nv_inference_queue_duration_us'), legendFormat: '{{model}}' },
        { expr: `vector(${settings.queueTimeSloMicroseconds})`, legendFormat: 'SLO' },
      ],
    },
    { title: 'Compute time per request, by model', unit: 'µs', targets: [{ expr: perRequest('nv_inference_compute_infer_duration_us'), legendFormat: '{{model}}' }] },
    {
      title: 'Throughput (successful requests/s and inferences/s)',
      unit: 'reqps',
      targets: [
        { expr: `sum by (model) (rate(nv_inference_request_success{${ns}}[1m]))`, legendFormat: '{{model}} requests' },
        { expr: `sum by (model) (rate(nv_inference_count{${ns}}[1m]))`, legendFormat: '{{model}} inferences' },
      ],
    },
    {
      title: 'Rejected and failed requests/s, by model and reason (REJECTED = shed)',
      unit: 'reqps',
      targets: [{ expr: `sum by (model, reason) (rate(nv_inference_request_failure{${ns}}[1m]))`, legendFormat: '{{model}} {{reason}}' }],
    },
    { title: 'GPU utilization', unit: 'percent', targets: [{ expr: 'avg by (Hostname, gpu) (DCGM_FI_DEV_GPU_UTIL)', legendFormat: '{{Hostname}} GPU {{gpu}}' }] },
    {
      title: 'GPU memory used',
      unit: 'decmbytes',
      targets: [{ expr: 'sum by (Hostname, gpu) (DCGM_FI_DEV_FB_USED)', legendFormat: '{{Hostname}} GPU {{gpu}}' }],
    },
    {
      title: 'Triton replicas vs GPU nodes',
      unit: 'short',
      targets: [
        { expr: `sum(kube_horizontalpodautoscaler_status_desired_replicas{${ns},horizontalpodautoscaler="${settings.deploymentName}"})`, legendFormat: 'desired replicas' },
        { expr: `sum(kube_deployment_status_replicas_available{${ns},deployment="${settings.deploymentName}"})`, legendFormat: 'available replicas' },
        { expr: `count by (${role}) (kube_node_labels{${gpuPresent}="true"})`, legendFormat: '{{' + role + '}} GPU nodes' },
      ],
    },
  ];
  return timeseriesDashboard({ title: 'Spillway / Triton inference', uid: 'spillway-triton', tags: ['spillway', 'triton'] }, panels);
}

export interface TritonDashboardProps extends TritonDashboardSettings {
  /** Kubernetes provider of the cluster whose Grafana shows the dashboard. */
  readonly provider: TerraformProvider;
  /** Namespace of the ConfigMap (Grafana's sidecar searches every namespace). */
  readonly configMapNamespace: string;
}

/** The Triton dashboard as a ConfigMap that Grafana's sidecar (kube-prometheus-stack) provisions. */
export class TritonDashboard extends Construct {
  readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: TritonDashboardProps) {
    super(scope, id);
    this.configMap = new ConfigMapV1(this, 'dashboard', {
      provider: props.provider,
      metadata: {
        name: 'spillway-triton-dashboard',
        namespace: props.configMapNamespace,
        labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value, 'app.kubernetes.io/part-of': 'spillway' },
      },
      data: { 'spillway-triton.json': JSON.stringify(tritonDashboard(props)) },
    });
  }
}
