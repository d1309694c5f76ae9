/**
 * The gateway's overhead, for `npm run bench`: h2load (Debian's nghttp2-client) sends the same KServe v2 JSON
 * inference request at fixed concurrency, in turn straight to a fake Triton pod, through the same haproxy as a
 * bare reverse proxy (the floor: what any proxy hop costs), through two reference cuts of the gateway (without
 * the priority rewrite; with its body filter but no rewrite) and through haproxy running renderGatewayConfig's
 * output (auth, limits, priority rewrite, Lua filter), admitted and, from a key over its rate, answered 429.
 * Latency percentiles come from h2load's per-request log.
 *
 * CPUs: in production the gateway pod has its own CPU (its request) on a system node, and neither the clients
 * nor Triton share it. Here, with taskset present and at least 2 cores, haproxy gets the last core and h2load
 * plus this process (the fake Triton) the others, in every kind of run; otherwise all share
 * every core, and the table says which. haproxy's CPU time per request (from /proc) is measured either way.
 */
import { execFile, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startFakeDns } from './gateway-loopback/fake-dns';
import { startFakeTriton } from './gateway-loopback/fake-triton';
import { freePort, startGateway, waitForPort, type GatewayStartOptions, type LiveGateway } from './gateway-loopback/haproxy';
import type { HaproxyBinary } from './gateway-loopback/haproxy-binaries';

export interface LoadResult {
  readonly requestsPerSecond: number;
  /** haproxy's user + system CPU time per request of the run (runs through haproxy only). */
  readonly haproxyCpuMicrosPerRequest?: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  /** Answers with a status the kind of run does not expect (only 200; for the flood 429, and 200 once a second). */
  readonly unexpected: number;
}

const BODY = JSON.stringify({ inputs: [{ name: 'input', shape: [1, 16], datatype: 'FP32', data: Array.from({ length: 16 }, (_, i) => i / 16) }] });
const KEY = 'sk-bench-premium';
/** A key of a tier limited to one request a second per key: nearly every request it sends is answered 429. */
const FLOOD_KEY = 'sk-bench-flood';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One h2load run over HTTP/1.1 keep-alive connections; the log holds `start_us status duration_us` per request. */
function h2load(url: string, connections: number, requests: number, headers: Record<string, string>, dir: string, cpus?: string, expected: readonly number[] = [200]): Promise<LoadResult> {
  const body = path.join(dir, 'body.json');
  const log = path.join(dir, `h2load-${Date.now()}.log`);
  fs.writeFileSync(body, BODY);
  const args = ['--h1', '--connection-inactivity-timeout=30', '-c', String(connections), '-n', String(requests), '-t', '1', '-d', body, '--log-file', log,
    '-H', 'content-type: application/json', ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url];
  const [command, commandArgs] = cpus ? ['taskset', ['-c', cpus, 'h2load', ...args]] : ['h2load', args];
  return new Promise((resolve, reject) =>
    execFile(command, commandArgs, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(new Error(`h2load failed: ${error.message}\n${stdout}`));
      const rps = Number(/finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(stdout)?.[1]);
      const rows = fs.readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split('\t').map(Number));
      fs.rmSync(log);
      const durations = rows.map((row) => row[2] / 1000).sort((a, b) => a - b);
      if (rows.length !== requests || !Number.isFinite(rps)) return reject(new Error(`h2load logged ${rows.length} of ${requests} requests:\n${stdout}`));
      resolve({ requestsPerSecond: rps, p50Ms: percentile(durations, 50), p99Ms: percentile(durations, 99), non2xx: rows.filter((row) => row[1] < 200 || row[1] > 299).length, unexpected: rows.filter((row) => !expected.includes(row[1])).length });
    }),
  );
}

/** User + system CPU time of a process so far, in microseconds (/proc/<pid>/stat fields 14 and 15, in clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** The CPU split of the run: the gateway's core and the client side's, or undefined when they cannot be pinned. */
function cpuSplit(): { gateway: string; client: string } | undefined {
  const cores = os.cpus().length;
  if (cores < 2 || spawnSync('taskset', ['-V']).status !== 0) return undefined;
  return { gateway: String(cores - 1), client: cores === 2 ? '0' : `0-${cores - 2}` };
}

