/**
 * The traffic history: `timestamp,rps` and optional `region`, `model`, `tier` columns, ISO-8601 UTC
 * timestamps at one regular interval from 1 minute to 1 hour (dividing the hour). Without `region` the
 * traffic is the primary region's; `model` and `tier`, when present, give the mix. Every problem is an
 * InputError at its line and column.
 */
import { InputError, numberAt, readCsv } from './csv';

export const TRAFFIC_REQUIRED_COLUMNS = ['timestamp', 'rps'] as const;
export const TRAFFIC_OPTIONAL_COLUMNS = ['region', 'model', 'tier'] as const;

/** What the file may name, from the config. */
export interface TrafficVocabulary {
  readonly primaryRegion: string;
  readonly regions: readonly string[];
  readonly models: readonly string[];
  readonly tiers: readonly string[];
}

export interface RegionTraffic {
  /** Sample start times, epoch milliseconds, regular. */
  readonly times: Float64Array;
  /** Total requests per second of the region at each time. */
  readonly rps: Float64Array;
  /** Share of requests per model, when the file has a model column. */
  readonly modelShares?: Readonly<Record<string, number>>;
  /** Share of requests per tier, when the file has a tier column. */
  readonly tierShares?: Readonly<Record<string, number>>;
}

export interface TrafficHistory {
  readonly intervalSeconds: number;
  readonly regions: ReadonlyMap<string, RegionTraffic>;
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|\+00:00)$/;

/** Every series repeats the same timestamps: parse each text once. */
const parsedTimestamps = new Map<string, number | undefined>();

/** Epoch ms of an ISO-8601 UTC timestamp, or undefined when it is not one. */
export function parseUtcTimestamp(text: string): number | undefined {
  if (parsedTimestamps.has(text)) return parsedTimestamps.get(text);
  if (parsedTimestamps.size > 100_000) parsedTimestamps.clear();
  const ms = parseUncached(text);
  parsedTimestamps.set(text, ms);
  return ms;
}

function parseUncached(text: string): number | undefined {
  const match = ISO_UTC.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date round-trips.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return ms;
}

interface Series {
  readonly firstLine: number;
  readonly times: number[];
  readonly rps: number[];
  readonly lines: number[];
}

export function parseTrafficCsv(text: string, file: string, vocabulary: TrafficVocabulary): TrafficHistory {
  const table = readCsv(text, file);
  const allowed = [...TRAFFIC_REQUIRED_COLUMNS, ...TRAFFIC_OPTIONAL_COLUMNS] as readonly string[];
  table.header.forEach((name, index) => {
    if (!allowed.includes(name)) throw new InputError(file, 1, index + 1, `unknown column "${name}"; allowed: ${allowed.join(', ')}`);
    if (table.header.indexOf(name) !== index) throw new InputError(file, 1, index + 1, `column "${name}" appears twice`);
  });
  for (const name of TRAFFIC_REQUIRED_COLUMNS) {
    if (!table.header.includes(name)) throw new InputError(file, 1, undefined, `has no "${name}" column; the header needs timestamp,rps and may add region, model, tier (got ${table.header.join(',')})`);
  }
  const at = (name: string) => table.header.indexOf(name);
  const [timeColumn, rpsColumn, regionColumn, modelColumn, tierColumn] = ['timestamp', 'rps', 'region', 'model', 'tier'].map(at);
  const check = (row: { line: number; fields: readonly string[] }, column: number, known: readonly string[], what: string): string => {
    const value = row.fields[column];
    if (!known.includes(value)) throw new InputError(file, row.line, column + 1, `${what} "${value}" is not in the config; known: ${known.join(', ')}`);
    return value;
  };

  const series = new Map<string, Series>();
  for (const row of table.rows) {
    const time = parseUtcTimestamp(row.fields[timeColumn]);
    if (time === undefined) throw new InputError(file, row.line, timeColumn + 1, `timestamp "${row.fields[timeColumn]}" is not ISO-8601 UTC like 2026-11-02T14:05:00Z`);
    const rps = numberAt(row, rpsColumn, 'rps', file);
    if (rps < 0) throw new InputError(file, row.line, rpsColumn + 1, `rps ${rps} is negative`);
    const region = regionColumn >= 0 ? check(row, regionColumn, vocabulary.regions, 'region') : vocabulary.primaryRegion;
    const model = modelColumn >= 0 ? check(row, modelColumn, vocabulary.models, 'model') : '';
    const tier = tierColumn >= 0 ? check(row, tierColumn, vocabulary.tiers, 'tier') : '';
    const key = `${region}\u0000${model}\u0000${tier}`;
    const entry = series.get(key) ?? { firstLine: row.line, times: [], rps: [], lines: [] };
    series.set(key, entry);
    const previous = entry.times[entry.times.length - 1];
    if (previous !== undefined && time === previous) {
      throw new InputError(file, row.line, timeColumn + 1, `timestamp ${row.fields[timeColumn]} repeats line ${entry.lines[entry.lines.length - 1]}${describeKey(region, model, tier)}`);
    }
    if (previous !== undefined && time < previous) {
      throw new InputError(file, row.line, timeColumn + 1, `timestamp ${row.fields[timeColumn]} is earlier than line ${entry.lines[entry.lines.length - 1]}${describeKey(region, model, tier)}; sort the file by time`);
    }
    entry.times.push(time);
    entry.rps.push(rps);
    entry.lines.push(row.line);
  }

  const intervalMs = detectInterval(series, file, timeColumn);
  for (const [key, entry] of series) {
    for (let index = 1; index < entry.times.length; index++) {
      const step = entry.times[index] - entry.times[index - 1];
      if (step !== intervalMs) {
        const [region, model, tier] = key.split('\u0000');
        throw new InputError(
          file,
          entry.lines[index],
          timeColumn + 1,
          `gap: ${new Date(entry.times[index]).toISOString()} follows line ${entry.lines[index - 1]} by ${step / 1000} s; the interval is ${intervalMs / 1000} s${describeKey(region, model, tier)}`,
        );
      }
    }
  }
  return { intervalSeconds: intervalMs / 1000, regions: combineRegions(series, file, timeColumn) };
}

