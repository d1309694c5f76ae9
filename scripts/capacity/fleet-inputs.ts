/**
 * From the validated config (and the traffic file's mix, and perf_analyzer measurements) to the inputs of
 * sizing.ts and burst.ts: model rates and shares, tier shares, each region's configured GPUs, and a burst
 * scenario with the region's node groups in the priority expander's order.
 */
import type { FleetConfig, RegionConfig } from '../../config/schema';
import { gpuNodeGroupsOf, guaranteedResources, maxGpusPerNode } from '../../model/pools';
import type { BurstScenario, BurstTier } from './burst';
import type { NodeGroupModel } from './cluster-model';
import { InputError } from './csv';
import { meanWaitSeconds } from './erlang';
import type { ModelRate, SizingPolicy } from './sizing';
import type { RegionTraffic } from './traffic-csv';

export type TritonSettings = NonNullable<FleetConfig['triton']>;

/** A measured per-GPU throughput from `--perf MODEL=FILE`. */
export interface MeasuredRate {
  readonly throughputPerGpu: number;
  readonly file: string;
}

/** Model shares from the traffic file, else `trafficShare` (models without one split what is left equally). */
export function modelRates(triton: TritonSettings, traffic: RegionTraffic | undefined, measured: ReadonlyMap<string, MeasuredRate>, configFile: string): ModelRate[] {
  const given = triton.models.reduce((sum, model) => sum + (model.trafficShare ?? 0), 0);
  const without = triton.models.filter((model) => model.trafficShare === undefined).length;
  return triton.models.map((model, index) => {
    const share = traffic?.modelShares ? traffic.modelShares[model.name] ?? 0 : model.trafficShare ?? (1 - given) / without;
    const measurement = measured.get(model.name);
    const throughputPerGpu = measurement?.throughputPerGpu ?? model.throughputPerGpu;
    if (throughputPerGpu === undefined) {
      throw new InputError(configFile, undefined, undefined, `triton.models[${index}].throughputPerGpu is not set for model "${model.name}"; set it, or measure it with --perf ${model.name}=perf.csv`);
    }
    const source = measurement ? `perf_analyzer ${measurement.file}` : `triton.models[${index}].throughputPerGpu`;
    return { name: model.name, share, throughputPerGpu, source };
  });
}

/** Tier shares from the traffic file, else capacity.tierShares, else equal. */
export function tierShares(config: FleetConfig, traffic: RegionTraffic | undefined): BurstTier[] {
  const triton = config.triton!;
  const names = Object.keys(triton.tiers);
  return names
    .map((name) => ({ name, level: triton.tiers[name], share: traffic?.tierShares?.[name] ?? config.capacity.tierShares?.[name] ?? (traffic?.tierShares ? 0 : 1 / names.length) }))
    .sort((a, b) => a.level - b.level);
}

export function sizingPolicy(config: FleetConfig): SizingPolicy {
  const triton = config.triton!;
  return { gpusPerPod: triton.gpusPerPod, sloSeconds: triton.autoscaling.queueTimeSloMicroseconds / 1e6, waitProbability: config.capacity.waitProbability };
}

export interface ConfiguredGpus {
  /** Always on: on-prem GPUs and every group's minSize. */
  readonly baseline: number;
  /** The most the region can run: every group at maxSize plus on-prem, capped by replicas.max x gpusPerPod. */
  readonly max: number;
  /** The cloud part of `max`, which counts against maxGpus. */
  readonly cloudMax: number;
  /** On-prem GPUs, undefined when the region has hybrid nodes without gpuCount. */
  readonly hybrid: number | undefined;
  readonly hybridUnknown: boolean;
}

export function configuredGpus(config: FleetConfig, region: RegionConfig): ConfiguredGpus {
  const triton = config.triton!;
  const groups = region.gpuPools.flatMap(gpuNodeGroupsOf);
  const hybrid = region.hybridNodes ? region.hybridNodes.gpuCount : 0;
  const onPrem = hybrid ?? 0;
  const baseline = onPrem + groups.reduce((sum, group) => sum + group.minSize * guaranteedResources(group.instanceTypes).gpus, 0);
  const cloudMax = groups.reduce((sum, group) => sum + group.maxSize * maxGpusPerNode(group.instanceTypes), 0);
  const max = Math.min(onPrem + cloudMax, triton.replicas.max * triton.gpusPerPod);
  return { baseline, max, cloudMax, hybrid, hybridUnknown: hybrid === undefined };
}

export interface BurstRequest {
  readonly fromRps: number;
  readonly toRps: number;
  readonly rampSeconds: number;
}

