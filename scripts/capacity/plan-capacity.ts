/**
 * One capacity run: traffic file -> hourly peaks -> forecast per region -> GPUs needed at the planning peak
 * (the highest hourly 95% upper bound) against the GPUs configured -> burst model on the primary region ->
 * advice. Returns `capacity.json` (the stable shape documented in the README) and what the report and the
 * picture draw. Pure but for the forecast's WebAssembly; no files.
 */
import type { FleetConfig } from '../../config/schema';
import { gpuNodeGroupsOf, guaranteedResources } from '../../model/pools';
import { prewarmWindows, PrewarmAdvice, runningPodsForTarget } from './advice';
import { BurstOutcome, simulateBurst } from './burst';
import { FORECAST_METHOD, forecastRegion, HORIZON_HOURS, hourlyPeaks, HourlySeries, RegionForecast } from './forecast';
import { BurstRequest, burstScenario, ConfiguredGpus, configuredGpus, MeasuredRate, modelRates, provisioningLeadSeconds, sizingPolicy, steadyStatePods, tierShares } from './fleet-inputs';
import { ModelRate, rpsCapacityOf, Sizing, sizeFor } from './sizing';
import { parseTrafficCsv } from './traffic-csv';

export interface CapacityRegionJson {
  readonly peakRps: number;
  readonly offeredLoadGpus: number;
  readonly requiredGpus: number;
  readonly configuredGpus: { readonly baseline: number; readonly max: number };
  readonly shortfallGpus: number;
  readonly backtestMape: number;
  readonly waitProbability: { readonly erlangC: number; readonly simulated: number | null };
}

export interface CapacityJson {
  readonly forecast: { readonly method: string; readonly backtestMape: number; readonly horizonHours: number };
  readonly regions: Readonly<Record<string, CapacityRegionJson>>;
  readonly burst: null | {
    readonly region: string;
    readonly fromRps: number;
    readonly toRps: number;
    readonly rampSeconds: number;
    readonly timeToCapacitySeconds: number;
    readonly tiers: Readonly<Record<string, { readonly served: number; readonly shed: number; readonly p95QueueMs: number }>>;
  };
  readonly prewarm: readonly PrewarmAdvice[];
  readonly advice: {
    readonly replicasMax: number;
    readonly maxGpus: number;
    readonly regions: Readonly<Record<string, { readonly baselineGpus: number; readonly neededGpus: number; readonly burstPool?: string; readonly burstPoolMaxSize?: number }>>;
    /** Pods that must serve when the burst starts for the premium target (triton.replicas.min); null: out of reach with replicas.max. */
    readonly premiumRunningPods: number | null;
    /** Burst pool nodes those pods need beyond its minSize (a pre-warm window's minSize); null with premiumRunningPods. */
    readonly premiumWarmNodes: number | null;
    readonly premiumServedWithAdvice: number | null;
  };
}

export interface RegionDetail {
  readonly name: string;
  readonly history: HourlySeries;
  readonly forecast: RegionForecast;
  readonly rates: readonly ModelRate[];
  readonly sizing: Sizing;
  readonly configured: ConfiguredGpus;
  readonly capacityRps: { readonly baseline: number; readonly max: number };
}

export interface CapacityRun {
  readonly json: CapacityJson;
  readonly regions: readonly RegionDetail[];
  readonly burst?: BurstOutcome;
  readonly notes: readonly string[];
  /** 2 when the planning peak needs more GPUs than the config allows. */
  readonly exitCode: 0 | 2;
}

export interface CapacityInput {
  readonly config: FleetConfig;
  readonly configFile: string;
  readonly trafficFile: string;
  readonly trafficText: string;
  readonly measured: ReadonlyMap<string, MeasuredRate>;
  readonly burst?: BurstRequest;
}

