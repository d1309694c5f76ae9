/**
 * `npm run bench [-- --runs N]`: medians of several runs of the three things whose speed users feel:
 * in-process synth of the example, `npm run synth` end to end, and `npm test` (wall time and peak memory
 * of the whole process tree). Prints a markdown table; targets are documented in the README, not enforced.
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

/** Runs a command, sampling the process tree's memory every 100 ms. Fails loudly on a non-zero exit. */
function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
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
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
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

async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${process.argv[runsFlag + 1]}`);

  const rows: string[][] = [];
  const synth = inProcessSynth(Math.max(runs, 5));
  rows.push([`in-process synth of the example (all stacks), median of ${synth.samples.length}`, median(synth.samples).toFixed(2), '']);
  rows.push(['in-process synth, first run including module load', synth.cold.toFixed(2), '']);

  const endToEnd: Sample[] = [];
  for (let run = 0; run < runs; run += 1) endToEnd.push(await timeCommand('npm', ['run', '--silent', 'synth']));
  rows.push([`npm run synth (cdktf CLI), median of ${runs}`, median(endToEnd.map((s) => s.seconds)).toFixed(2), median(endToEnd.map((s) => s.peakMiB!)).toFixed(0)]);

  const tests: Sample[] = [];
  for (let run = 0; run < runs; run += 1) tests.push(await timeCommand('npm', ['test', '--silent']));
  rows.push([`npm test, median of ${runs}`, median(tests.map((s) => s.seconds)).toFixed(2), median(tests.map((s) => s.peakMiB!)).toFixed(0)]);

  console.log(`Spillway benchmark, ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('| what | seconds | peak MiB (process tree) |\n|---|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
