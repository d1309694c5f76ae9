/**
 * The burst model: a ramp of requests per second, split over models and tiers, into Triton's per-model,
 * per-tier bounded queues (maxQueueSize per pod; a request past timeoutMicroseconds is rejected), served
 * in priority order by the ready pods' GPUs, while the HPA (hpa.ts) and the cluster (cluster-model.ts) add
 * capacity. A fluid model in steps of `stepSeconds`: queueing from overload is exact, queueing from
 * randomness below saturation comes from Erlang C (the HPA's metric adds it), not from sampled requests.
 */
import { ClusterModel, ClusterTimings, NodeGroupModel } from './cluster-model';
import { meanWaitSeconds } from './erlang';
import { HorizontalPodAutoscaler, HpaSettings } from './hpa';

export interface BurstTier {
  readonly name: string;
  /** Triton priority level, 1 first. */
  readonly level: number;
  readonly share: number;
}

export interface BurstModel {
  readonly name: string;
  readonly share: number;
  readonly throughputPerGpu: number;
  /** Per tier: queue bound per pod and timeout in seconds. */
  readonly queue: Readonly<Record<string, { readonly maxQueueSize: number; readonly timeoutSeconds: number }>>;
}

export interface BurstScenario {
  readonly fromRps: number;
  readonly toRps: number;
  readonly rampSeconds: number;
  readonly durationSeconds: number;
  readonly tiers: readonly BurstTier[];
  readonly models: readonly BurstModel[];
  readonly gpusPerPod: number;
  /** Pods when the burst starts (the HPA's steady state at fromRps). */
  readonly initialPods: number;
  readonly hpa: HpaSettings & { readonly syncSeconds: number; readonly scrapeSeconds: number; readonly windowSeconds: number };
  readonly nodeGroups: readonly NodeGroupModel[];
  /** Pod slots on GPUs that do not scale (on-prem hybrid nodes). */
  readonly staticSlots: number;
  readonly cluster: ClusterTimings;
  /** @default 0.005 */
  readonly stepSeconds?: number;
}

export interface TierOutcome {
  readonly served: number;
  readonly shed: number;
  readonly p95QueueMs: number;
}

export interface BurstSecond {
  readonly second: number;
  readonly offeredRps: number;
  readonly readyPods: number;
  /** Per tier: served and shed requests in this second. */
  readonly served: Readonly<Record<string, number>>;
  readonly shed: Readonly<Record<string, number>>;
}

export interface BurstOutcome {
  readonly tiers: Readonly<Record<string, TierOutcome>>;
  /** Seconds from the start of the ramp until the ready pods last grew. */
  readonly timeToCapacitySeconds: number;
  readonly finalReadyPods: number;
  readonly timeline: readonly BurstSecond[];
}

/** FIFO of cohorts: requests that arrived in the same step. */
class CohortQueue {
  steps: number[] = [];
  amounts: number[] = [];
  head = 0;
  total = 0;

  push(step: number, amount: number): void {
    this.steps.push(step);
    this.amounts.push(amount);
    this.total += amount;
  }

