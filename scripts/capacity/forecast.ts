/**
 * The 7-day forecast per region: Grafana's augurs (MSTL, with daily and weekly seasonal periods and an
 * AutoETS trend, compiled to WebAssembly) on the hourly peaks of the history, with a 95% prediction band,
 * and a back-test on the last week of the history (fit without it, forecast it, MAPE against it).
 */
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { InputError } from './csv';

export const HOUR_MS = 3_600_000;
export const HORIZON_HOURS = 168;
export const PREDICTION_LEVEL = 0.95;
export const SEASONAL_PERIODS = [24, 168] as const;
/** Two weekly cycles to fit, one to back-test on. */
export const MIN_HISTORY_HOURS = 3 * 168;
/**
 * The fit uses the last 8 weeks of hourly peaks: enough weekly cycles for MSTL, and a year of history fits in
 * a fraction of the time. Older history is still read and checked, and drawn nowhere.
 */
export const FIT_HOURS = 8 * 168;
export const FORECAST_METHOD = `augurs MSTL (periods ${SEASONAL_PERIODS.join(' h, ')} h, AutoETS trend), ${PREDICTION_LEVEL * 100}% interval, on hourly peaks of the last ${FIT_HOURS / 168} weeks`;

export interface HourlySeries {
  /** Start of each hour, epoch ms. */
  readonly hours: Float64Array;
  /** The highest sample in each hour, rps. */
  readonly peaks: Float64Array;
}

export interface RegionForecast {
  readonly hours: Float64Array;
  readonly point: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Mean absolute percentage error of the back-test, a fraction. */
  readonly backtestMape: number;
}

/** Hourly peaks of a regular series whose interval divides the hour; a partial first or last hour is dropped. */
export function hourlyPeaks(times: Float64Array, rps: Float64Array, intervalSeconds: number): HourlySeries {
  const perHour = 3600 / intervalSeconds;
  const start = times.findIndex((time) => time % HOUR_MS === 0);
  const hours: number[] = [];
  const peaks: number[] = [];
  for (let index = start < 0 ? times.length : start; index + perHour <= times.length; index += perHour) {
    let peak = 0;
    for (let offset = 0; offset < perHour; offset++) peak = Math.max(peak, rps[index + offset]);
    hours.push(times[index]);
    peaks.push(peak);
  }
  return { hours: Float64Array.from(hours), peaks: Float64Array.from(peaks) };
}

interface MstlModel {
  fit(y: Float64Array): void;
  predict(horizon: number, level?: number): { point: number[]; intervals?: { lower: number[]; upper: number[] } };
  free(): void;
}
interface MstlModule {
  initSync(input: { module: Uint8Array }): unknown;
  MSTL: { ets(periods: number[]): MstlModel };
}

let mstl: MstlModule | undefined;

/**
 * augurs ships ES modules with the WebAssembly beside them. Node >= 20.19 requires ES modules without
 * top-level await from CommonJS; a require made by createRequire is Node's own, so jest's module registry
 * (which cannot load ES modules) stays out of it. The wasm is handed over as bytes: no fetch, no URL.
 */
function loadMstl(): MstlModule {
  if (mstl) return mstl;
  const nodeRequire = createRequire(__filename);
  const entry = nodeRequire.resolve('@bsull/augurs/mstl');
  const module = nodeRequire(entry) as MstlModule;
  module.initSync({ module: fs.readFileSync(path.join(path.dirname(entry), 'mstl_bg.wasm')) });
  mstl = module;
  return module;
}

function predict(history: Float64Array, horizon: number, level?: number) {
  const model = loadMstl().MSTL.ets([...SEASONAL_PERIODS]);
  try {
    model.fit(history);
    return model.predict(horizon, level);
  } finally {
    model.free();
  }
}

/** Mean absolute percentage error over the points with a non-zero actual value. */
export function meanAbsolutePercentageError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let index = 0; index < actual.length; index++) {
    if (actual[index] <= 0) continue;
    sum += Math.abs(actual[index] - predicted[index]) / actual[index];
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

export function forecastRegion(series: HourlySeries, region: string, file: string): RegionForecast {
  const length = series.peaks.length;
  const recent = series.peaks.subarray(Math.max(0, length - FIT_HOURS));
  if (length < MIN_HISTORY_HOURS) {
    throw new InputError(file, undefined, undefined, `region ${region} has ${length} whole hours of history; the forecast needs ${MIN_HISTORY_HOURS} (three weeks: two to fit the weekly season, one to back-test)`);
  }
  const training = series.peaks.subarray(Math.max(0, length - HORIZON_HOURS - FIT_HOURS), length - HORIZON_HOURS);
  const backtest = predict(training, HORIZON_HOURS);
  const backtestMape = meanAbsolutePercentageError(series.peaks.subarray(length - HORIZON_HOURS), backtest.point);
  const forecast = predict(recent, HORIZON_HOURS, PREDICTION_LEVEL);
  const last = series.hours[length - 1];
  const clamp = (values: readonly number[]) => Float64Array.from(values, (value) => Math.max(0, value));
  return {
    hours: Float64Array.from({ length: HORIZON_HOURS }, (_, index) => last + (index + 1) * HOUR_MS),
    point: clamp(forecast.point),
    lower: clamp(forecast.intervals?.lower ?? forecast.point),
    upper: clamp(forecast.intervals?.upper ?? forecast.point),
    backtestMape,
  };
}