export function planCapacity(input: CapacityInput): CapacityRun {
  const { config } = input;
  const triton = config.triton!;
  const policy = sizingPolicy(config);
  const primary = config.regions.find((region) => region.primary) ?? config.regions[0];
  const history = parseTrafficCsv(input.trafficText, input.trafficFile, {
    primaryRegion: primary.name,
    regions: config.regions.map((region) => region.name),
    models: triton.models.map((model) => model.name),
    tiers: Object.keys(triton.tiers),
  });
  const notes: string[] = [];
  const details: RegionDetail[] = [];
  for (const region of config.regions) {
    const traffic = history.regions.get(region.name);
    if (!traffic) {
      notes.push(`${region.name}: no traffic in ${input.trafficFile}; not sized`);
      continue;
    }
    const hourly = hourlyPeaks(traffic.times, traffic.rps, history.intervalSeconds);
    const forecast = forecastRegion(hourly, region.name, input.trafficFile);
    const rates = modelRates(triton, traffic, input.measured, input.configFile);
    const peak = Math.max(...forecast.upper);
    const configured = configuredGpus(config, region);
    if (configured.hybridUnknown) notes.push(`${region.name}: hybridNodes.gpuCount is not set, so on-prem GPUs count as 0`);
    details.push({
      name: region.name,
      history: hourly,
      forecast,
      rates,
      sizing: sizeFor(peak, rates, policy, true),
      configured,
      capacityRps: { baseline: rpsCapacityOf(configured.baseline, rates, policy), max: rpsCapacityOf(configured.max, rates, policy) },
    });
  }

  const regions: Record<string, CapacityRegionJson> = {};
  for (const detail of details) {
    regions[detail.name] = {
      peakRps: round(detail.sizing.rps, 1),
      offeredLoadGpus: round(detail.sizing.offeredLoadGpus, 3),
      requiredGpus: detail.sizing.requiredGpus,
      configuredGpus: { baseline: detail.configured.baseline, max: detail.configured.max },
      shortfallGpus: Math.max(0, detail.sizing.requiredGpus - detail.configured.max),
      backtestMape: round(detail.forecast.backtestMape, 4),
      waitProbability: { erlangC: round(detail.sizing.waitProbability.erlangC, 5), simulated: detail.sizing.waitProbability.simulated === undefined ? null : round(detail.sizing.waitProbability.simulated, 5) },
    };
  }

  // The burst, on the primary region, with its traffic's mix.
  const primaryDetail = details.find((detail) => detail.name === primary.name);
  let burst: CapacityJson['burst'] = null;
  let burstOutcome: BurstOutcome | undefined;
  let premiumRunningPods: number | null = null;
  let premiumWarmNodes: number | null = null;
  let premiumServedWithAdvice: number | null = null;
  const tiers = tierShares(config, history.regions.get(primary.name));
  const premium = tiers[0].name;
  const burstGpus = input.burst && primaryDetail ? sizeFor(input.burst.toRps, primaryDetail.rates, policy).requiredGpus : 0;
  if (input.burst && primaryDetail) {
    burstOutcome = simulateBurst(burstScenario(config, primary, input.burst, primaryDetail.rates, tiers));
    burst = {
      region: primary.name,
      ...input.burst,
      timeToCapacitySeconds: round(burstOutcome.timeToCapacitySeconds, 1),
      tiers: Object.fromEntries(Object.entries(burstOutcome.tiers).map(([tier, outcome]) => [tier, { served: round(outcome.served, 5), shed: round(outcome.shed, 5), p95QueueMs: round(outcome.p95QueueMs, 1) }])),
    };
    const scenarioWith = (pods: number) => ({ ...burstScenario(config, primary, input.burst!, primaryDetail.rates, tiers, pods), stepSeconds: 0.01 });
    const steady = steadyStatePods(config, input.burst.fromRps, primaryDetail.rates);
    const search = runningPodsForTarget(scenarioWith, simulateBurst, premium, config.capacity.premiumServedTarget, steady, triton.replicas.max);
    if (search.pods !== undefined) {
      premiumRunningPods = search.pods;
      const warmGroup = primary.gpuPools.flatMap(gpuNodeGroupsOf).find((group) => group.role === 'burst' && group.prewarm);
      const model = scenarioWith(search.pods).nodeGroups.find((group) => group.name === warmGroup?.name);
      premiumWarmNodes = warmGroup && model ? Math.max(0, model.initialNodes - warmGroup.minSize) : 0;
      premiumServedWithAdvice = round(search.outcome.tiers[premium].served, 5);
    }
  }

  // Pre-warm windows: forecast hours above the baseline, opened a provisioning lead time early.
  const lead = provisioningLeadSeconds(config);
  const prewarm: PrewarmAdvice[] = [];
  const adviceRegions: Record<string, CapacityJson['advice']['regions'][string]> = {};
  let cloudNeeded = 0;
  for (const detail of details) {
    const region = config.regions.find((entry) => entry.name === detail.name)!;
    const groups = region.gpuPools.flatMap(gpuNodeGroupsOf);
    const warmGroup = groups.find((group) => group.role === 'burst' && group.prewarm);
    const required = Array.from(detail.forecast.upper, (rps) => sizeFor(rps, detail.rates, policy).requiredGpus);
    const sortedUpper = [...detail.forecast.upper].sort((a, b) => a - b);
    const baselineGpus = sizeFor(sortedUpper[Math.floor(sortedUpper.length / 2)], detail.rates, policy).requiredGpus;
    const needed = Math.max(detail.sizing.requiredGpus, detail.name === primary.name ? burstGpus : 0);
    const onPrem = detail.configured.hybrid ?? 0;
    cloudNeeded += Math.max(0, needed - onPrem);
    let burstPoolMaxSize: number | undefined;
    if (warmGroup) {
      const gpusPerNode = guaranteedResources(warmGroup.instanceTypes).gpus;
      const otherMax = groups.filter((group) => group.role === 'baseline').reduce((sum, group) => sum + group.maxSize * guaranteedResources(group.instanceTypes).gpus, 0);
      burstPoolMaxSize = Math.max(warmGroup.maxSize, Math.ceil(Math.max(0, needed - onPrem - otherMax) / gpusPerNode));
      prewarm.push(...prewarmWindows({ region: detail.name, pool: warmGroup.pool, hours: detail.forecast.hours, requiredGpus: required, baselineGpus: detail.configured.baseline, gpusPerNode, maxSize: warmGroup.maxSize, leadSeconds: lead }));
    }
    const hot = required.filter((gpus) => gpus > detail.configured.baseline).length / required.length;
    if (hot > 0.5) {
      notes.push(`${detail.name}: ${Math.round(hot * 100)}% of the forecast hours need more than the ${detail.configured.baseline} baseline GPUs; raise the baseline (a baseline pool's minSize) rather than pre-warm most of the week`);
    }
    adviceRegions[detail.name] = { baselineGpus, neededGpus: needed, burstPool: warmGroup?.pool, burstPoolMaxSize };
  }
  const neededMax = Math.max(0, ...Object.values(adviceRegions).map((entry) => entry.neededGpus));
  const forecastShort = Object.values(regions).some((region) => region.shortfallGpus > 0);
  const forecastCloud = details.reduce((sum, detail) => sum + Math.max(0, detail.sizing.requiredGpus - (detail.configured.hybrid ?? 0)), 0);
  const overBudget = config.maxGpus !== undefined && forecastCloud > config.maxGpus;
  if (overBudget) notes.push(`the forecast peaks need ${forecastCloud} cloud GPUs over all regions; maxGpus is ${config.maxGpus}`);

  const json: CapacityJson = {
    forecast: { method: FORECAST_METHOD, backtestMape: round(Math.max(0, ...details.map((detail) => detail.forecast.backtestMape)), 4), horizonHours: HORIZON_HOURS },
    regions,
    burst,
    prewarm,
    advice: {
      replicasMax: Math.max(triton.replicas.max, Math.ceil(neededMax / triton.gpusPerPod)),
      maxGpus: Math.max(config.maxGpus ?? 0, cloudNeeded),
      regions: adviceRegions,
      premiumRunningPods,
      premiumWarmNodes,
      premiumServedWithAdvice,
    },
  };
  return { json, regions: details, burst: burstOutcome, notes, exitCode: forecastShort || overBudget ? 2 : 0 };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
