/**
 * The Triton chart with EXACTLY the values WorkloadsStack synthesizes for the example config: read back from
 * each synthesized helm_release (`values[0]` of cdk.tf.json after a full app synth), linted, rendered and
 * validated against the Kubernetes API schemas.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { TRITON_CHART_DIR, helmLintTriton, helmTemplateTriton, manifestOfKind, clusterIpService, renderTritonChart } from './render-chart';
import { validateAgainstKubernetesSchemas } from './kubernetes-schemas';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';


const { outdir, workloads } = synthesizedStacks();

/** The synthesized Triton helm_release of a workloads stack, read from its cdk.tf.json. */
function tritonReleaseOf(stackName: string): { release: any; values: any; stackDir: string } {
  const stackDir = path.join(outdir, 'stacks', stackName);
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  const releases = Object.values(json.resource.helm_release as Record<string, any>).filter((r) => r.name === 'triton-inference-server');
  if (releases.length !== 1) throw new Error(`expected one Triton helm_release in ${stackName}, found ${releases.length}`);
  const [release] = releases;
  return { release, values: parseYaml(release.values[0]), stackDir };
}

describe.each(workloads.map((stack, index) => [exampleConfig.regions[index].name, stack.node.id] as const))(
  'Triton chart with the values synthesized for %s',
  (region, stackName) => {
    const { release, values, stackDir } = tritonReleaseOf(stackName);

    it('ships the in-repo chart as an asset copied next to the stack', () => {
      expect(release.chart).toMatch(/^assets\//);
      const copied = path.join(stackDir, release.chart);
      for (const file of ['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates/hpa.yaml']) {
        expect(fs.readFileSync(path.join(copied, file), 'utf8')).toBe(fs.readFileSync(path.join(TRITON_CHART_DIR, file), 'utf8'));
      }
    });

    it('are plain values (no unresolved Terraform references) carrying the region’s config', () => {
      expect(release.values).toHaveLength(1);
      expect(release.values[0]).not.toContain('${');
      expect(values.modelRepository).toEqual({ uri: `s3://acme-spillway-example-models-${region}/triton`, region });
      expect(values.models).toEqual(['resnet50', 'text-embedder']);
      expect(values.image).toMatchObject({ repository: 'nvcr.io/nvidia/tritonserver', tag: '26.07-py3' });
    });

    it('pass helm lint --strict', () => {
      const result = helmLintTriton(values);
      expect(result.stderr).not.toMatch(/\[ERROR\]/);
      expect(result.status).toBe(0);
    });

    it('render manifests that validate against the Kubernetes API schemas', () => {
      const manifests = renderTritonChart(values, { releaseName: release.name, namespace: 'inference' });
      expect(manifests.length).toBeGreaterThanOrEqual(7);
      expect(() => validateAgainstKubernetesSchemas(manifests)).not.toThrow();
    });

    it('render the Deployment, Service and HPA the rest of the system binds to', () => {
      const manifests = renderTritonChart(values, { releaseName: release.name, namespace: 'inference' });
      const deployment = manifestOfKind(manifests, 'Deployment') as any;
      const pod = deployment.spec.template.spec;
      expect(pod.serviceAccountName).toBe('triton-inference-server');
      const args: string[] = pod.containers[0].args;
      expect(args).toEqual(expect.arrayContaining([`--model-repository=s3://acme-spillway-example-models-${region}/triton`, '--load-model=resnet50', '--load-model=text-embedder']));
      expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'TRITON_RESTRICTED_API_KEY', valueFrom: { secretKeyRef: { name: 'triton-admin-key', key: 'value' } } }]));
      expect((clusterIpService(manifests) as any).metadata.name).toBe(exampleConfig.frontDoor!.service.name);
      const hpa = manifestOfKind(manifests, 'HorizontalPodAutoscaler') as any;
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 8]);
      expect(hpa.spec.metrics[0].pods.target.averageValue).toBe('20000');
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    });

    it('are rejected by values.schema.json once a pinned value is broken', () => {
      const result = helmTemplateTriton({ ...values, image: { ...values.image, tag: 'latest' } });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/image\.tag|tag/);
    });
  },
);
