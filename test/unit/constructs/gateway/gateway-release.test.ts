import { Testing, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { escapeTerraformTemplate, GatewayRelease, gatewayChartValues, GatewayDeploymentSpec } from '../../../../constructs/gateway/gateway-release';
import { EXTERNAL_SECRETS_CHART } from '../../../../constructs/gateway/external-secrets-operator';
import { exampleConfig, synthesizedStacks } from '../../../support/fixtures';
import { terraformLiteral } from '../../../support/terraform-json';
import { GATEWAY } from '../../../../model/contracts';

const spec: GatewayDeploymentSpec = {
  image: { repository: 'docker.io/haproxytech/haproxy-alpine', tag: '3.2.9' },
  replicas: { min: 2, max: 4 },
  files: { 'haproxy.cfg': 'log-format "%{+Q}r ${NOT_TERRAFORM}"\n', 'gateway.lua': 'local t = {{1}}\n' },
  level: 'normal',
  keySecret: { name: 'spillway/t/us-west-2/gateway-api-keys', region: 'us-west-2' },
  nodeSelector: { 'spillway.io/role': 'system' },
  tritonPorts: { http: 8000, grpc: 8001, metrics: 8002 },
  tritonPodLabels: { 'app.kubernetes.io/name': 'triton-inference-server' },
};


describe('GatewayRelease', () => {
  it('passes the rendered files to Helm exactly: Terraform template markers are escaped and nothing else changes', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new GatewayRelease(stack, 'gateway', { helmProvider: new HelmProvider(stack, 'helm', {}), namespace: 'inference', gateway: spec });
    const [release] = Object.values(JSON.parse(Testing.synth(stack)).resource.helm_release) as any[];
    expect(release.values[0]).toContain('%%{+Q}r $${NOT_TERRAFORM}');
    expect(JSON.parse(terraformLiteral(release.values[0]))).toEqual(gatewayChartValues(spec));
    expect(JSON.parse(terraformLiteral(release.values[0])).files).toEqual(spec.files);
    expect(release).toMatchObject({ name: GATEWAY.releaseName, namespace: 'inference', atomic: true });
    expect(escapeTerraformTemplate('a ${b} %{c} $d %e')).toBe('a $${b} %%{c} $d %e');
  });

  it('mounts the files where the rendered config expects them, and refuses a spec without haproxy.cfg', () => {
    const values = gatewayChartValues(spec);
    expect(values.paths).toEqual({
      configDir: GATEWAY.configDir,
      keysFile: GATEWAY.keysFile,
      levelFile: GATEWAY.levelFile,
      metricsPath: GATEWAY.metricsPath,
      levelMetricsPath: GATEWAY.levelMetricsPath,
    });
    expect(values.ports).toEqual(GATEWAY.ports);
    expect(() => gatewayChartValues({ ...spec, files: { 'gateway.lua': '' } })).toThrow('files has no haproxy.cfg');
  });
});

describe('the gateway in the example workloads stacks', () => {
  const { workloads } = synthesizedStacks(exampleConfig);

  it.each(workloads.map((stack) => [stack.node.id, stack]))('%s: the release, the key sync and their order', (_name, stack) => {
    const json = JSON.parse(Testing.synth(stack as TerraformStack));
    const releases = Object.entries(json.resource.helm_release as Record<string, any>);
    const [esoId, eso] = releases.find(([, release]) => release.chart === 'external-secrets')!;
    expect([eso.repository, eso.version, eso.namespace]).toEqual([EXTERNAL_SECRETS_CHART.repository, EXTERNAL_SECRETS_CHART.version, expect.stringMatching(/kubernetes_namespace_v1\.external-secrets_namespace/)]);
    const esoValues = JSON.parse(eso.values[0]);
    expect(esoValues.serviceAccount).toEqual({ create: true, name: 'external-secrets' });
    expect(esoValues.processClusterStore).toBe(false);

    const [, gateway] = releases.find(([, release]) => release.name === GATEWAY.releaseName)!;
    expect(gateway.depends_on).toEqual(expect.arrayContaining([`helm_release.${esoId}`]));
    const values = JSON.parse(terraformLiteral(gateway.values[0]));
    const region = (stack as TerraformStack).node.id.replace('spillway-example-workloads-', '');
    expect(values.keys).toMatchObject({ secretsManagerSecretName: `spillway/example/${region}/gateway-api-keys`, awsRegion: region });
    expect(values.level.name).toBe(exampleConfig.gateway!.defaultLevel);
    expect(values.scheduling.nodeSelector).toEqual({ 'spillway.io/role': 'system' });
    expect(values.autoscaling).toMatchObject({ minReplicas: exampleConfig.gateway!.replicas.min, maxReplicas: exampleConfig.gateway!.replicas.max });
    expect(values.image).toMatchObject(exampleConfig.gateway!.image);
    expect(values.files['haproxy.cfg']).toContain(`server-template`);
    expect(values.files['haproxy.cfg']).toContain('triton-inference-server-pods.inference.svc.cluster.local');
  });
});
