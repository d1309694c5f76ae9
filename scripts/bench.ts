/**
 * `npm run bench [-- --runs N] [-- --skip-tests] [-- --only capacity] [-- --skip-gateway | --gateway-only]`: medians
 * (and the spread, min-max) of several runs of what users wait for: in-process synth of the example, `npm run synth`
 * end to end, `npm run plan` of the example, and `npm test` (wall time and peak memory of the whole process tree).
 * Beside the plan it times the floor: one `terraform init` + `plan` + `show -json` of the example's InfraStack, done
 * by hand in a fresh directory, and prints the ratio of the two. It also times `npm run capacity` on a year of
 * 5-minute traffic for two regions (`--only capacity` times just that), then the inference gateway's overhead
 * (scripts/lib/gateway-bench.ts): 200 connections, 20,000 requests, straight to a fake Triton, through a bare haproxy
 * and through the real gateway, in the same run, once per haproxy found (the host's, and the LTS build that
 * scripts/fetch-haproxy-lts.sh fetches). Prints markdown tables; targets are documented in the README, not enforced.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';

const root = path.resolve(__dirname, '..');

interface Sample {
  readonly seconds: number;
  readonly peakMiB?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `median (min-max)` with the given decimals. */
function spread(values: number[], decimals: number): string {
  return `${median(values).toFixed(decimals)} (${Math.min(...values).toFixed(decimals)}-${Math.max(...values).toFixed(decimals)})`;
}

/** Resident memory of a process and all its descendants, from /proc (Linux), in MiB. */
function treeRssMiB(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kib = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kib);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked; it no longer counts.
    }
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total / 1024;
}