  compact(): void {
    if (this.head > 1024 && this.head * 2 > this.steps.length) {
      this.steps = this.steps.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
  }
}

export function offeredRpsAt(scenario: Pick<BurstScenario, 'fromRps' | 'toRps' | 'rampSeconds'>, time: number): number {
  if (time <= 0) return scenario.fromRps;
  if (time >= scenario.rampSeconds) return scenario.toRps;
  return scenario.fromRps + ((scenario.toRps - scenario.fromRps) * time) / scenario.rampSeconds;
}

export function simulateBurst(scenario: BurstScenario): BurstOutcome {
  const dt = scenario.stepSeconds ?? 0.005;
  const steps = Math.round(scenario.durationSeconds / dt);
  const stepsPerSecond = Math.round(1 / dt);
  const tiers = [...scenario.tiers].sort((a, b) => a.level - b.level);
  const models = scenario.models;
  // Models share the GPUs: each gets GPU time in proportion to its offered load (share / throughput).
  const loadWeights = models.map((model) => model.share / model.throughputPerGpu);
  const loadPerRequest = loadWeights.reduce((sum, weight) => sum + weight, 0);
  const gpuShare = loadWeights.map((weight) => weight / loadPerRequest);
  const aggregateRate = 1 / loadPerRequest;

  const cluster = new ClusterModel(scenario.nodeGroups, scenario.staticSlots, scenario.gpusPerPod, scenario.cluster, scenario.initialPods);
  const hpa = new HorizontalPodAutoscaler(scenario.hpa);
  const queues = models.map(() => tiers.map(() => new CohortQueue()));
  const arrived = tiers.map(() => 0);
  const served = tiers.map(() => 0);
  const shed = tiers.map(() => 0);
  const maxWaitSteps = Math.ceil(Math.max(...models.flatMap((model) => tiers.map((tier) => model.queue[tier.name].timeoutSeconds))) / dt) + 1;
  const waitHistogram = tiers.map(() => new Float64Array(maxWaitSteps + 1));
  // Per second: served requests and their summed queue time, for the HPA's windowed metric.
  const metricServed = new Float64Array(Math.ceil(scenario.durationSeconds) + 1);
  const metricWait = new Float64Array(Math.ceil(scenario.durationSeconds) + 1);
  const timeline: BurstSecond[] = [];
  let secondServed = tiers.map(() => 0);
  let secondShed = tiers.map(() => 0);
  let lastGrowth = 0;
  let previousReady = cluster.readyPods;
  let nextSync = scenario.hpa.syncSeconds / 2;

  for (let step = 0; step < steps; step++) {
    const time = step * dt;
    cluster.advance(time);
    if (cluster.readyPods > previousReady) lastGrowth = time;
    previousReady = cluster.readyPods;
    const second = Math.floor(time);
    const rps = offeredRpsAt(scenario, time);

    if (time >= nextSync) {
      nextSync += scenario.hpa.syncSeconds;
      const metric = windowedQueueTime(metricServed, metricWait, time, scenario.hpa.scrapeSeconds, scenario.hpa.windowSeconds);
      cluster.setReplicas(hpa.sync(time, cluster.replicas, cluster.readyPods, metric));
    }

    const gpuSeconds = cluster.readyPods * scenario.gpusPerPod * dt;
    let stepServed = 0;
    let stepWait = 0;
    models.forEach((model, m) => {
      // This model's GPU time, in its own requests.
      let budget = gpuSeconds * gpuShare[m] * model.throughputPerGpu;
      tiers.forEach((tier, t) => {
        const queue = queues[m][t];
        const policy = model.queue[tier.name];
        const amount = rps * model.share * tier.share * dt;
        arrived[t] += amount;
        // Bounded queue: what does not fit is rejected at once.
        const room = Math.max(0, policy.maxQueueSize * cluster.readyPods - queue.total);
        const admitted = Math.min(amount, room);
        shed[t] += amount - admitted;
        secondShed[t] += amount - admitted;
        if (admitted > 0) queue.push(step, admitted);
        // Serve in priority order: this tier takes what the higher ones left.
        while (budget > 1e-12 && queue.head < queue.steps.length) {
          const take = Math.min(budget, queue.amounts[queue.head]);
          const waitSteps = step - queue.steps[queue.head];
          waitHistogram[t][Math.min(waitSteps, maxWaitSteps)] += take;
          served[t] += take;
          secondServed[t] += take;
          stepServed += take;
          stepWait += take * waitSteps * dt;
          budget -= take;
          queue.total -= take;
          queue.amounts[queue.head] -= take;
          if (queue.amounts[queue.head] <= 1e-12) queue.head++;
        }
        // Timeouts: requests that waited past the tier's timeout are rejected.
        const oldest = step - Math.floor(policy.timeoutSeconds / dt);
        while (queue.head < queue.steps.length && queue.steps[queue.head] < oldest) {
          shed[t] += queue.amounts[queue.head];
          secondShed[t] += queue.amounts[queue.head];
          queue.total -= queue.amounts[queue.head];
          queue.head++;
        }
        queue.compact();
      });
    });
    // The metric also carries the Erlang C wait of the load below saturation (fluid queues are empty there).
    const randomWait = meanWaitSeconds({ arrivalRate: rps, serviceRate: aggregateRate * scenario.gpusPerPod, servers: cluster.readyPods });
    metricServed[second] += stepServed;
    metricWait[second] += stepWait + (Number.isFinite(randomWait) ? randomWait * stepServed : 0);

    if ((step + 1) % stepsPerSecond === 0) {
      timeline.push({
        second,
        offeredRps: rps,
        readyPods: cluster.readyPods,
        served: Object.fromEntries(tiers.map((tier, t) => [tier.name, secondServed[t]])),
        shed: Object.fromEntries(tiers.map((tier, t) => [tier.name, secondShed[t]])),
      });
      secondServed = tiers.map(() => 0);
      secondShed = tiers.map(() => 0);
    }
  }
  // Requests still queued at the end are counted neither served nor shed: they are in flight.
  const outcome: Record<string, TierOutcome> = {};
  tiers.forEach((tier, t) => {
    const total = arrived[t];
    outcome[tier.name] = {
      served: total > 0 ? served[t] / total : 1,
      shed: total > 0 ? shed[t] / total : 0,
      p95QueueMs: percentileSteps(waitHistogram[t], 0.95) * dt * 1000,
    };
  });
  return { tiers: outcome, timeToCapacitySeconds: lastGrowth, finalReadyPods: cluster.readyPods, timeline };
}

/** Served-weighted mean queue time over [time - lag - window, time - lag], what prometheus-adapter hands the HPA. */
function windowedQueueTime(served: Float64Array, wait: Float64Array, time: number, lag: number, window: number): number {
  const end = Math.floor(time - lag);
  const start = Math.max(0, end - window);
  let count = 0;
  let total = 0;
  for (let second = start; second < end; second++) {
    count += served[second];
    total += wait[second];
  }
  return count > 0 ? total / count : 0;
}

function percentileSteps(histogram: Float64Array, quantile: number): number {
  const total = histogram.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  let running = 0;
  for (let index = 0; index < histogram.length; index++) {
    running += histogram[index];
    if (running >= quantile * total) return index;
  }
  return histogram.length - 1;
}
