import * as fs from 'fs';
import { SAMPLE_TRAFFIC_PATH, sampleTraffic } from '../../../../scripts/capacity/generate-sample-traffic';

describe('the shipped sample traffic file', () => {
  it('is what npm run capacity:sample writes (seeded, so the README example reproduces)', () => {
    expect(fs.readFileSync(SAMPLE_TRAFFIC_PATH, 'utf8')).toBe(sampleTraffic());
  });

  it('scales to other lengths and intervals for the benchmark', () => {
    const lines = sampleTraffic({ weeks: 1, intervalMinutes: 60 }).trim().split('\n');
    expect(lines[0]).toBe('timestamp,region,rps');
    expect(lines).toHaveLength(1 + 7 * 24 * 2);
  });
});
