import { Testing, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { PrometheusAdapter, QUEUE_TIME_METRIC, queueTimeRule } from '../../../../constructs/triton/prometheus-adapter';

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
    expect(release.version).toBe('4.14.1');
    const values = JSON.parse(release.values[0]);
    expect(values.prometheus).toEqual({ url: 'http://kps-prometheus.monitoring.svc', port: 9090, path: '' });
    expect(values.rules.default).toBe(false);
    expect(values.rules.custom).toEqual([queueTimeRule()]);
    expect(values.rules.resource.cpu.containerQuery).toContain('container_cpu_usage_seconds_total');
  });
});