/** Node groups in the priority expander's order: baseline, then spot burst, then on-demand burst. */
export function nodeGroupsOf(config: FleetConfig, region: RegionConfig, initialPods: number): { groups: NodeGroupModel[]; staticSlots: number } {
  const triton = config.triton!;
  const staticSlots = Math.floor((region.hybridNodes?.gpuCount ?? 0) / triton.gpusPerPod);
  const rank = (role: string, spot: boolean) => (role === 'baseline' ? 0 : spot ? 1 : 2);
  const plans = region.gpuPools
    .flatMap(gpuNodeGroupsOf)
    .map((group) => ({ group, rank: rank(group.role, group.capacityType === 'SPOT') }))
    .sort((a, b) => a.rank - b.rank);
  let unplaced = Math.max(0, initialPods - staticSlots);
  const groups = plans.map(({ group }) => {
    const gpusPerNode = guaranteedResources(group.instanceTypes).gpus;
    const slots = Math.floor(gpusPerNode / triton.gpusPerPod);
    let nodes = group.minSize;
    // The cluster already runs what the steady state at the burst's start needs.
    if (slots > 0 && unplaced > nodes * slots) nodes = Math.min(group.maxSize, Math.ceil(unplaced / slots));
    unplaced = Math.max(0, unplaced - nodes * slots);
    const spotNodesAvailable = group.capacityType === 'SPOT' ? config.capacity.burst.spotNodesAvailable : undefined;
    return { name: group.name, spot: group.capacityType === 'SPOT', gpusPerNode, initialNodes: nodes, maxSize: group.maxSize, templateHasGpus: true, spotNodesAvailable };
  });
  return { groups, staticSlots };
}

/** Go duration (10m, 1h30m, 45s) in seconds. */
export function durationSeconds(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  return match ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : NaN;
}

/** The HPA's steady state before the burst: the fewest pods whose mean queue time is within the target. */
export function steadyStatePods(config: FleetConfig, rps: number, rates: readonly ModelRate[]): number {
  const triton = config.triton!;
  const target = triton.autoscaling.queueTimeSloMicroseconds / 1e6;
  const podRate = triton.gpusPerPod / rates.reduce((sum, rate) => sum + rate.share / rate.throughputPerGpu, 0);
  let pods = triton.replicas.min;
  while (pods < triton.replicas.max && meanWaitSeconds({ arrivalRate: rps, serviceRate: podRate, servers: pods }) > target) pods++;
  return pods;
}

/**
 * The burst on a region. `runningPods` (at least the steady state) are serving when it starts, on nodes
 * that are already up: what a higher replicas.min with pre-warmed nodes buys.
 */
export function burstScenario(config: FleetConfig, region: RegionConfig, request: BurstRequest, rates: readonly ModelRate[], tiers: readonly BurstTier[], runningPods = 0): BurstScenario {
  const triton = config.triton!;
  const timing = config.capacity.burst;
  const target = triton.autoscaling.queueTimeSloMicroseconds / 1e6;
  const initialPods = Math.max(steadyStatePods(config, request.fromRps, rates), Math.min(runningPods, triton.replicas.max));
  const { groups, staticSlots } = nodeGroupsOf(config, region, initialPods);
  const scaleUp = triton.autoscaling.scaleUp;
  return {
    ...request,
    durationSeconds: timing.durationSeconds,
    tiers,
    models: triton.models.map((model, index) => ({
      name: model.name,
      share: rates[index].share,
      throughputPerGpu: rates[index].throughputPerGpu,
      queue: Object.fromEntries(Object.entries(model.queuePolicy).map(([tier, policy]) => [tier, { maxQueueSize: policy.maxQueueSize, timeoutSeconds: policy.timeoutMicroseconds / 1e6 }])),
    })),
    gpusPerPod: triton.gpusPerPod,
    initialPods,
    hpa: {
      targetSeconds: target,
      tolerance: timing.hpaTolerance,
      minReplicas: triton.replicas.min,
      maxReplicas: triton.replicas.max,
      scaleUp: { stabilizationWindowSeconds: scaleUp.stabilizationWindowSeconds, percent: scaleUp.percent, pods: scaleUp.pods, periodSeconds: scaleUp.periodSeconds },
      syncSeconds: timing.hpaSyncSeconds,
      scrapeSeconds: timing.scrapeIntervalSeconds,
      windowSeconds: timing.metricWindowSeconds,
    },
    nodeGroups: groups,
    staticSlots,
    cluster: {
      scanSeconds: timing.autoscalerScanSeconds,
      maxNodeProvisionSeconds: durationSeconds(config.autoscaler.maxNodeProvisionTime),
      nodeBootSeconds: timing.nodeBootSeconds,
      imagePullSeconds: (timing.imageSizeGiB * 1024) / timing.imagePullMiBps,
      modelLoadSeconds: timing.modelLoadSeconds,
    },
  };
}

/** Seconds from a node group's scale-up to a serving pod: scan, boot, pull, load, plus one HPA sync and the metric's lag. */
export function provisioningLeadSeconds(config: FleetConfig): number {
  const timing = config.capacity.burst;
  return timing.hpaSyncSeconds + timing.scrapeIntervalSeconds + timing.autoscalerScanSeconds + timing.nodeBootSeconds + (timing.imageSizeGiB * 1024) / timing.imagePullMiBps + timing.modelLoadSeconds;
}
