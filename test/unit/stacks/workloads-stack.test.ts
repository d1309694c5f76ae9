import { Testing } from 'cdktf';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';

const { workloads } = synthesizedStacks();

describe('WorkloadsStack', () => {
  it('exists once per cluster', () => {
    expect(workloads.map((stack) => stack.node.id)).toEqual(
      exampleConfig.regions.map((region) => `spillway-example-workloads-${region.name}`),
    );
  });

  describe.each(workloads.map((stack, index) => [exampleConfig.regions[index].name, stack] as const))('in %s', (region, stack) => {
    const synth = JSON.parse(Testing.synth(stack));
    const remoteOutput = /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-spillway-example-infra\.outputs\./;

    it('pins the kubernetes and helm providers exactly', () => {
      expect(synth.terraform.required_providers.kubernetes.version).toBe('2.38.0');
      expect(synth.terraform.required_providers.helm.version).toBe('3.1.1');
    });

    it('reads the endpoint and CA from InfraStack through a cross-stack reference', () => {
      const [kubernetes] = synth.provider.kubernetes;
      expect(kubernetes.host).toMatch(remoteOutput);
      expect(kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(data\.terraform_remote_state\.cross-stack-reference-input-spillway-example-infra\.outputs\./);
      expect(synth.data.terraform_remote_state['cross-stack-reference-input-spillway-example-infra'].config.path).toBe(
        '../spillway-example-infra/terraform.spillway-example-infra.tfstate',
      );
    });

    it('authenticates with a short-lived token from aws eks get-token for its own region', () => {
      const [kubernetes] = synth.provider.kubernetes;
      const [helm] = synth.provider.helm;
      for (const exec of [kubernetes.exec[0], helm.kubernetes.exec]) {
        expect(exec.command).toBe('aws');
        expect(exec.args.slice(0, 2)).toEqual(['eks', 'get-token']);
        expect(exec.args[exec.args.indexOf('--region') + 1]).toBe(region);
        expect(exec.args[exec.args.indexOf('--cluster-name') + 1]).toMatch(remoteOutput);
      }
      expect(helm.kubernetes.host).toBe(kubernetes.host);
    });

    it('creates the inference namespace under Pod Security Admission', () => {
      const namespace = (Object.values(synth.resource.kubernetes_namespace_v1) as any[]).find((item) => item.metadata.name === 'inference');
      expect(namespace.metadata.name).toBe('inference');
      expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    });
  });
});
