/**
 * The real `haproxy` running the exact output of renderGatewayConfig on loopback: ports chosen free at runtime,
 * config, keys and level files in a temp dir, Triton discovered through a fake DNS server. Used by the live
 * gateway tests and by `npm run bench`.
 */
import { ChildProcess, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { renderGatewayConfig, type GatewayConfigSpec } from '../../../constructs/gateway/haproxy-config';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface LiveGateway {
  readonly dir: string;
  readonly ports: { http: number; grpc: number; health: number; metrics: number };
  readonly process: ChildProcess;
  /** haproxy's stdout and stderr so far. */
  log(): string;
  /** Writes the keys file: one `<sha256> <id> <tier>` line per key (the file format of GATEWAY.keysFile). */
  writeKeys(keys: readonly { key: string; id: string; tier: string }[]): void;
  /** Writes the level file (GATEWAY.levelFile). */
  writeLevel(level: string): void;
  stop(): Promise<void>;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The spec without the parts the live test decides at runtime (ports, paths, DNS). */
export type GatewayTestSpec = Omit<GatewayConfigSpec, 'ports' | 'configDir' | 'keysFile' | 'levelFile' | 'bindAddress' | 'nameservers'>;

export async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`haproxy exited ${child.exitCode}:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`haproxy did not listen on ${port}:\n${output()}`);
}

export interface GatewayStartOptions {
  /** Keep haproxy's per-request log (stdout) for log(). @default true */
  readonly keepLog?: boolean;
  /** The haproxy command. @default `haproxy` on PATH */
  readonly binary?: string;
  /**
   * Benchmark references only, never deployed: `no-priority-rewrite` drops the rewrite's Lua action and its body
   * filter (requests reach Triton as sent); `idle-body-filter` drops the action alone, so the filter is attached
   * to every stream but has no rewrite to apply. @default the configuration as rendered
   */
  readonly reference?: 'no-priority-rewrite' | 'idle-body-filter';
}

const REFERENCE_DROPS = {
  'no-priority-rewrite': ['  filter lua.gateway_body\n', '  http-request lua.gateway_rewrite\n'],
  'idle-body-filter': ['  http-request lua.gateway_rewrite\n'],
};

/**
 * Starts haproxy. `keepLog: false` (the benchmark) sends its per-request log to /dev/null instead of into this
 * Node process, which also serves the fake Triton and would otherwise pay for every log line.
 */
export async function startGateway(spec: GatewayTestSpec, dnsPort: number, options: GatewayStartOptions = {}): Promise<LiveGateway> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-gateway-'));
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.mkdirSync(path.join(dir, 'level'));
  const ports = { http: await freePort(), grpc: await freePort(), health: await freePort(), metrics: await freePort() };
  const keysFile = path.join(dir, 'keys', 'keys.map');
  const levelFile = path.join(dir, 'level', 'level');
  const files = renderGatewayConfig({ ...spec, ports, configDir: dir, keysFile, levelFile, bindAddress: '127.0.0.1', nameservers: [`127.0.0.1:${dnsPort}`] });
  if (options.reference) {
    for (const line of REFERENCE_DROPS[options.reference]) {
      if (!files['haproxy.cfg'].includes(line)) throw new Error(`the rendered haproxy.cfg has no '${line.trim()}' line`);
      files['haproxy.cfg'] = files['haproxy.cfg'].replace(line, '');
    }
  }
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  const writeAtomically = (file: string, content: string) => {
    fs.writeFileSync(`${file}.tmp`, content);
    fs.renameSync(`${file}.tmp`, file);
  };
  let output = '';
  const keepLog = options.keepLog ?? true;
  const child = spawn(options.binary ?? 'haproxy', ['-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', keepLog ? 'pipe' : 'ignore', 'pipe'] });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitForPort(ports.http, child, () => output);
  return {
    dir,
    ports,
    process: child,
    log: () => output,
    writeKeys: (keys) => writeAtomically(keysFile, keys.map((k) => `${sha256(k.key)} ${k.id} ${k.tier}\n`).join('')),
    writeLevel: (level) => writeAtomically(levelFile, `${level}\n`),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

