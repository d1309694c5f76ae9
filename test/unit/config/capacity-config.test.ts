import { parseConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';

describe('capacity config (issue 12)', () => {
  it('fills every burst timing default and leaves the traffic file unset in the example', () => {
    const capacity = parseConfig(exampleText).capacity;
    expect(capacity.trafficFile).toBeUndefined();
    expect(capacity.waitProbability).toBe(0.01);
    expect(capacity.burst).toMatchObject({ hpaSyncSeconds: 15, autoscalerScanSeconds: 10, scrapeIntervalSeconds: 15, metricWindowSeconds: 60 });
  });

  it('reads the per-model capacity fields and the on-prem GPU count', () => {
    const config = parseConfig(exampleText);
    expect(config.triton!.models.map((model) => [model.throughputPerGpu, model.trafficShare])).toEqual([
      [400, 0.6],
      [900, undefined],
    ]);
    expect(config.regions[0].hybridNodes!.gpuCount).toBe(4);
  });

  it.each([
    ['a negative throughput', (c: any) => (c.triton.models[0].throughputPerGpu = -5), 'triton.models[0].throughputPerGpu: Number must be greater than 0 (got -5)'],
    ['a traffic share above 1', (c: any) => (c.triton.models[0].trafficShare = 1.5), 'triton.models[0].trafficShare: Number must be less than or equal to 1 (got 1.5)'],
    [
      'shares that leave nothing for a model without one',
      (c: any) => (c.triton.models[0].trafficShare = 1),
      "triton.models[0].trafficShare: the models' trafficShare values sum to 1, leaving nothing for the 1 model(s) without one",
    ],
    [
      'shares on every model that do not sum to 1',
      (c: any) => (c.triton.models[1].trafficShare = 0.3),
      "triton.models[0].trafficShare: the models' trafficShare values sum to 0.9; when every model has one they must sum to 1",
    ],
    ['a tier share for an unknown tier', (c: any) => (c.capacity = { tierShares: { premium: 0.5, gold: 0.5 } }), 'capacity.tierShares.gold: "gold" is not a tier'],
    ['tier shares that do not sum to 1', (c: any) => (c.capacity = { tierShares: { premium: 0.5, enterprise: 0.3, free: 0.1 } }), 'capacity.tierShares: shares sum to 0.9'],
    ['an unknown burst timing', (c: any) => (c.capacity = { burst: { nodeBootSecs: 90 } }), 'capacity.burst.nodeBootSecs: unknown key; allowed keys: hpaSyncSeconds,'],
    ['a zero image pull throughput', (c: any) => (c.capacity = { burst: { imagePullMiBps: 0 } }), 'capacity.burst.imagePullMiBps: Number must be greater than 0 (got 0)'],
    ['a negative on-prem GPU count', (c: any) => (c.regions[0].hybridNodes.gpuCount = -1), 'regions[0].hybridNodes.gpuCount: Number must be greater than or equal to 0 (got -1)'],
    [
      'a traffic file without triton',
      (c: any) => {
        delete c.triton;
        c.capacity = { trafficFile: 'traffic.csv' };
      },
      'capacity.trafficFile: "traffic.csv" is set but triton is not configured',
    ],
  ])('rejects %s at the field path', (_name, change, expected) => {
    const problems = problemsOf(exampleWith(change));
    expect(problems.some((problem) => problem.startsWith(expected))).toBe(true);
  });
});