/** Runs a command, sampling the process tree's memory every 100 ms. Fails loudly on an exit code not in `okCodes`. */
function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}, okCodes: readonly number[] = [0]): Promise<Sample> {
  console.error(`bench: ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let peakMiB = 0;
    const sampler = setInterval(() => (peakMiB = Math.max(peakMiB, treeRssMiB(child.pid!))), 100);
    child.on('close', (code) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!okCodes.includes(code ?? -1)) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ seconds, peakMiB });
    });
  });
}

/** In-process synth with the guardrail check, after the modules are loaded once (what `npm run plan` pays per synth). */
function inProcessSynth(runs: number): { cold: number; samples: number[] } {
  const started = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../config/load') as typeof import('../config/load');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeFleet } = require('../stacks/synthesize') as typeof import('../stacks/synthesize');
  const synthOnce = () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-'));
    const begin = process.hrtime.bigint();
    synthesizeFleet(loadConfig(), { outdir });
    const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
    fs.rmSync(outdir, { recursive: true, force: true });
    return seconds;
  };
  synthOnce();
  const cold = Number(process.hrtime.bigint() - started) / 1e9;
  return { cold, samples: Array.from({ length: runs }, synthOnce) };
}


/**
 * The floor under `npm run plan`: terraform alone on the example's InfraStack in a fresh directory (init,
 * plan, show -json), in preview mode with the same provider mirror and plugin cache `npm run plan` uses.
 */
async function terraformFloor(runs: number): Promise<Sample[]> {
  const { readManifest } = await import('./lib/plan-stacks');
  const { buildPreviewOverride, previewChildEnv, writePreviewOverride } = await import('./lib/preview-mode');
  const { prepareTerraformCli } = await import('./lib/terraform-cli-config');
  const { runTerraform } = await import('./lib/terraform-runner');
  const { loadConfig } = await import('../config/load');
  const { synthesizeFleet } = await import('../stacks/synthesize');
  const { infraStackName } = await import('../model/names');
  const config = loadConfig();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-floor-'));
  synthesizeFleet(config, { outdir });
  const infra = readManifest(outdir).find((stack) => stack.name === infraStackName(config.environment))!;
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-floor-run-'));
    fs.cpSync(infra.dir, dir, { recursive: true });
    const cli = prepareTerraformCli({ plansDir: path.join(dir, 'plans'), projectRoot: root });
    writePreviewOverride(dir, buildPreviewOverride(infra.json, { previewStateFile: path.join(dir, 'preview.tfstate') }));
    const env = previewChildEnv({ ...process.env, ...cli.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' });
    const started = process.hrtime.bigint();
    for (const args of [['init', '-input=false', '-no-color'], ['plan', '-input=false', '-no-color', '-out=plan.tfplan'], ['show', '-json', 'plan.tfplan']]) {
      const result = await runTerraform(args, { cwd: dir, env, stdoutFile: args[0] === 'show' ? path.join(dir, 'plan.json') : undefined });
      if (result.exitCode !== 0) throw new Error(`terraform ${args[0]} exited ${result.exitCode}:\n${result.stderr.slice(-2000)}`);
    }
    samples.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return samples;
}

/**
 * `npm run capacity` end to end (ts-node start, CSV, two forecasts, sizing, report, picture) on a year of
 * 5-minute data, two regions. The sample's growth over a year outgrows the example, so exit 2 is a success here.
 */
async function capacityPlan(runs: number): Promise<Sample[]> {
  const { sampleTraffic } = await import('./capacity/generate-sample-traffic');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-capacity-'));
  const traffic = path.join(dir, 'year.csv');
  fs.writeFileSync(traffic, sampleTraffic({ weeks: 52, intervalMinutes: 5 }));
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await timeCommand('npm', ['run', '--silent', 'capacity', '--', '--traffic', traffic, '--out', path.join(dir, 'out')], {}, [0, 2]));
  fs.rmSync(dir, { recursive: true, force: true });
  return samples;
}

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${process.argv[runsFlag + 1]}`);
  const skipTests = process.argv.includes('--skip-tests');
  const onlyFlag = process.argv.indexOf('--only');
  const only = onlyFlag > 0 ? process.argv[onlyFlag + 1] : undefined;
  if (only !== undefined && only !== 'capacity') throw new Error(`--only takes capacity, got ${only}`);
  const gatewayOnly = process.argv.includes('--gateway-only');
  const skipGateway = process.argv.includes('--skip-gateway');

  console.log(`Spillway benchmark, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('Each figure: median (min-max).\n');
  if (!gatewayOnly) await projectTimes(runs, skipTests, only);
  if (!skipGateway && only === undefined) await gatewayTable(runs);
}

/** The gateway's overhead, one table per haproxy found: through haproxy against the fake backend directly. */
async function gatewayTable(runs: number): Promise<void> {
  const { gatewayOverhead } = await import('./lib/gateway-bench');
  type LoadResult = import('./lib/gateway-bench').LoadResult;
  const { haproxyBinaries } = await import('./lib/gateway-loopback/haproxy-binaries');
  const binaries = haproxyBinaries();
  if (binaries.length === 0) throw new Error('the gateway benchmark needs haproxy on PATH (Debian: apt-get install -y haproxy), or --skip-gateway');
  for (const binary of binaries) {
    console.error(`bench: gateway overhead on ${binary.version} (h2load, 200 connections, 20000 requests per run)`);
    const { kinds, cpus } = await gatewayOverhead(binary, runs);
    const direct = kinds[0].results;
    const placement = cpus
      ? `haproxy pinned to CPU ${cpus.gateway}, h2load and the fake Triton to CPU ${cpus.client} in every kind of run`
      : 'haproxy, h2load and the fake Triton sharing every core (taskset missing or 1 core)';
    console.log(`\nInference gateway overhead, ${binary.version}: h2load --h1, 200 connections, 20,000 JSON infer requests per run, ${runs} runs of each kind in turn; ${placement}. Ratios are to the direct run of the same round.\n`);
    console.log('| requests sent | p50 ms | p99 ms | p99 ratio (target <= 1.2) | req/s | throughput ratio (target >= 0.8) | haproxy CPU µs per request |\n|---|---:|---:|---:|---:|---:|---:|');
    for (const [index, kind] of kinds.entries()) {
      const values = (key: keyof LoadResult) => kind.results.map((result) => result[key] as number);
      const ratio = (key: 'p99Ms' | 'requestsPerSecond') => (index === 0 ? '' : spread(kind.results.map((result, run) => result[key] / direct[run][key]), 2));
      const cpu = index === 0 ? '' : spread(values('haproxyCpuMicrosPerRequest'), 1);
      console.log(`| ${kind.name} | ${spread(values('p50Ms'), 2)} | ${spread(values('p99Ms'), 2)} | ${ratio('p99Ms')} | ${spread(values('requestsPerSecond'), 0)} | ${ratio('requestsPerSecond')} | ${cpu} |`);
    }
  }
}

/** The project's own timings: synth, plan against its floor, npm test. */
async function projectTimes(runs: number, skipTests: boolean, only: string | undefined): Promise<void> {
  const rows: string[][] = [];
  const capacity = await capacityPlan(runs);
  rows.push([`npm run capacity, a year of 5-minute traffic for two regions, median of ${runs} (target < 10 s)`, spread(capacity.map((s) => s.seconds), 2), spread(capacity.map((s) => s.peakMiB!), 0)]);
  if (only === 'capacity') return printTable(rows);
  const synth = inProcessSynth(Math.max(runs, 5));
  rows.push([`in-process synth of the example (all stacks, through the guardrail gate), median of ${synth.samples.length}`, spread(synth.samples, 2), '']);
  rows.push(['in-process synth, first run including module load', synth.cold.toFixed(2), '']);

  const endToEnd: Sample[] = [];
  for (let run = 0; run < runs; run += 1) endToEnd.push(await timeCommand('npm', ['run', '--silent', 'synth']));
  rows.push([`npm run synth (cdktf CLI), median of ${runs}`, spread(endToEnd.map((s) => s.seconds), 2), spread(endToEnd.map((s) => s.peakMiB!), 0)]);

  const floor = await terraformFloor(runs);
  const plans: Sample[] = [];
  for (let run = 0; run < runs; run += 1) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-plan-'));
    plans.push(await timeCommand('npm', ['run', '--silent', 'plan', '--', '--preview', '--outdir', outdir]));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const floorMedian = median(floor.map((s) => s.seconds));
  const planMedian = median(plans.map((s) => s.seconds));
  rows.push([`floor: terraform init + plan + show -json of the example InfraStack, fresh directory, median of ${runs}`, spread(floor.map((s) => s.seconds), 2), '']);
  rows.push([`npm run plan -- --preview, fresh outdir, median of ${runs}`, spread(plans.map((s) => s.seconds), 2), spread(plans.map((s) => s.peakMiB!), 0)]);
  rows.push(['ratio npm run plan / floor (medians; target <= 1.1)', (planMedian / floorMedian).toFixed(2), '']);

  if (!skipTests) {
    const tests: Sample[] = [];
    for (let run = 0; run < runs; run += 1) tests.push(await timeCommand('npm', ['test', '--silent']));
    rows.push([`npm test, median of ${runs} (targets: < 90 s, < 2048 MiB)`, spread(tests.map((s) => s.seconds), 2), spread(tests.map((s) => s.peakMiB!), 0)]);
  }

  printTable(rows);
}

function printTable(rows: readonly string[][]): void {
  console.log('| what | seconds | peak MiB (process tree) |\n|---|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
