/**
 * Advice: pre-warm windows in config syntax from the forecast and the provisioning lead time, and the warm
 * burst nodes that keep the premium tier at its served target through the burst (searched with the burst
 * model: more warm nodes never serve less).
 */
import type { BurstOutcome, BurstScenario } from './burst';
import { HOUR_MS } from './forecast';

export interface PrewarmAdvice {
  readonly region: string;
  readonly pool: string;
  readonly name: string;
  readonly startCron: string;
  readonly endCron: string;
  readonly minSize: number;
}

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface PrewarmInput {
  readonly region: string;
  readonly pool: string;
  readonly hours: Float64Array;
  /** GPUs each forecast hour needs at its upper bound. */
  readonly requiredGpus: readonly number[];
  readonly baselineGpus: number;
  readonly gpusPerNode: number;
  readonly maxSize: number;
  readonly leadSeconds: number;
}

/**
 * Runs of forecast hours that need more than the baseline become windows opening `leadSeconds` (rounded up to
 * 5 minutes) before the run and closing at its end; windows with the same times and size merge their days.
 */
export function prewarmWindows(input: PrewarmInput): PrewarmAdvice[] {
  const leadMs = Math.ceil(input.leadSeconds / 300) * 300 * 1000;
  const runs: { start: number; end: number; gpus: number }[] = [];
  input.requiredGpus.forEach((gpus, index) => {
    if (gpus <= input.baselineGpus) return;
    const hour = input.hours[index];
    const last = runs[runs.length - 1];
    if (last && last.end === hour) {
      last.end = hour + HOUR_MS;
      last.gpus = Math.max(last.gpus, gpus);
    } else runs.push({ start: hour, end: hour + HOUR_MS, gpus });
  });
  const merged = new Map<string, { startDays: Set<number>; endDays: Set<number>; start: Date; end: Date; minSize: number }>();
  for (const run of runs) {
    const start = new Date(run.start - leadMs);
    const end = new Date(run.end);
    const minSize = Math.min(input.maxSize, Math.ceil((run.gpus - input.baselineGpus) / input.gpusPerNode));
    const key = `${start.getUTCHours()}:${start.getUTCMinutes()}-${end.getUTCHours()}:${end.getUTCMinutes()}-${minSize}`;
    const entry = merged.get(key) ?? { startDays: new Set(), endDays: new Set(), start, end, minSize };
    entry.startDays.add(start.getUTCDay());
    entry.endDays.add(end.getUTCDay());
    merged.set(key, entry);
  }
  return [...merged.values()].map((entry, index) => ({
    region: input.region,
    pool: input.pool,
    name: `forecast-${index + 1}`,
    startCron: `${entry.start.getUTCMinutes()} ${entry.start.getUTCHours()} * * ${days(entry.startDays)}`,
    endCron: `${entry.end.getUTCMinutes()} ${entry.end.getUTCHours()} * * ${days(entry.endDays)}`,
    minSize: entry.minSize,
  }));
}

function days(set: ReadonlySet<number>): string {
  const sorted = [...set].sort((a, b) => a - b);
  return sorted.length === 7 ? '*' : sorted.map((day) => DAY_NAMES[day]).join(',');
}

export interface WarmNodeAdvice {
  /** Extra warm nodes on the burst pool, or undefined when even maxSize warm does not reach the target. */
  readonly warmNodes: number | undefined;
  readonly outcome: BurstOutcome;
}

/** The fewest extra warm burst nodes (0..maxWarm) whose simulated premium served share reaches `target`. */
export function warmNodesForTarget(
  scenarioWith: (warmNodes: number) => BurstScenario,
  simulate: (scenario: BurstScenario) => BurstOutcome,
  premiumTier: string,
  target: number,
  maxWarm: number,
): WarmNodeAdvice {
  const served = (outcome: BurstOutcome) => outcome.tiers[premiumTier].served;
  const atMax = simulate(scenarioWith(maxWarm));
  if (served(atMax) < target) return { warmNodes: undefined, outcome: atMax };
  let low = 0;
  let high = maxWarm;
  let best = atMax;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const outcome = simulate(scenarioWith(middle));
    if (served(outcome) >= target) {
      high = middle;
      best = outcome;
    } else low = middle + 1;
  }
  return { warmNodes: low, outcome: low === maxWarm ? atMax : best };
}
