/**
 * NVIDIA perf_analyzer's CSV export (`perf_analyzer -f FILE`): the first column is `Concurrency` (or
 * `Request Rate` with --request-rate-range), then `Inferences/Second`, the latency breakdown in
 * microseconds, and one `pNN latency` column per reported percentile (p50, p90, p95, p99), in
 * microseconds. Rows are sorted by throughput. Documented in perf_analyzer's docs
 * (docs/measurements_metrics.md, "Visualizing Latency vs. Throughput") and written by its report writer.
 */
import { InputError, numberAt, readCsv } from './csv';

export interface PerfPoint {
  readonly line: number;
  /** The load column: concurrency or request rate. */
  readonly load: number;
  readonly inferencesPerSecond: number;
  readonly p99LatencyMicroseconds: number;
}

export interface PerfMeasurement {
  readonly points: readonly PerfPoint[];
  /** The point chosen: the highest throughput whose p99 latency is within the budget. */
  readonly chosen: PerfPoint;
}

export const PERF_LOAD_COLUMNS = ['Concurrency', 'Request Rate'] as const;
export const PERF_THROUGHPUT_COLUMN = 'Inferences/Second';
export const PERF_P99_COLUMN = 'p99 latency';

export function parsePerfCsv(text: string, file: string): PerfPoint[] {
  const table = readCsv(text, file);
  const column = (name: string): number => {
    const index = table.header.indexOf(name);
    if (index < 0) {
      throw new InputError(file, 1, undefined, `has no "${name}" column; perf_analyzer -f writes ${PERF_LOAD_COLUMNS.join(' or ')},${PERF_THROUGHPUT_COLUMN},...,${PERF_P99_COLUMN} (got ${table.header.join(',')})`);
    }
    return index;
  };
  if (!(PERF_LOAD_COLUMNS as readonly string[]).includes(table.header[0])) {
    throw new InputError(file, 1, 1, `"${table.header[0]}" is not a perf_analyzer load column; expected ${PERF_LOAD_COLUMNS.join(' or ')}`);
  }
  const throughput = column(PERF_THROUGHPUT_COLUMN);
  const p99 = column(PERF_P99_COLUMN);
  return table.rows.map((row) => {
    const point = {
      line: row.line,
      load: numberAt(row, 0, table.header[0], file),
      inferencesPerSecond: numberAt(row, throughput, PERF_THROUGHPUT_COLUMN, file),
      p99LatencyMicroseconds: numberAt(row, p99, PERF_P99_COLUMN, file),
    };
    if (point.inferencesPerSecond < 0) throw new InputError(file, row.line, throughput + 1, `${PERF_THROUGHPUT_COLUMN} ${point.inferencesPerSecond} is negative`);
    if (point.p99LatencyMicroseconds < 0) throw new InputError(file, row.line, p99 + 1, `${PERF_P99_COLUMN} ${point.p99LatencyMicroseconds} is negative`);
    return point;
  });
}

/** The highest throughput within the latency budget, or an error naming the lowest p99 measured. */
export function chooseThroughput(points: readonly PerfPoint[], budgetMicroseconds: number, file: string): PerfMeasurement {
  const within = points.filter((point) => point.p99LatencyMicroseconds <= budgetMicroseconds);
  if (within.length === 0) {
    const best = Math.min(...points.map((point) => point.p99LatencyMicroseconds));
    throw new InputError(file, undefined, undefined, `no measurement has p99 latency within the budget of ${budgetMicroseconds} us (the lowest is ${best} us); measure lower concurrency or raise the model's latencyBudgetMicroseconds`);
  }
  const chosen = within.reduce((best, point) => (point.inferencesPerSecond > best.inferencesPerSecond ? point : best));
  if (chosen.inferencesPerSecond <= 0) throw new InputError(file, chosen.line, undefined, 'the best measurement within the budget has no throughput');
  return { points, chosen };
}
