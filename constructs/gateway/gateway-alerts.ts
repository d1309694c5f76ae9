import { AlertRule, PrometheusRuleSpec } from '../../model/contracts';
/**
 * The gateway's alerting rules, as a PrometheusRule spec shipped through kube-prometheus-stack (like Triton's).
 * They read the gateway's own series (`spillway_gateway_requests_total{tier, outcome}` and
 * `spillway_gateway_level_info{level}`, served by its Lua on GATEWAY.levelMetricsPath) and HAProxy's exporter.
 */

/** The gateway's decisions that turn a request away because of load or a switch, not because of the client. */
export const SHED_OUTCOMES = ['shed', 'switched_off'] as const;

export interface GatewayAlertSettings {
  /** The gateway's namespace (its pods' `namespace` label). */
  readonly namespace: string;
  /** Tier names, highest priority first: a shed top tier is critical, the others a warning. */
  readonly tiersByPriority: readonly string[];
  /** Alert when more than this share of a tier's requests is shed (503) over 5 minutes. */
  readonly shedRatio: number;
  /** The level in force by config: another level in force for a long time is worth a reminder. */
  readonly defaultLevel: string;
  /** HAProxy backend names of the Triton pods (HTTP and gRPC). */
  readonly backends: readonly string[];
}

const rate = (selector: string) => `sum by (tier) (rate(spillway_gateway_requests_total{${selector}}[5m]))`;

export function gatewayAlertRules(settings: GatewayAlertSettings): PrometheusRuleSpec {
  const ns = `namespace="${settings.namespace}"`;
  const shed = `${ns},outcome=~"${SHED_OUTCOMES.join('|')}"`;
  const [topTier] = settings.tiersByPriority;
  const backends = settings.backends.join('|');
  const rules: AlertRule[] = [
    {
      alert: 'GatewayTierShed',
      expr: `${rate(shed)} / clamp_min(${rate(ns)}, 1e-9) > ${settings.shedRatio}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The gateway sheds tier {{ $labels.tier }}',
        description: `More than ${settings.shedRatio * 100}% of tier {{ $labels.tier }} requests were answered 503 (queue full, or switched off by the degradation level) over 5 minutes.`,
      },
    },
    {
      alert: 'GatewayTopTierShed',
      expr: `${rate(`${shed},tier="${topTier}"`)} > 0`,
      for: '2m',
      labels: { severity: 'critical', tier: topTier },
      annotations: {
        summary: `The gateway sheds the top tier (${topTier})`,
        description: `Requests of ${topTier}, the tier served first, are being answered 503: every lower tier is shed already or capacity is gone. Check Triton pods, GPU pools and the degradation level.`,
      },
    },
    {
      alert: 'GatewayDegradationLevelInForce',
      expr: `max by (level) (spillway_gateway_level_info{${ns},level!="${settings.defaultLevel}"}) == 1`,
      for: '30m',
      labels: { severity: 'info' },
      annotations: {
        summary: 'Degradation level {{ $labels.level }} has been in force for 30 minutes',
        description: `An operator switched the gateway from ${settings.defaultLevel} to {{ $labels.level }} (npm run gateway -- level): some tiers or models are refused. Switch back when the incident is over.`,
      },
    },
    {
      alert: 'GatewayNoTritonBackend',
      expr: `sum by (proxy) (haproxy_backend_active_servers{${ns},proxy=~"${backends}"}) < 1`,
      for: '2m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'The gateway sees no healthy Triton pod ({{ $labels.proxy }})',
        description: 'Every request fails over to another region (the NLB health check fails) or is answered 503.',
      },
    },
  ];
  return { groups: [{ name: 'spillway-gateway', rules }] };
}