function describeKey(region: string, model: string, tier: string): string {
  const parts = [`region ${region}`, model && `model ${model}`, tier && `tier ${tier}`].filter(Boolean);
  return ` (series ${parts.join(', ')})`;
}

function detectInterval(series: ReadonlyMap<string, Series>, file: string, timeColumn: number): number {
  const longest = [...series.values()].reduce((best, entry) => (entry.times.length > best.times.length ? entry : best));
  if (longest.times.length < 2) throw new InputError(file, longest.firstLine, timeColumn + 1, 'a series needs at least two rows to have an interval');
  const interval = longest.times[1] - longest.times[0];
  const seconds = interval / 1000;
  if (seconds < 60 || seconds > 3600 || 3600 % seconds !== 0) {
    throw new InputError(file, longest.lines[1], timeColumn + 1, `interval ${seconds} s is not allowed; use a regular interval from 60 s to 3600 s that divides the hour (1, 5, 15 minutes, 1 hour)`);
  }
  return interval;
}

/** Sums each region's series; every series of a region must cover the same times. */
function combineRegions(series: ReadonlyMap<string, Series>, file: string, timeColumn: number): Map<string, RegionTraffic> {
  const byRegion = new Map<string, { key: string; entry: Series }[]>();
  for (const [key, entry] of series) {
    const region = key.split('\u0000')[0];
    byRegion.set(region, [...(byRegion.get(region) ?? []), { key, entry }]);
  }
  const regions = new Map<string, RegionTraffic>();
  for (const [region, list] of byRegion) {
    const reference = list[0].entry;
    const first = reference.times[0];
    const count = reference.times.length;
    for (const { key, entry } of list) {
      if (entry.times[0] !== first || entry.times.length !== count) {
        const [, model, tier] = key.split('\u0000');
        throw new InputError(
          file,
          entry.firstLine,
          timeColumn + 1,
          `series${describeKey(region, model, tier)} covers ${new Date(entry.times[0]).toISOString()} to ${new Date(entry.times[entry.times.length - 1]).toISOString()}, the region's first series ${new Date(first).toISOString()} to ${new Date(reference.times[count - 1]).toISOString()}; every series of a region needs the same times`,
        );
      }
    }
    const rps = new Float64Array(count);
    const modelTotals: Record<string, number> = {};
    const tierTotals: Record<string, number> = {};
    for (const { key, entry } of list) {
      const [, model, tier] = key.split('\u0000');
      let total = 0;
      for (let index = 0; index < count; index++) {
        rps[index] += entry.rps[index];
        total += entry.rps[index];
      }
      if (model) modelTotals[model] = (modelTotals[model] ?? 0) + total;
      if (tier) tierTotals[tier] = (tierTotals[tier] ?? 0) + total;
    }
    regions.set(region, {
      times: Float64Array.from(reference.times),
      rps,
      modelShares: Object.keys(modelTotals).length > 0 ? normalise(modelTotals) : undefined,
      tierShares: Object.keys(tierTotals).length > 0 ? normalise(tierTotals) : undefined,
    });
  }
  return regions;
}

function normalise(totals: Record<string, number>): Record<string, number> {
  const sum = Object.values(totals).reduce((total, value) => total + value, 0);
  return Object.fromEntries(Object.entries(totals).map(([name, value]) => [name, sum > 0 ? value / sum : 1 / Object.keys(totals).length]));
}
