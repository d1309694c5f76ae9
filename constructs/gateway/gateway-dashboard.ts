import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DashboardPanel, timeseriesDashboard } from '../primitives/grafana-dashboard';
import { GRAFANA_DASHBOARD_LABEL } from '../../model/contracts';

export interface GatewayDashboardSettings {
  /** The gateway's namespace. */
  readonly namespace: string;
  /** The gateway's Deployment and HPA name. */
  readonly deploymentName: string;
  /** HAProxy backend names of the Triton pods (HTTP and gRPC). */
  readonly backends: readonly string[];
}


/** The HTTP answer each gateway decision gives (gRPC clients get the matching status). */
const OUTCOME_STATUS: Readonly<Record<string, string>> = {
  unauthenticated: '401',
  forbidden: '403',
  rate_limited: '429',
  shed: '503',
  switched_off: '503',
  bad_request: '400/413',
};

/**
 * The gateway's Grafana dashboard (schemaVersion 39): per tier what was admitted and what was turned away
 * (401, 429, 503), the queue in front of Triton, the level in force and the keys loaded. No `${...}`
 * variables (Terraform would read them as interpolation in the ConfigMap data).
 */
export function gatewayDashboard(settings: GatewayDashboardSettings): Record<string, unknown> {
  const ns = `namespace="${settings.namespace}"`;
  const backends = `${ns},proxy=~"${settings.backends.join('|')}"`;
  const byOutcome = Object.entries(OUTCOME_STATUS).map(([outcome, status]) => ({
    expr: `sum by (tier) (rate(spillway_gateway_requests_total{${ns},outcome="${outcome}"}[1m]))`,
    legendFormat: `{{tier}} ${status} ${outcome}`,
  }));
  const panels: DashboardPanel[] = [
    {
      title: 'Admitted requests/s, by tier',
      unit: 'reqps',
      targets: [{ expr: `sum by (tier) (rate(spillway_gateway_requests_total{${ns},outcome="admitted"}[1m]))`, legendFormat: '{{tier}}' }],
    },
    { title: 'Refused requests/s, by tier and answer (401 key, 429 limit, 503 shed or switched off)', unit: 'reqps', targets: byOutcome },
    {
      title: 'Share of each tier shed (503)',
      unit: 'percentunit',
      targets: [
        {
          expr: `sum by (tier) (rate(spillway_gateway_requests_total{${ns},outcome=~"shed|switched_off"}[5m])) / clamp_min(sum by (tier) (rate(spillway_gateway_requests_total{${ns}}[5m])), 1e-9)`,
          legendFormat: '{{tier}}',
        },
      ],
    },
    {
      title: 'Queue in front of Triton: waiting requests and average wait',
      unit: 'short',
      targets: [
        { expr: `sum by (proxy) (haproxy_backend_current_queue{${backends}})`, legendFormat: '{{proxy}} waiting' },
        { expr: `avg by (proxy) (haproxy_backend_queue_time_average_seconds{${backends}}) * 1000`, legendFormat: '{{proxy}} avg wait (ms)' },
      ],
    },
    {
      title: 'Triton pods behind the gateway and requests in flight',
      unit: 'short',
      targets: [
        { expr: `max by (proxy) (haproxy_backend_active_servers{${backends}})`, legendFormat: '{{proxy}} pods up' },
        { expr: `sum by (proxy) (haproxy_backend_current_sessions{${backends}})`, legendFormat: '{{proxy}} in flight' },
      ],
    },
    {
      title: 'Degradation level in force (gateway pods at each level) and API keys loaded',
      unit: 'short',
      targets: [
        { expr: `sum by (level) (spillway_gateway_level_info{${ns}} == 1)`, legendFormat: 'level {{level}}' },
        { expr: `max(spillway_gateway_api_keys{${ns}})`, legendFormat: 'API keys' },
      ],
    },
    {
      title: 'Gateway replicas',
      unit: 'short',
      targets: [
        { expr: `sum(kube_horizontalpodautoscaler_status_desired_replicas{${ns},horizontalpodautoscaler="${settings.deploymentName}"})`, legendFormat: 'desired' },
        { expr: `sum(kube_deployment_status_replicas_available{${ns},deployment="${settings.deploymentName}"})`, legendFormat: 'available' },
      ],
    },
  ];
  return timeseriesDashboard({ title: 'Spillway / Inference gateway', uid: 'spillway-gateway', tags: ['spillway', 'gateway', 'haproxy'] }, panels);
}

export interface GatewayDashboardProps extends GatewayDashboardSettings {
  /** Kubernetes provider of the cluster whose Grafana shows the dashboard. */
  readonly provider: TerraformProvider;
  /** Namespace of the ConfigMap (Grafana's sidecar searches every namespace). */
  readonly configMapNamespace: string;
}

/** The gateway dashboard as a ConfigMap that Grafana's sidecar (kube-prometheus-stack) provisions. */
export class GatewayDashboard extends Construct {
  readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: GatewayDashboardProps) {
    super(scope, id);
    this.configMap = new ConfigMapV1(this, 'dashboard', {
      provider: props.provider,
      metadata: {
        name: 'spillway-gateway-dashboard',
        namespace: props.configMapNamespace,
        labels: { [GRAFANA_DASHBOARD_LABEL.key]: GRAFANA_DASHBOARD_LABEL.value, 'app.kubernetes.io/part-of': 'spillway' },
      },
      data: { 'spillway-gateway.json': JSON.stringify(gatewayDashboard(props)) },
    });
  }
}
