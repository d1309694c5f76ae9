import { hpaBehavior, tritonChartValues } from '../../../constructs/triton/triton-release';
import { QUEUE_TIME_METRIC } from '../../../constructs/triton/prometheus-adapter';
import { manifestOfKind, clusterIpService, renderTritonChart } from './render-chart';
import { exampleConfig } from '../../support/fixtures';
import type { TritonConfig } from '../../../config/schema';

const triton: TritonConfig = {
  ...exampleConfig.triton!,
  replicas: { min: 3, max: 7 },
  autoscaling: {
    queueTimeSloMicroseconds: 15000,
    cpuTargetUtilization: 70,
    scaleUp: { stabilizationWindowSeconds: 0, percent: 200, pods: 5, periodSeconds: 20 },
    scaleDown: { stabilizationWindowSeconds: 600, percent: 5, periodSeconds: 120 },
  },
};

describe('Triton HPA from config', () => {
  const values = tritonChartValues(triton, 'eu-west-1', 's3://acme-models/triton');
  const hpa = manifestOfKind(renderTritonChart(values), 'HorizontalPodAutoscaler') as any;

  it('renders the configured replica bounds', () => {
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 7]);
  });

  it('targets the per-request queue time from prometheus-adapter at the SLO, with CPU as fallback', () => {
    expect(hpa.spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: QUEUE_TIME_METRIC }, target: { type: 'AverageValue', averageValue: '15000' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  it('renders the behavior block: fast scale-up (the larger policy wins), slow scale-down (the smaller wins)', () => {
    expect(hpa.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 200, periodSeconds: 20 },
          { type: 'Pods', value: 5, periodSeconds: 20 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 5, periodSeconds: 120 }] },
    });
  });

  it('omits the Pods policy when none is configured', () => {
    const behavior = hpaBehavior({ ...triton.autoscaling, scaleUp: { ...triton.autoscaling.scaleUp, pods: undefined } });
    expect(behavior.scaleUp.policies).toEqual([{ type: 'Percent', value: 200, periodSeconds: 20 }]);
  });

  it('binds to the front door Service name and ports when given', () => {
    const bound = tritonChartValues(triton, 'eu-west-1', 's3://acme-models/triton', { name: 'inference-api', httpPort: 9000, grpcPort: 9001 });
    const service = clusterIpService(renderTritonChart(bound)) as any;
    expect(service.metadata.name).toBe('inference-api');
    expect(service.spec.ports.map((port: any) => [port.name, port.port])).toEqual(
      expect.arrayContaining([['http', 9000], ['grpc', 9001]]),
    );
  });
});