const pin = (pid: number, cpus: string) => {
  const result = spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset -a -cp ${cpus} ${pid} failed: ${result.stderr}`);
};

/** One kind of run: where h2load sent its requests. */
export interface LoadKind {
  readonly name: string;
  readonly results: LoadResult[];
}

export interface GatewayOverhead {
  /** Straight to the fake Triton first, then through haproxy: bare, the two references (see startGateway), the gateway. */
  readonly kinds: LoadKind[];
  /** The cores haproxy and the client side ran on, or undefined: all shared every core. */
  readonly cpus?: { gateway: string; client: string };
}

/** A bare HTTP reverse proxy to one server, with the gateway's timeouts and keep-alive: the floor under the gateway. */
async function startPlainProxy(binary: HaproxyBinary, dir: string, server: string): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const cfg = path.join(dir, 'plain.cfg');
  fs.writeFileSync(cfg, [
    'global', '  nbthread 1', 'defaults', '  mode http', '  timeout connect 3s', '  timeout client 120s', '  timeout server 120s',
    '  timeout http-keep-alive 30s', `frontend plain`, `  bind 127.0.0.1:${port}`, '  default_backend triton',
    'backend triton', `  server pod ${server} maxconn 1000`, '',
  ].join('\n'));
  const child = spawn(binary.command, ['-f', cfg], { stdio: 'ignore' });
  await waitForPort(port, child, () => 'the plain proxy did not start');
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `runs` rounds of one run of each kind, `requests` requests over `connections` connections each. */
export async function gatewayOverhead(binary: HaproxyBinary, runs: number, connections = 200, requests = 20000): Promise<GatewayOverhead> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-bench-gateway-'));
  // Whatever has started is stopped, last first, however the run ends.
  const stops: (() => Promise<unknown>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const host = 'triton-bench.inference.test';
  const tier = { requestsPerSecondPerKey: 1_000_000, requestsPerSecond: 1_000_000, concurrentRequestsPerKey: 100_000, maxQueuedRequests: 100_000, retryAfterSeconds: 1 };
  const cpus = cpuSplit();
  const kinds: LoadKind[] = [];
  try {
    const triton = await startFakeTriton(['127.0.0.21']);
    stops.push(() => triton.pods[0].close());
    triton.pods[0].record = false;
    const dns = await startFakeDns(host, ['127.0.0.21']);
    stops.push(() => dns.close());
    const spec = {
      tritonHost: host, tritonHttpPort: triton.httpPort, tritonGrpcPort: triton.grpcPort, maxTritonPods: 2, perPodMaxConn: 1000,
      tiers: [{ name: 'premium', priorityLevel: 1, ...tier }, { name: 'free', priorityLevel: 2, ...tier, requestsPerSecondPerKey: 1 }],
      models: [{ name: 'resnet50', maxTimeoutMicroseconds: { premium: 100000, free: 500000 } }],
      levels: { normal: { admitTiers: ['premium', 'free'], disabledModels: [] } },
      defaultLevel: 'normal', queueTimeoutMilliseconds: 1000, maxJsonHeaderBytes: 262144,
    };
    const startVariant = async (reference?: GatewayStartOptions['reference']) => {
      const gateway = await startGateway(spec, dns.port, { keepLog: false, binary: binary.command, reference });
      stops.push(() => gateway.stop());
      gateway.writeKeys([{ key: KEY, id: 'bench', tier: 'premium' }, { key: FLOOD_KEY, id: 'bench-flood', tier: 'free' }]);
      return gateway;
    };
    // References only: without the priority rewrite (what the tier's priority costs), and with the body filter
    // left in but no rewrite planned (what attaching a Lua filter to every stream costs by itself).
    const unrewritten = await startVariant('no-priority-rewrite');
    const idleFilter = await startVariant('idle-body-filter');
    const gateway = await startVariant();
    const plainProxy = await startPlainProxy(binary, dir, `127.0.0.21:${triton.httpPort}`);
    stops.push(() => plainProxy.stop());
    if (cpus) {
      for (const pid of [gateway.process.pid!, unrewritten.process.pid!, idleFilter.process.pid!, plainProxy.pid]) pin(pid, cpus.gateway);
      pin(process.pid, cpus.client);
      stops.push(async () => pin(process.pid, `0-${os.cpus().length - 1}`));
    }
    const auth = { authorization: `Bearer ${KEY}` };
    const infer = (port: number, address = '127.0.0.1') => `http://${address}:${port}/v2/models/resnet50/infer`;
    const through = (name: string, variant: LiveGateway) => ({ name, url: infer(variant.ports.http), headers: auth, pid: variant.process.pid!, variant });
    const targets: { name: string; url: string; headers: Record<string, string>; pid?: number; variant?: LiveGateway; expected?: number[] }[] = [
      { name: 'fake Triton directly', url: infer(triton.httpPort, '127.0.0.21'), headers: {} },
      { name: 'bare haproxy (no Lua, no rules)', url: infer(plainProxy.port), headers: {}, pid: plainProxy.pid },
      through('gateway without the priority rewrite (reference only)', unrewritten),
      through('gateway with its body filter but no rewrite (reference only)', idleFilter),
      through('the gateway', gateway),
      // A flood the gateway refuses: what a pod's core can answer with 429 (the ratio is to the direct run too).
      { ...through('the gateway answering 429 (one key over its rate)', gateway), headers: { authorization: `Bearer ${FLOOD_KEY}` }, variant: undefined, expected: [429, 200] },
    ];
    // Ready when the DNS-discovered server passed its check and the key file was read.
    const deadline = Date.now() + 15_000;
    for (const { url, headers, variant } of targets) {
      while (variant) {
        const probe = await h2load(url, 1, 1, headers, dir).catch(() => undefined);
        if (probe && probe.non2xx === 0) break;
        if (Date.now() > deadline) throw new Error(`the gateway did not become ready:\n${variant.log().slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    kinds.push(...targets.map((target) => ({ name: target.name, results: [] as LoadResult[] })));
    for (let run = 0; run < runs; run += 1) {
      for (const [index, target] of targets.entries()) {
        const before = target.pid === undefined ? 0 : cpuMicros(target.pid);
        const result = await h2load(target.url, connections, requests, target.headers, dir, cpus?.client, target.expected);
        const cpu = target.pid === undefined ? {} : { haproxyCpuMicrosPerRequest: (cpuMicros(target.pid) - before) / requests };
        kinds[index].results.push({ ...result, ...cpu });
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  const failed = kinds.flatMap((kind) => kind.results).reduce((sum, result) => sum + result.unexpected, 0);
  if (failed > 0) throw new Error(`gateway benchmark: ${failed} requests were not answered with a status their run expects`);
  return { kinds, cpus };
}
