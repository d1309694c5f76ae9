import { Testing } from 'cdktf';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { KUBE_PROMETHEUS_STACK_CHART } from '../../../constructs/monitoring/kube-prometheus-stack';
import { DCGM_EXPORTER_CHART } from '../../../constructs/monitoring/dcgm-exporter';
import { PROMETHEUS_ADAPTER_CHART } from '../../../constructs/triton/prometheus-adapter';
import { tritonAlertRules } from '../../../constructs/triton/triton-alerts';

const { workloads } = synthesizedStacks();

const releaseNamed = (synth: any, name: string) => {
  const found = Object.values(synth.resource.helm_release as Record<string, any>).filter((release) => release.name === name);
  if (found.length !== 1) throw new Error(`expected one helm_release ${name}, found ${found.length}`);
  return found[0];
};

describe.each(workloads.map((stack, index) => [exampleConfig.regions[index].name, stack] as const))('inference workloads in %s', (_region, stack) => {
  const synth = JSON.parse(Testing.synth(stack));
  const kps = releaseNamed(synth, 'kube-prometheus-stack');
  const kpsValues = JSON.parse(kps.values[0]);

  it('pins every chart exactly', () => {
    expect(kps.version).toBe(KUBE_PROMETHEUS_STACK_CHART.version);
    expect(releaseNamed(synth, 'prometheus-adapter').version).toBe(PROMETHEUS_ADAPTER_CHART.version);
    expect(releaseNamed(synth, 'dcgm-exporter').version).toBe(DCGM_EXPORTER_CHART.version);
    for (const release of Object.values(synth.resource.helm_release as Record<string, any>)) {
      if (release.repository) expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('runs kube-prometheus-stack with Alertmanager on, selecting every ServiceMonitor and rule', () => {
    expect(kpsValues.fullnameOverride).toBe('kps');
    expect(kpsValues.alertmanager.enabled).toBe(true);
    const spec = kpsValues.prometheus.prometheusSpec;
    expect([spec.serviceMonitorSelectorNilUsesHelmValues, spec.ruleSelectorNilUsesHelmValues]).toEqual([false, false]);
    expect(JSON.parse(releaseNamed(synth, 'prometheus-adapter').values[0]).prometheus.url).toBe('http://kps-prometheus.monitoring.svc');
  });

  it('gives Grafana a generated admin password kept out of state, not the chart default', () => {
    expect(kpsValues.grafana.admin.existingSecret).toBe('grafana-admin');
    expect(kpsValues.grafana.adminPassword).toBeUndefined();
    const secrets = Object.values(synth.resource.kubernetes_secret_v1 as Record<string, any>);
    for (const secret of secrets) {
      expect(secret.data).toBeUndefined();
      expect(JSON.stringify(secret.data_wo)).toContain('uuid()');
      expect(secret.data_wo_revision).toBe(1);
    }
    expect(secrets.map((secret) => secret.metadata.name).sort()).toEqual(['grafana-admin', 'triton-admin-key']);
  });

  it('ships the Triton alerts through the chart, with the SLO and burst ceilings from config', () => {
    const rules = kpsValues.additionalPrometheusRulesMap['spillway-triton'].groups[0].rules;
    expect(rules.map((rule: any) => rule.alert)).toEqual(
      expect.arrayContaining(['TritonRequestsShed', 'TritonRequestsFailing', 'TritonQueueTimeOverSlo', 'GpuUtilizationSaturated', 'TritonPodsPending', 'GpuBurstPoolAtMax']),
    );
    expect(rules.find((rule: any) => rule.alert === 'TritonQueueTimeOverSlo').expr).toMatch(/> 20000$/);
    expect(rules.find((rule: any) => rule.alert === 'TritonRequestsShed').expr).toContain('reason="REJECTED"');
    // The burst pool is spot + on-demand groups: its ceiling is both groups' maxSize.
    const burst = rules.find((rule: any) => rule.alert === 'GpuBurstPoolAtMax');
    const pool = stack.node.id.endsWith('us-west-2') ? 12 : 8;
    expect(burst.expr).toBe(`count(kube_node_labels{label_spillway_io_pool="burst"}) >= ${pool}`);
    expect(kpsValues['kube-state-metrics'].metricLabelsAllowlist[0]).toContain('spillway.io/pool');
  });

  it('runs dcgm-exporter only on GPU nodes, tolerating the GPU taint', () => {
    const values = JSON.parse(releaseNamed(synth, 'dcgm-exporter').values[0]);
    expect(values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
    ]);
    expect(values.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  it('provisions the Triton dashboard as a labelled ConfigMap with the panels operators need', () => {
    const maps = Object.values(synth.resource.kubernetes_config_map_v1 as Record<string, any>).filter(
      (map) => map.metadata.labels?.grafana_dashboard === '1' && 'spillway-triton.json' in map.data,
    );
    expect(maps).toHaveLength(1);
    const dashboard = JSON.parse(maps[0].data['spillway-triton.json']);
    const exprs = dashboard.panels.flatMap((panel: any) => panel.targets.map((target: any) => target.expr)).join('\n');
    for (const metric of ['nv_inference_queue_duration_us', 'nv_inference_compute_infer_duration_us', 'nv_inference_request_success', 'nv_inference_request_failure', 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED', 'kube_horizontalpodautoscaler_status_desired_replicas', 'kube_node_labels']) {
      expect(exprs).toContain(metric);
    }
    expect(maps[0].data['spillway-triton.json']).not.toContain('${');
  });

  it('orders Triton after its admin Secret, monitoring and the adapter', () => {
    const triton = releaseNamed(synth, 'triton-inference-server');
    expect(triton.depends_on.join(' ')).toMatch(/kubernetes_secret_v1\..*helm_release\.monitoring.*helm_release\.prometheus-adapter/);
    expect(triton.namespace).toMatch(/kubernetes_namespace_v1\.inference/);
  });
});

describe('tritonAlertRules', () => {
  it('makes one burst-pool rule per burst pool and none without', () => {
    const base = { queueTimeSloMicroseconds: 1, rejectedRatio: 0.1, failedRatio: 0.1, gpuUtilizationPercent: 90, namespace: 'inference', deploymentName: 't' };
    const count = (pools: { pool: string; maxNodes: number }[]) =>
      tritonAlertRules({ ...base, burstPools: pools }).groups[0].rules.filter((rule) => rule.alert === 'GpuBurstPoolAtMax').length;
    expect(count([])).toBe(0);
    expect(count([{ pool: 'a', maxNodes: 2 }, { pool: 'b', maxNodes: 3 }])).toBe(2);
  });
});
