/**
 * The gateway chart (charts/inference-gateway) with EXACTLY the values the example's WorkloadsStack synthesizes:
 * read back from the helm_release in cdk.tf.json, linted and rendered by the real helm, checked against the
 * Kubernetes API schemas, and read against the Triton chart rendered with its own synthesized values (the
 * NetworkPolicy must select exactly Triton's pods) and against the GATEWAY contract the config is rendered for.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { Manifest, parseManifests, runHelm } from './render-chart';
import { deploymentOf } from './rendered-shapes';
import { renderTritonChart } from './render-chart';
import { validateAgainstKubernetesSchemas } from './kubernetes-schemas';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';
import { terraformLiteral } from '../../support/terraform-json';
import { GATEWAY, GATEWAY_KEYS_SECRET, GATEWAY_LEVEL_CONFIGMAP } from '../../../model/contracts';
import { GATEWAY_CHART_DIR } from '../../../constructs/gateway/gateway-release';

const { outdir } = synthesizedStacks();
const stackJson = (name: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const releaseValues = (json: any, name: string) => {
  const [release] = Object.values(json.resource.helm_release as Record<string, any>).filter((r) => r.name === name);
  return name === GATEWAY.releaseName ? JSON.parse(terraformLiteral(release.values[0])) : parseYaml(release.values[0]);
};

function withValues<T>(values: object, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-gateway-values-'));
  try {
    const file = path.join(dir, 'values.json');
    fs.writeFileSync(file, JSON.stringify(values));
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const renderGateway = (values: object): Manifest[] =>
  withValues(values, (file) => {
    const result = runHelm(['template', GATEWAY.releaseName, GATEWAY_CHART_DIR, '--namespace', 'inference', '--kube-version', '1.35.0', '--values', file]);
    if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    return parseManifests(result.stdout);
  });
const named = (manifests: readonly Manifest[], kind: string, name: string): any => {
  const found = manifests.filter((m) => m.kind === kind && (m.metadata as any).name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
};

describe.each(exampleConfig.regions.map((region) => [region.name] as const))('gateway chart with the values synthesized for %s', (region) => {
  const json = stackJson(`spillway-example-workloads-${region}`);
  const values = releaseValues(json, GATEWAY.releaseName);
  const manifests = renderGateway(values);
  const pod = deploymentOf(manifests).spec.template.spec as any;

  it('lints strictly and renders objects that match the Kubernetes API schemas', () => {
    const lint = withValues(values, (file) => runHelm(['lint', '--strict', GATEWAY_CHART_DIR, '--kube-version', '1.35.0', '--values', file]));
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    validateAgainstKubernetesSchemas(manifests.filter((m) => !String(m.apiVersion).startsWith('external-secrets.io/')));
  });

  it('puts renderGatewayConfig output verbatim in the config ConfigMap, mounted at the configDir haproxy is started with', () => {
    const config = named(manifests, 'ConfigMap', `${GATEWAY.releaseName}-config`);
    expect(config.data).toEqual(values.files);
    expect(config.data['haproxy.cfg']).toContain('%{+Q}r');
    const haproxy = pod.containers.find((c: any) => c.name === 'haproxy');
    expect(haproxy.command).toEqual(['haproxy', '-W', '-db', '-f', `${GATEWAY.configDir}/haproxy.cfg`]);
    expect(haproxy.image).toBe(`${exampleConfig.gateway!.image.repository}:${exampleConfig.gateway!.image.tag}`);
    const mounts = Object.fromEntries(haproxy.volumeMounts.map((m: any) => [m.name, m.mountPath]));
    expect(mounts).toMatchObject({ config: GATEWAY.configDir, keys: path.posix.dirname(GATEWAY.keysFile), level: path.posix.dirname(GATEWAY.levelFile) });
    expect(haproxy.ports.map((p: any) => [p.name, p.containerPort])).toEqual(Object.entries(GATEWAY.ports));
  });

  it('mounts the synced key Secret as the keys file, optional until the first key exists', () => {
    const keys = pod.volumes.find((v: any) => v.name === 'keys');
    expect(keys.secret).toEqual({
      secretName: GATEWAY_KEYS_SECRET.name,
      optional: true,
      defaultMode: 0o440,
      items: [{ key: GATEWAY_KEYS_SECRET.key, path: path.posix.basename(GATEWAY.keysFile) }],
    });
    const store = named(manifests, 'SecretStore', `${GATEWAY.releaseName}-keys`);
    expect(store.spec.provider.aws).toEqual({ service: 'SecretsManager', region });
    const external = named(manifests, 'ExternalSecret', `${GATEWAY.releaseName}-keys`);
    expect(external.spec.target).toMatchObject({ name: GATEWAY_KEYS_SECRET.name, creationPolicy: 'Owner' });
    expect(external.spec.data).toEqual([{ secretKey: GATEWAY_KEYS_SECRET.key, remoteRef: { key: `spillway/example/${region}/gateway-api-keys` } }]);
    expect(external.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: store.metadata.name });
  });

  it('writes the level file through a watch on the labelled level ConfigMap, first before HAProxy starts', () => {
    const level = named(manifests, 'ConfigMap', GATEWAY_LEVEL_CONFIGMAP.name);
    expect(level.data).toEqual({ [path.posix.basename(GATEWAY.levelFile)]: exampleConfig.gateway!.defaultLevel });
    expect(level.metadata.labels[GATEWAY_LEVEL_CONFIGMAP.label]).toBe(GATEWAY.releaseName);
    const env = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    const [init] = pod.initContainers;
    const watch = pod.containers.find((c: any) => c.name === 'level-switch');
    for (const [container, method] of [[init, 'LIST'], [watch, 'WATCH']]) {
      expect(env(container)).toEqual({
        RESOURCE: 'configmap',
        NAMESPACE: 'inference',
        LABEL: GATEWAY_LEVEL_CONFIGMAP.label,
        LABEL_VALUE: GATEWAY.releaseName,
        FOLDER: path.posix.dirname(GATEWAY.levelFile),
        LOG_FORMAT: 'JSON',
        METHOD: method,
      });
      expect(container.image).toBe('quay.io/kiwigrid/k8s-sidecar:2.10.1');
    }
    const role = named(manifests, 'Role', `${GATEWAY.releaseName}-level-watch`);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('admits only gateway pods to Triton\'s inference ports: the NetworkPolicy selects exactly the pods of the Triton chart', () => {
    const triton = renderTritonChart(releaseValues(json, 'triton-inference-server'), { releaseName: 'triton-inference-server' });
    const tritonPod = deploymentOf(triton).spec.template as any;
    const policy = named(manifests, 'NetworkPolicy', values.tritonNetworkPolicy.name);
    for (const [key, value] of Object.entries(policy.spec.podSelector.matchLabels)) expect(tritonPod.metadata.labels[key]).toBe(value);
    const tritonPorts = Object.fromEntries(tritonPod.spec.containers[0].ports.map((p: any) => [p.name, p.containerPort]));
    const [fromGateway, fromMonitoring] = policy.spec.ingress;
    expect(fromGateway.from).toEqual([{ podSelector: { matchLabels: deploymentOf(manifests).spec.selector.matchLabels } }]);
    expect(fromGateway.ports).toEqual([{ protocol: 'TCP', port: tritonPorts.http }, { protocol: 'TCP', port: tritonPorts.grpc }]);
    expect(fromMonitoring).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: tritonPorts.metrics }],
    });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
  });

  it('runs on system nodes spread over zones, scales with an HPA and keeps all but one pod through disruptions', () => {
    expect(pod.nodeSelector).toEqual({ 'spillway.io/role': 'system' });
    expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' });
    // One HAProxy thread per pod: the request is the core it runs on, so the HPA's CPU target means what it says.
    expect(pod.containers.find((c: any) => c.name === 'haproxy').resources.requests.cpu).toBe('1');
    const hpa = named(manifests, 'HorizontalPodAutoscaler', GATEWAY.releaseName);
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([exampleConfig.gateway!.replicas.min, exampleConfig.gateway!.replicas.max]);
    expect(deploymentOf(manifests).spec).not.toHaveProperty('replicas');
    expect(named(manifests, 'PodDisruptionBudget', GATEWAY.releaseName).spec.maxUnavailable).toBe(1);
    const service = named(manifests, 'Service', GATEWAY.releaseName);
    expect(service.spec.ports.map((p: any) => [p.name, p.port, p.targetPort])).toEqual(Object.entries(GATEWAY.ports).map(([name, port]) => [name, port, name]));
    const monitor = named(manifests, 'ServiceMonitor', GATEWAY.releaseName);
    expect(monitor.spec.endpoints.map((e: any) => [e.port, e.path])).toEqual([['metrics', GATEWAY.metricsPath], ['metrics', GATEWAY.levelMetricsPath]]);
  });

  it('rolls the pods when the rendered config changes, and not when only the level does', () => {
    const checksum = (ms: Manifest[]) => deploymentOf(ms).spec.template.metadata.annotations['checksum/config'];
    const changed = renderGateway({ ...values, files: { ...values.files, 'haproxy.cfg': `${values.files['haproxy.cfg']}# changed\n` } });
    expect(checksum(changed)).not.toBe(checksum(manifests));
    expect(checksum(renderGateway({ ...values, level: { ...values.level, name: 'shed-free' } }))).toBe(checksum(manifests));
  });
});

describe('gateway chart values schema', () => {
  const values = releaseValues(stackJson('spillway-example-workloads-us-west-2'), GATEWAY.releaseName);
  it.each([
    ['an unknown key', { ...values, replicas: 3 }, /additional properties 'replicas' not allowed|replicas/],
    ['a file name with a slash', { ...values, files: { ...values.files, 'lua/x.lua': '' } }, /invalid propertyName 'lua\/x\.lua'/],
    ['a single replica', { ...values, autoscaling: { ...values.autoscaling, minReplicas: 1 } }, /minReplicas/],
  ])('rejects %s', (_name, bad, message) => {
    const result = withValues(bad, (file) => runHelm(['template', 'g', GATEWAY_CHART_DIR, '--values', file]));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
  });
});
