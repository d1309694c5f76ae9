import { parseConfig } from '../../../../config/load';
import { prewarmWindows, runningPodsForTarget } from '../../../../scripts/capacity/advice';
import { simulateBurst } from '../../../../scripts/capacity/burst';
import { burstScenario, modelRates, tierShares } from '../../../../scripts/capacity/fleet-inputs';
import { HOUR_MS } from '../../../../scripts/capacity/forecast';
import { HorizontalPodAutoscaler } from '../../../../scripts/capacity/hpa';
import { exampleText, exampleWith } from '../../../support/example-variants';

const hpaSettings = { targetSeconds: 0.02, tolerance: 0.1, minReplicas: 1, maxReplicas: 100, scaleUp: { stabilizationWindowSeconds: 0, percent: 100, pods: 4, periodSeconds: 15 } };

describe('the HPA model', () => {
  it('scales by ceil(ready x metric / target), limited by the larger of +100% and +4 pods per period', () => {
    const hpa = new HorizontalPodAutoscaler(hpaSettings);
    // 2 ready pods at 10x the target want 20; +4 pods (more than +100%) allows 6.
    expect(hpa.sync(0, 2, 2, 0.2)).toBe(6);
    // The next period starts from 6: +100% allows 12.
    expect(hpa.sync(15, 6, 6, 0.2)).toBe(12);
    expect(hpa.sync(30, 12, 12, 0.2)).toBe(24);
  });

  it('does nothing within the tolerance and never scales down on a scale-up sync', () => {
    const hpa = new HorizontalPodAutoscaler(hpaSettings);
    expect(hpa.sync(0, 10, 10, 0.021)).toBe(10);
    expect(hpa.sync(15, 10, 10, 0.001)).toBe(10);
  });

  it('keeps to maxReplicas', () => {
    const hpa = new HorizontalPodAutoscaler({ ...hpaSettings, maxReplicas: 5 });
    expect(hpa.sync(0, 2, 2, 1)).toBe(5);
  });
});

describe('the burst model on the example config', () => {
  const config = parseConfig(exampleText);
  const rates = modelRates(config.triton!, undefined, new Map(), 'example.yaml');
  const tiers = tierShares(config, undefined);
  const region = config.regions[0];
  const scenario = (toRps: number, warm = 0, change = config) =>
    ({ ...burstScenario(change, change.regions[0], { fromRps: 500, toRps, rampSeconds: 60 }, rates, tiers, warm), stepSeconds: 0.01 });

  it('serves everything when the burst fits the running pods', () => {
    const outcome = simulateBurst(scenario(600));
    for (const tier of Object.values(outcome.tiers)) expect(tier.served).toBeGreaterThan(0.9999);
  });

  it('sheds the lowest tier first and accounts for every request', () => {
    const outcome = simulateBurst(scenario(3000));
    const { premium, enterprise, free } = outcome.tiers;
    expect(premium.served).toBeGreaterThanOrEqual(enterprise.served);
    expect(enterprise.served).toBeGreaterThan(free.served);
    expect(free.shed).toBeGreaterThan(0.01);
    for (const tier of Object.values(outcome.tiers)) expect(tier.served + tier.shed).toBeCloseTo(1, 3);
    // New nodes: a scan, the boot, the image pull and the model load before the pods serve.
    const timing = config.capacity.burst;
    expect(outcome.timeToCapacitySeconds).toBeGreaterThan(timing.nodeBootSeconds + (timing.imageSizeGiB * 1024) / timing.imagePullMiBps);
    expect(outcome.finalReadyPods).toBe(config.triton!.replicas.max);
  });

  it('serves premium better with more pods running when the burst starts, and the search finds the fewest that reach the target', () => {
    // Room for 18 pods: 8000 rps needs about 16, and premium's third alone is more than the 2 running pods serve.
    const roomy = parseConfig(exampleWith((c) => ((c.triton.replicas.max = 18), (c.regions[1].gpuPools[1].maxSize = 8), (c.maxGpus = 40), (c.capacity = { burst: { durationSeconds: 400 } }))));
    const cold = simulateBurst(scenario(8000, 0, roomy));
    const warm = simulateBurst(scenario(8000, 6, roomy));
    expect(cold.tiers.premium.served).toBeLessThan(0.999);
    expect(warm.tiers.premium.served).toBeGreaterThan(cold.tiers.premium.served);
    const search = runningPodsForTarget((pods) => scenario(8000, pods, roomy), simulateBurst, 'premium', 0.999, 2, 18);
    expect(search.pods).toBeGreaterThan(2);
    expect(search.outcome.tiers.premium.served).toBeGreaterThanOrEqual(0.999);
    expect(simulateBurst(scenario(8000, search.pods! - 1, roomy)).tiers.premium.served).toBeLessThan(0.999);
  });

  it('falls back to on-demand only after maxNodeProvisionTime when spot is short', () => {
    const noSpot = parseConfig(exampleWith((c) => (c.capacity = { burst: { spotNodesAvailable: 0 } })));
    // 3800 rps needs all 8 pods; us-west-2 holds 6 without burst nodes, which without spot wait the 10 minutes of maxNodeProvisionTime.
    const withSpot = simulateBurst(scenario(3800, 0, config));
    const starved = simulateBurst({ ...burstScenario(noSpot, noSpot.regions[0], { fromRps: 500, toRps: 3800, rampSeconds: 60 }, rates, tiers), stepSeconds: 0.01 });
    expect(withSpot.timeToCapacitySeconds).toBeLessThan(400);
    expect(starved.timeToCapacitySeconds).toBeGreaterThan(600);
    expect(starved.tiers.free.served).toBeLessThan(withSpot.tiers.free.served);
    expect(region.name).toBe('us-west-2');
  });
});

describe('pre-warm windows', () => {
  it('opens a window the lead time before hours above the baseline and merges days with the same times', () => {
    const monday = Date.UTC(2026, 10, 2);
    const hours = Float64Array.from({ length: 48 }, (_, index) => monday + index * HOUR_MS);
    // 15:00-18:00 UTC needs 5 GPUs on both days; the baseline is 2, nodes hold 1 GPU each.
    const required = Array.from(hours, (hour) => (new Date(hour).getUTCHours() >= 15 && new Date(hour).getUTCHours() < 18 ? 5 : 1));
    const windows = prewarmWindows({ region: 'us-west-2', pool: 'burst', hours, requiredGpus: required, baselineGpus: 2, gpusPerNode: 1, maxSize: 6, leadSeconds: 272 });
    expect(windows).toEqual([{ region: 'us-west-2', pool: 'burst', name: 'forecast-1', startCron: '55 14 * * MON,TUE', endCron: '0 18 * * MON,TUE', minSize: 3 }]);
  });

  it('writes crons the config accepts', () => {
    const window = { name: 'forecast-1', startCron: '55 14 * * MON,TUE', endCron: '0 18 * * MON,TUE', minSize: 3 };
    const config = parseConfig(exampleWith((c) => (c.regions[0].gpuPools[1].prewarm = [window])));
    expect(config.regions[0].gpuPools[1].prewarm).toEqual([window]);
  });
});
