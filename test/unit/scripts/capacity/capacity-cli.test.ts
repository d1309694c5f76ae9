/** The real `npm run capacity` entry point (scripts/capacity.ts) in a child process: files written and exit codes. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleWith } from '../../../support/example-variants';
import { PROJECT_ROOT, mainEnv } from '../../../support/main-process';

const SAMPLE = path.join(PROJECT_ROOT, 'examples', 'capacity', 'sample-traffic.csv');
const OUTPUTS = ['capacity-report.md', 'capacity.svg', 'capacity.json'];

function runCapacity(args: string[], cwd: string) {
  const argv = ['-r', require.resolve('ts-node/register/transpile-only'), path.join(PROJECT_ROOT, 'scripts', 'capacity.ts'), ...args];
  return spawnSync(process.execPath, argv, { cwd, env: mainEnv({ SPILLWAY_CONFIG: undefined }), encoding: 'utf8' });
}

describe('npm run capacity', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-capacity-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reproduces the README worked example: exit 0, report, picture and the committed capacity.json', () => {
    const result = runCapacity(['--traffic', SAMPLE, '--burst', '500:30000:60s', '--out', 'out'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const name of OUTPUTS) expect(fs.existsSync(path.join(dir, 'out', name))).toBe(true);
    const text = fs.readFileSync(path.join(dir, 'out', 'capacity.json'), 'utf8');
    expect(text).toBe(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'capacity', 'report', 'capacity.json'), 'utf8'));
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(['forecast', 'regions', 'burst', 'prewarm', 'advice']);
    expect(json.forecast.horizonHours).toBe(168);
    expect(Object.keys(json.regions)).toEqual(['us-west-2', 'eu-west-1']);
    for (const region of Object.values<any>(json.regions)) {
      expect(region.requiredGpus).toBeGreaterThanOrEqual(Math.ceil(region.offeredLoadGpus));
      expect(region.shortfallGpus).toBe(Math.max(0, region.requiredGpus - region.configuredGpus.max));
    }
    for (const tier of ['premium', 'enterprise', 'free']) {
      const outcome = json.burst.tiers[tier];
      expect(outcome.served + outcome.shed).toBeLessThanOrEqual(1.000001);
    }
    // Priority: premium is served first, so it never keeps less than free.
    expect(json.burst.tiers.premium.served).toBeGreaterThanOrEqual(json.burst.tiers.free.served);
    const svg = fs.readFileSync(path.join(dir, 'out', 'capacity.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Burst on us-west-2');
    expect(svg).toContain('maximum 8 GPUs');
  });

  it('takes a measured throughput from a perf_analyzer file (--perf)', () => {
    const perf = path.join(dir, 'resnet50.csv');
    fs.writeFileSync(
      perf,
      ['Concurrency,Inferences/Second,Client Send,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency', '1,210,40,5,4000,4300,4500,4900', '4,520,40,5,6000,7000,8000,9000', '8,610,40,5,90000,120000,150000,190000'].join('\n'),
    );
    const result = runCapacity(['--traffic', SAMPLE, '--perf', `resnet50=${perf}`, '--out', 'out'], dir);
    expect(result.status).toBe(0);
    const report = fs.readFileSync(path.join(dir, 'out', 'capacity-report.md'), 'utf8');
    // The best measurement within resnet50's 100 ms premium timeout: 520/s at p99 9 ms (610/s has p99 190 ms).
    expect(report).toContain(`resnet50 60% of requests at 520 inferences/s per GPU (perf_analyzer ${perf})`);
  });

  it('exits 2 when the forecast peak needs more GPUs than the config allows, after writing the report', () => {
    const config = path.join(dir, 'small.yaml');
    fs.writeFileSync(config, exampleWith((c) => (c.triton.replicas = { min: 1, max: 3 })));
    const result = runCapacity(['--traffic', SAMPLE, '--config', config, '--out', 'out'], dir);
    expect(result.status).toBe(2);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'capacity.json'), 'utf8'));
    expect(json.regions['us-west-2'].configuredGpus.max).toBe(3);
    expect(json.regions['us-west-2'].shortfallGpus).toBe(json.regions['us-west-2'].requiredGpus - 3);
    expect(json.regions['us-west-2'].shortfallGpus).toBeGreaterThan(0);
    expect(json.burst).toBeNull();
    expect(result.stdout).toContain('The forecast peak needs more GPUs than the config allows (exit code 2)');
  });

  it.each([
    ['unsorted timestamps', (lines: string[]) => [lines[0], lines[1], lines[5], lines[3]], 'traffic.csv:4:1: timestamp 2026-11-02T00:15:00Z is earlier than line 3 (series region us-west-2); sort the file by time'],
    ['a negative rate', (lines: string[]) => [lines[0], lines[1], lines[2].replace(/,[0-9.]+$/, ',-1')], 'traffic.csv:3:3: rps -1 is negative'],
  ])('exits 1 on %s, naming line and column, and writes nothing', (_name, edit, message) => {
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 8);
    fs.writeFileSync(path.join(dir, 'traffic.csv'), edit(lines).join('\n'));
    const result = runCapacity(['--traffic', 'traffic.csv', '--out', 'out'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(message);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits 1 on a bad flag value with the usage', () => {
    const result = runCapacity(['--traffic', SAMPLE, '--burst', '500-30000'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--burst "500-30000" is not FROM:TO:RAMP like 500:30000:60s');
    expect(result.stderr).toContain('Usage: npm run capacity');
  });
});
