/**
 * Advice: pre-warm windows in config syntax from the forecast and the provisioning lead time, and the pods
 * that must already serve when a burst starts to keep the premium tier at its served target (searched with
 * the burst model: more running pods never serve less).
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

export interface RunningPodsAdvice {
  /** Pods that must be serving when the burst starts, or undefined when even the most the region can run fall short. */
  readonly pods: number | undefined;
  readonly outcome: BurstOutcome;
}

/**
 * The fewest pods serving at the start of the burst (fromPods..toPods) whose simulated premium served share
 * reaches `target`: capacity that arrives during a burst comes minutes late, so it has to be running.
 */
export function runningPodsForTarget(
  scenarioWith: (pods: number) => BurstScenario,
  simulate: (scenario: BurstScenario) => BurstOutcome,
  premiumTier: string,
  target: number,
  fromPods: number,
  toPods: number,
): RunningPodsAdvice {
  const served = (outcome: BurstOutcome) => outcome.tiers[premiumTier].served;
  const atMax = simulate(scenarioWith(toPods));
  if (served(atMax) < target) return { pods: undefined, outcome: atMax };
  let low = fromPods;
  let high = toPods;
  let best = atMax;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const outcome = simulate(scenarioWith(middle));
    if (served(outcome) >= target) {
      high = middle;
      best = outcome;
    } else low = middle + 1;
  }
  return { pods: low, outcome: best };
}
