/**
 * `npm run capacity:sample`: writes examples/capacity/sample-traffic.csv, the README's worked example: four
 * weeks of 15-minute traffic for the example's two regions with a weekday afternoon peak (UTC), a quieter
 * weekend, slow growth and noise. Deterministic (seeded), so the file only changes when this script does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { normal, seededRandom } from './random';

export const SAMPLE_TRAFFIC_PATH = path.join(__dirname, '..', '..', 'examples', 'capacity', 'sample-traffic.csv');
const START = Date.UTC(2026, 10, 2); // Monday 2026-11-02
const WEEKS = 4;
const INTERVAL_MINUTES = 15;

/** Region: base rps, peak added on weekday afternoons, peak hour (UTC). */
const REGIONS = [
  { name: 'us-west-2', base: 450, peak: 2300, peakHour: 17 },
  { name: 'eu-west-1', base: 250, peak: 1100, peakHour: 9 },
];

export interface SampleOptions {
  /** @default 4 */
  readonly weeks?: number;
  /** @default 15 */
  readonly intervalMinutes?: number;
  /** @default 12 */
  readonly seed?: number;
}

/** The sample's shape at any length and interval (npm run bench times a year of 5-minute data with it). */
export function sampleTraffic(options: SampleOptions = {}): string {
  const weeks = options.weeks ?? WEEKS;
  const interval = options.intervalMinutes ?? INTERVAL_MINUTES;
  const random = seededRandom(options.seed ?? 12);
  const lines = ['timestamp,region,rps'];
  const count = (weeks * 7 * 24 * 60) / interval;
  for (let index = 0; index < count; index++) {
    const time = START + index * interval * 60_000;
    const hours = (time - START) / 3_600_000;
    for (const region of REGIONS) {
      const hourOfDay = hours % 24;
      const day = Math.floor(hours / 24) % 7;
      const distance = Math.min(Math.abs(hourOfDay - region.peakHour), 24 - Math.abs(hourOfDay - region.peakHour));
      const daily = Math.exp(-(distance * distance) / (2 * 2.5 * 2.5));
      const weekly = day < 5 ? 1 : 0.45;
      const growth = 1 + 0.04 * (hours / (4 * 168));
      const rps = (region.base + region.peak * daily * weekly) * growth * (1 + 0.05 * normal(random));
      lines.push(`${new Date(time).toISOString().replace('.000Z', 'Z')},${region.name},${Math.max(0, rps).toFixed(1)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(SAMPLE_TRAFFIC_PATH), { recursive: true });
  fs.writeFileSync(SAMPLE_TRAFFIC_PATH, sampleTraffic());
  console.log(`wrote ${path.relative(process.cwd(), SAMPLE_TRAFFIC_PATH)}`);
}
