/**
 * GPUs for a load. Models share GPUs (every Triton pod serves every model), so the offered load in GPUs is
 * a = sum(lambda_m / mu_m) and the aggregate per-GPU rate is mu = lambda / a. A server of the M/M/c queue is
 * a pod of gpusPerPod GPUs (rate gpusPerPod x mu); the required GPUs are the smallest pod count c with
 * C(c, a_pods) exp(-(c mu_pod - lambda) slo) <= target, times gpusPerPod.
 */
import { requiredServers, waitProbability } from './erlang';
import { simulateQueue } from './queue-simulation';

export interface ModelRate {
  readonly name: string;
  /** Share of the region's requests. */
  readonly share: number;
  /** Inferences per second one GPU sustains. */
  readonly throughputPerGpu: number;
  /** Where the rate comes from: the config field or a perf_analyzer file. */
  readonly source: string;
}

export interface SizingPolicy {
  readonly gpusPerPod: number;
  readonly sloSeconds: number;
  /** Largest acceptable P(wait > slo). */
  readonly waitProbability: number;
}

export interface Sizing {
  readonly rps: number;
  readonly offeredLoadGpus: number;
  readonly requiredPods: number;
  readonly requiredGpus: number;
  /** P(wait > slo) with the required pods: Erlang C, and the discrete-event simulation's estimate. */
  readonly waitProbability: { readonly erlangC: number; readonly simulated?: number };
}

/** GPUs per request per second: sum(share_m / mu_m). */
export function gpuSecondsPerRequest(models: readonly ModelRate[]): number {
  return models.reduce((sum, model) => sum + model.share / model.throughputPerGpu, 0);
}

export function sizeFor(rps: number, models: readonly ModelRate[], policy: SizingPolicy, simulate = false): Sizing {
  const offeredLoadGpus = rps * gpuSecondsPerRequest(models);
  if (rps <= 0) return { rps, offeredLoadGpus: 0, requiredPods: 0, requiredGpus: 0, waitProbability: { erlangC: 0 } };
  const podRate = (policy.gpusPerPod * rps) / offeredLoadGpus;
  const requiredPods = requiredServers(rps, podRate, policy.sloSeconds, policy.waitProbability);
  const queue = { arrivalRate: rps, serviceRate: podRate, servers: requiredPods };
  const erlangC = waitProbability(queue, policy.sloSeconds);
  const simulated = simulate ? simulateQueue(queue, policy.sloSeconds, { requests: 400_000, seed: 12 }).waitProbability : undefined;
  return { rps, offeredLoadGpus, requiredPods, requiredGpus: requiredPods * policy.gpusPerPod, waitProbability: { erlangC, simulated } };
}

/** The highest rps that `gpus` GPUs serve within the policy (binary search; sizing is monotone in rps). */
export function rpsCapacityOf(gpus: number, models: readonly ModelRate[], policy: SizingPolicy): number {
  const pods = Math.floor(gpus / policy.gpusPerPod);
  if (pods <= 0) return 0;
  let low = 0;
  let high = (pods * policy.gpusPerPod) / gpuSecondsPerRequest(models);
  for (let iteration = 0; iteration < 50; iteration++) {
    const middle = (low + high) / 2;
    if (sizeFor(middle, models, policy).requiredPods <= pods) low = middle;
    else high = middle;
  }
  return low;
}
