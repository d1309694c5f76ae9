/**
 * `npm run gateway -- <command>`: API keys and degradation levels of the inference gateway (issue 11).
 * Keys: the AWS CLI reads and writes each region's key-hash secret (InfraStack creates it; its resource
 * policy lets only the sync role and cluster.adminPrincipalArns read it). Levels: kubectl patches the level
 * ConfigMap, then the command waits until every gateway pod has the new level file (at most 10 s).
 * Exit codes: 0 done, 1 bad arguments or config, or an AWS/kubectl failure (nothing left half-written).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfig } from '../config/load';
import type { FleetConfig } from '../config/schema';
import { clusterName, gatewayKeySecretName } from '../model/names';
import { GATEWAY, GATEWAY_LEVEL_CONFIGMAP, TRITON_NAMESPACE } from '../model/contracts';
import {
  GATEWAY_USAGE,
  GatewayCommand,
  GatewayCommandError,
  KeyEntry,
  defaultKeyId,
  generateKey,
  parseGatewayCommand,
  parseKeyDocument,
  serializeKeyDocument,
  withKey,
  withoutKey,
} from './lib/gateway-keys';

/** How long `level` waits for every gateway pod to report the new level. */
const LEVEL_WAIT_MS = 10_000;

function run(command: string, args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new GatewayCommandError(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// ---- Keys in Secrets Manager ----

interface RegionSecret {
  readonly region: string;
  readonly secretName: string;
}

function readKeys(secret: RegionSecret): KeyEntry[] {
  const result = run('aws', ['secretsmanager', 'get-secret-value', '--region', secret.region, '--secret-id', secret.secretName, '--query', 'SecretString', '--output', 'text']);
  if (result.status === 0) return parseKeyDocument(result.stdout, `secret ${secret.secretName} (${secret.region})`);
  // The secret exists but has no value yet: InfraStack creates it empty, the first add-key writes it.
  if (/ResourceNotFoundException/.test(result.stderr) && /secret value/i.test(result.stderr)) return [];
  throw new GatewayCommandError(`reading ${secret.secretName} in ${secret.region} failed (is InfraStack applied, and are you one of cluster.adminPrincipalArns?): ${result.stderr.trim()}`);
}

function writeKeys(secret: RegionSecret, entries: readonly KeyEntry[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-gateway-'));
  const file = path.join(dir, 'keys.map');
  try {
    fs.writeFileSync(file, serializeKeyDocument(entries), { mode: 0o600 });
    const result = run('aws', ['secretsmanager', 'put-secret-value', '--region', secret.region, '--secret-id', secret.secretName, '--secret-string', `file://${file}`]);
    if (result.status !== 0) throw new GatewayCommandError(`writing ${secret.secretName} in ${secret.region} failed: ${result.stderr.trim()}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads every region first, then writes; a failed write puts back the regions already written. */
function updateKeys(secrets: readonly RegionSecret[], change: (entries: KeyEntry[], secret: RegionSecret) => KeyEntry[]): void {
  const before = secrets.map((secret) => ({ secret, entries: readKeys(secret) }));
  const after = before.map(({ secret, entries }) => ({ secret, entries: change(entries, secret) }));
  const written: typeof before = [];
  try {
    for (const { secret, entries } of after) {
      writeKeys(secret, entries);
      written.push(before.find((item) => item.secret === secret)!);
    }
  } catch (error) {
    for (const { secret, entries } of written) writeKeys(secret, entries);
    throw error;
  }
}

// ---- Levels in the cluster ----

function kubectl(contextName: string, args: readonly string[]) {
  return run('kubectl', ['--context', contextName, '--namespace', TRITON_NAMESPACE, ...args]);
}

function switchLevel(config: FleetConfig, command: Extract<GatewayCommand, { kind: 'level' }>): void {
  const contextName = command.context ?? clusterName(config.environment, command.region);
  const patch = JSON.stringify({ data: { [GATEWAY_LEVEL_CONFIGMAP.key]: command.level } });
  const args = ['patch', 'configmap', GATEWAY_LEVEL_CONFIGMAP.name, '--type', 'merge', '--patch', patch];
  process.stderr.write(`kubectl --context ${contextName} --namespace ${TRITON_NAMESPACE} ${args.map((arg) => (arg === patch ? `'${arg}'` : arg)).join(' ')}\n`);
  if (command.dryRun) return;
  // The switch sidecars watch ConfigMaps by label: patching an unlabelled one would change nothing.
  const labelled = kubectl(contextName, ['get', 'configmap', '--selector', `${GATEWAY_LEVEL_CONFIGMAP.label}=${GATEWAY.releaseName}`, '--output', 'name']);
  if (labelled.status !== 0) throw new GatewayCommandError(`kubectl get configmap failed: ${labelled.stderr.trim()}`);
  if (labelled.stdout.trim() !== `configmap/${GATEWAY_LEVEL_CONFIGMAP.name}`) {
    throw new GatewayCommandError(`expected the labelled ConfigMap ${GATEWAY_LEVEL_CONFIGMAP.name} in ${TRITON_NAMESPACE}, found: ${labelled.stdout.trim() || 'none'} (is the gateway deployed in ${command.region}?)`);
  }
  const patched = kubectl(contextName, args);
  if (patched.status !== 0) throw new GatewayCommandError(`kubectl patch failed: ${patched.stderr.trim()}`);

  const selector = `app.kubernetes.io/name=${GATEWAY.releaseName},app.kubernetes.io/instance=${GATEWAY.releaseName}`;
  const deadline = Date.now() + LEVEL_WAIT_MS;
  let pending: string[] = [];
  do {
    const pods = kubectl(contextName, ['get', 'pods', '--selector', selector, '--field-selector', 'status.phase=Running', '--output', 'name']);
    if (pods.status !== 0) throw new GatewayCommandError(`kubectl get pods failed: ${pods.stderr.trim()}`);
    const names = pods.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    pending = names.filter((pod) => kubectl(contextName, ['exec', pod, '--container', 'haproxy', '--', 'cat', GATEWAY.levelFile]).stdout.trim() !== command.level);
    if (pending.length === 0) {
      process.stderr.write(`level ${command.level} is in force in ${command.region} (${names.length} gateway pods). It stays until the next switch, or until gateway.defaultLevel changes in config and is applied.\n`);
      return;
    }
    spawnSync('sleep', ['1']);
  } while (Date.now() < deadline);
  throw new GatewayCommandError(`the ConfigMap says ${command.level}, but after ${LEVEL_WAIT_MS / 1000} s these pods still do not: ${pending.join(', ')}`);
}

// ---- Entry point ----

function main(argv: readonly string[]): number {
  const configAt = argv.indexOf('--config');
  const configFile = configAt >= 0 ? argv[configAt + 1] : undefined;
  if (configAt >= 0 && (configFile === undefined || configFile.startsWith('--'))) throw new GatewayCommandError('--config needs a file');
  const rest = configAt >= 0 ? [...argv.slice(0, configAt), ...argv.slice(configAt + 2)] : [...argv];
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${GATEWAY_USAGE}\n`);
    return 0;
  }
  const config = loadConfig(configFile);
  if (!config.gateway || !config.triton) throw new GatewayCommandError('this config has no gateway section: there is no gateway to manage');
  const command = parseGatewayCommand(rest, {
    regions: config.regions.map((region) => region.name),
    tiers: Object.keys(config.triton.tiers),
    levels: Object.keys(config.gateway.levels),
  });
  const secretsOf = (regions: readonly string[]) => regions.map((region) => ({ region, secretName: gatewayKeySecretName(config.environment, region) }));

  switch (command.kind) {
    case 'add-key': {
      const keyId = command.keyId ?? defaultKeyId(command.tier);
      const { key, sha256 } = generateKey();
      updateKeys(secretsOf(command.regions), (entries) => withKey(entries, { sha256, keyId, tier: command.tier }));
      process.stderr.write(`added key ${keyId} (tier ${command.tier}) in ${command.regions.join(', ')}; the gateways accept it within about 2 minutes.\n`);
      process.stderr.write('The key, shown only this once (only its SHA-256 is stored):\n');
      process.stdout.write(`${key}\n`);
      return 0;
    }
    case 'revoke-key':
      updateKeys(secretsOf(command.regions), (entries, secret) => withoutKey(entries, command.keyId, ` in ${secret.region}`));
      process.stderr.write(`revoked key ${command.keyId} in ${command.regions.join(', ')}; the gateways refuse it within about 2 minutes.\n`);
      return 0;
    case 'list-keys':
      for (const secret of secretsOf(command.regions)) {
        for (const entry of readKeys(secret)) process.stdout.write(`${secret.region}\t${entry.keyId}\t${entry.tier}\n`);
      }
      return 0;
    case 'level':
      switchLevel(config, command);
      return 0;
  }
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof GatewayCommandError || error instanceof ConfigError) {
      process.stderr.write(`npm run gateway: ${error.message}\n`);
      if (error instanceof GatewayCommandError && /no command|unknown command/.test(error.message)) process.stderr.write(`\n${GATEWAY_USAGE}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
