import { HOUR_MS, forecastRegion, hourlyPeaks, meanAbsolutePercentageError } from '../../../../scripts/capacity/forecast';
import { normal, seededRandom } from '../../../../scripts/capacity/random';

/** rps with a known daily and weekly shape plus noise, at the given interval (seconds), starting on a Monday. */
function synthetic(weeks: number, intervalSeconds: number, seed: number) {
  const random = seededRandom(seed);
  const start = Date.UTC(2026, 0, 5);
  const count = (weeks * 7 * 86400) / intervalSeconds;
  const times = new Float64Array(count);
  const rps = new Float64Array(count);
  const shape = (time: number) => {
    const hour = (time - start) / HOUR_MS;
    const daily = Math.max(0, Math.sin((2 * Math.PI * (hour % 24 - 8)) / 24));
    const weekday = Math.floor(hour / 24) % 7 < 5 ? 1 : 0.6;
    return 1000 + 3000 * daily * weekday;
  };
  for (let index = 0; index < count; index++) {
    times[index] = start + index * intervalSeconds * 1000;
    rps[index] = Math.max(0, shape(times[index]) * (1 + 0.03 * normal(random)));
  }
  return { times, rps, shape };
}

describe('forecast (augurs MSTL)', () => {
  it('takes the peak of each whole hour', () => {
    const times = Float64Array.from([0, 1, 2, 3, 4, 5].map((index) => index * 1_800_000 + 1_800_000));
    const series = hourlyPeaks(times, Float64Array.from([9, 1, 5, 2, 7, 3]), 1800);
    // The first sample starts at half past: its hour is partial and dropped.
    expect([...series.hours]).toEqual([HOUR_MS, 2 * HOUR_MS]);
    expect([...series.peaks]).toEqual([5, 7]);
  });

  it('finds the weekly peak of a series with known daily and weekly seasonality within 10%', () => {
    const { times, rps, shape } = synthetic(5, 300, 7);
    const forecast = forecastRegion(hourlyPeaks(times, rps, 300), 'us-west-2', 'synthetic.csv');
    const truePeak = Math.max(...Array.from(forecast.hours, (hour) => shape(hour)));
    const forecastPeak = Math.max(...forecast.point);
    expect(Math.abs(forecastPeak - truePeak) / truePeak).toBeLessThan(0.1);
    // The weekday afternoons are the peaks, the weekend is lower: the weekly season is found, not just the daily one.
    const peakHour = forecast.hours[forecast.point.indexOf(forecastPeak)];
    expect(new Date(peakHour).getUTCDay()).toBeGreaterThanOrEqual(1);
    expect(new Date(peakHour).getUTCDay()).toBeLessThanOrEqual(5);
    expect(Math.max(...forecast.upper)).toBeGreaterThanOrEqual(forecastPeak);
    expect(forecast.backtestMape).toBeLessThan(0.1);
  });

  it('refuses less than three weeks of history', () => {
    const { times, rps } = synthetic(2, 3600, 1);
    expect(() => forecastRegion(hourlyPeaks(times, rps, 3600), 'eu-west-1', 'short.csv')).toThrow('short.csv: region eu-west-1 has 336 whole hours of history; the forecast needs 504');
  });

  it('computes MAPE over the non-zero actual values', () => {
    expect(meanAbsolutePercentageError([100, 0, 200], [110, 5, 150])).toBeCloseTo((0.1 + 0.25) / 2);
  });
});
