import { Testing, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { PrometheusAdapter, QUEUE_TIME_METRIC, queueTimeRule } from '../../../../constructs/triton/prometheus-adapter';
import { synthesizedStacks } from '../../../support/fixtures';

describe('prometheus-adapter queue-time rule', () => {
  const rule = queueTimeRule('1m');

  it('divides the queue-time delta by the successful-request delta, per pod, over the same window', () => {
    expect(rule.metricsQuery).toBe(
      'sum by (<<.GroupBy>>) (increase(nv_inference_queue_duration_us{<<.LabelMatchers>>}[1m]))' +
        ' / clamp_min(sum by (<<.GroupBy>>) (increase(nv_inference_request_success{<<.LabelMatchers>>}[1m])), 1)',
    );
  });

  it('is not the rate of the total queue time', () => {
    // A rate alone grows with throughput; the ratio grows only when requests wait.
    expect(rule.metricsQuery).not.toMatch(/^sum by \(<<\.GroupBy>>\) \(rate\(nv_inference_queue_duration_us[^/]*$/);
    expect(rule.metricsQuery.split(' / ')).toHaveLength(2);
    expect(rule.metricsQuery.split(' / ')[1]).toContain('nv_inference_request_success');
  });

  it('is a Pods metric under the name the chart’s HPA reads', () => {
    expect(rule.name.as).toBe(QUEUE_TIME_METRIC);
    expect(new RegExp(rule.name.matches).test('nv_inference_queue_duration_us')).toBe(true);
    expect(rule.resources.overrides).toEqual({ namespace: { resource: 'namespace' }, pod: { resource: 'pod' } });
    expect(rule.seriesQuery).toBe('nv_inference_queue_duration_us{namespace!="",pod!=""}');
  });

  it('computes the per-request average the HPA compares with the SLO', () => {
    // 2 requests waited 30 ms and 10 ms in the window: 40 000 us over 2 successes = 20 000 us each.
    const evaluate = (queueDelta: number, successDelta: number) => queueDelta / Math.max(successDelta, 1);
    expect(evaluate(40_000, 2)).toBe(20_000);
    expect(evaluate(0, 0)).toBe(0);
  });

  it('is released with the default rules off, pointed at kube-prometheus-stack’s Prometheus', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const helm = new HelmProvider(stack, 'helm', {});
    new PrometheusAdapter(stack, 'adapter', { helmProvider: helm, namespace: 'monitoring', prometheusUrl: 'http://kps-prometheus.monitoring.svc', nodeSelector: { 'spillway.io/role': 'system' } });
    const release = Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release)[0] as any;
    expect(release.version).toBe('5.3.0');
    const values = JSON.parse(release.values[0]);
    expect(values.prometheus).toEqual({ url: 'http://kps-prometheus.monitoring.svc', port: 9090, path: '' });
    expect(values.rules.default).toBe(false);
    expect(values.rules.custom).toEqual([queueTimeRule()]);
    expect(values.rules.resource.cpu.containerQuery).toContain('container_cpu_usage_seconds_total');
  });
});

describe('prometheus-adapter node resource rules in the example workloads stacks', () => {
  const { workloads } = synthesizedStacks();
  const releaseValues = (synth: any, name: string) => {
    const found = Object.values(synth.resource.helm_release as Record<string, any>).filter((release) => release.name === name);
    expect(found).toHaveLength(1);
    return JSON.parse(found[0].values[0]);
  };
  /** Metric names of the vector selectors in a query (`name{...}`). */
  const selectedMetrics = (query: string) => [...query.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)].map((match) => ({ name: match[1], matchers: match[2] }));

  it.each(workloads.map((stack) => [stack.node.id, stack] as const))(
    '%s: the node-exporter series the node rules select carry the label the rules map to the node resource',
    (_id, stack) => {
      const synth = JSON.parse(Testing.synth(stack));
      const adapter = releaseValues(synth, 'prometheus-adapter');
      const monitor = releaseValues(synth, 'kube-prometheus-stack')['prometheus-node-exporter'].prometheus.monitor;
      // Labels node-exporter's ServiceMonitor sets to the name of the node its scraped pod runs on (a plain copy).
      const relabelings: any[] = monitor.relabelings ?? [];
      const nodeNameLabels = relabelings
        .filter((r) => (r.action ?? 'replace').toLowerCase() === 'replace')
        .filter((r) => JSON.stringify(r.sourceLabels) === JSON.stringify(['__meta_kubernetes_pod_node_name']))
        .filter((r) => (r.regex ?? '(.*)') === '(.*)' && (r.replacement ?? '$1') === '$1')
        .map((r) => r.targetLabel as string);
      expect(nodeNameLabels.length).toBeGreaterThan(0);

      for (const resource of ['cpu', 'memory']) {
        const rule = adapter.rules.resource[resource];
        const nodeLabels = Object.entries(rule.resources.overrides as Record<string, { resource: string }>)
          .filter(([, override]) => override.resource === 'node')
          .map(([label]) => label);
        expect(nodeLabels).toHaveLength(1);
        const [nodeLabel] = nodeLabels;
        expect(nodeNameLabels).toContain(nodeLabel);
        // No later relabeling (or metric relabeling) overwrites or drops that label again.
        const after = [...relabelings.slice(relabelings.findIndex((r) => r.targetLabel === nodeLabel) + 1), ...(monitor.metricRelabelings ?? [])];
        for (const r of after) {
          expect(r.targetLabel).not.toBe(nodeLabel);
          if (['labeldrop', 'labelkeep'].includes(String(r.action).toLowerCase())) expect(new RegExp(`^(?:${r.regex})$`).test(nodeLabel)).toBe(String(r.action).toLowerCase() === 'labelkeep');
        }
        // Every series the node query selects is node-exporter's, filtered by the adapter's label matchers.
        const selectors = selectedMetrics(rule.nodeQuery);
        expect(selectors.length).toBeGreaterThan(0);
        for (const selector of selectors) {
          expect(selector.name).toMatch(/^node_/);
          expect(selector.matchers).toContain('<<.LabelMatchers>>');
        }
        expect(rule.nodeQuery).toMatch(/^sum by \(<<\.GroupBy>>\) /);
      }
    },
  );
});
