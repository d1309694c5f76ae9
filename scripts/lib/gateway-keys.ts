/**
 * The pure half of `npm run gateway`: the key-hash document kept in each region's Secrets Manager secret
 * (the gateway's `GATEWAY.keysFile` format), new keys, and the command line. No AWS or Kubernetes calls here.
 *
 * Document format, one key per line: `<sha256 of the key, 64 lower-case hex> <key id> <tier>`; blank lines
 * and `#` lines are ignored. Only the hash is ever stored: the key itself is printed once by `add-key`.
 */
import { createHash, randomBytes } from 'crypto';

/** An operator mistake (bad argument, unknown tier, key id taken): printed as one line, exit 1, nothing written. */
export class GatewayCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayCommandError';
  }
}

export interface KeyEntry {
  readonly sha256: string;
  readonly keyId: string;
  readonly tier: string;
}

/** Key ids: what logs, metrics and `revoke-key` name a key by. */
export const KEY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const TIER = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** Prefix of every generated key, so leaked keys are recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'spw_';

const HEADER = [
  '# Spillway inference gateway API keys: <sha256 of the key> <key id> <tier>',
  '# Written by `npm run gateway -- add-key/revoke-key`; only hashes, never a key.',
];

/** The entries of a key document; a malformed line is an error naming its line number (the document is not rewritten). */
export function parseKeyDocument(text: string, source = 'the key document'): KeyEntry[] {
  const entries: KeyEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const [sha256, keyId, tier] = fields;
    const problem =
      fields.length !== 3
        ? `has ${fields.length} fields, not 3 (<sha256> <key id> <tier>)`
        : !SHA256_HEX.test(sha256)
          ? `hash "${sha256.slice(0, 70)}" is not 64 lower-case hex digits`
          : !KEY_ID_PATTERN.test(keyId)
            ? `key id "${keyId}" is not ${KEY_ID_PATTERN}`
            : !TIER.test(tier)
              ? `tier "${tier}" is not a tier name`
              : undefined;
    if (problem) throw new GatewayCommandError(`${source} line ${index + 1} ${problem}; fix or remove it in Secrets Manager first`);
    entries.push({ sha256, keyId, tier });
  });
  return entries;
}

/** The document text: header, then one line per key sorted by key id (stable diffs between versions). */
export function serializeKeyDocument(entries: readonly KeyEntry[]): string {
  const lines = [...entries].sort((a, b) => a.keyId.localeCompare(b.keyId)).map((entry) => `${entry.sha256} ${entry.keyId} ${entry.tier}`);
  return [...HEADER, ...lines].join('\n') + '\n';
}

/** SHA-256 of a key as the gateway computes it (of the exact key text), lower-case hex. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new API key: 32 random bytes (256 bits) from the OS CSPRNG, base64url, with the `spw_` prefix. */
export function generateKey(random: (size: number) => Buffer = randomBytes): { readonly key: string; readonly sha256: string } {
  const key = `${KEY_PREFIX}${random(32).toString('base64url')}`;
  return { key, sha256: hashKey(key) };
}

/** A default key id: `<tier>-<8 random hex>`. */
export function defaultKeyId(tier: string, random: (size: number) => Buffer = randomBytes): string {
  return `${tier}-${random(4).toString('hex')}`;
}

/** The entries with one more key; a taken id or hash is an error. */
export function withKey(entries: readonly KeyEntry[], added: KeyEntry): KeyEntry[] {
  if (entries.some((entry) => entry.keyId === added.keyId)) {
    throw new GatewayCommandError(`key id "${added.keyId}" already exists; revoke it first or choose another --id`);
  }
  if (entries.some((entry) => entry.sha256 === added.sha256)) {
    throw new GatewayCommandError('a key with this hash already exists');
  }
  return [...entries, added];
}

/** The entries without the key `keyId`; an unknown id is an error listing the ids there are. */
export function withoutKey(entries: readonly KeyEntry[], keyId: string, where = ''): KeyEntry[] {
  if (!entries.some((entry) => entry.keyId === keyId)) {
    const ids = entries.map((entry) => entry.keyId).sort();
    throw new GatewayCommandError(`no key "${keyId}"${where}; keys there: ${ids.length > 0 ? ids.join(', ') : 'none'}`);
  }
  return entries.filter((entry) => entry.keyId !== keyId);
}

// ---- The command line ----

export type GatewayCommand =
  | { readonly kind: 'add-key'; readonly tier: string; readonly keyId?: string; readonly regions: readonly string[] }
  | { readonly kind: 'revoke-key'; readonly keyId: string; readonly regions: readonly string[] }
  | { readonly kind: 'list-keys'; readonly regions: readonly string[] }
  | { readonly kind: 'level'; readonly region: string; readonly level: string; readonly context?: string; readonly dryRun: boolean };

/** What the command line is checked against: from the loaded config. */
export interface GatewayCommandContext {
  readonly regions: readonly string[];
  readonly tiers: readonly string[];
  readonly levels: readonly string[];
}

export const GATEWAY_USAGE = `Usage: npm run gateway -- <command> [--config <file>]

  add-key <tier> [--id <key id>] [--region <region>]...
      create an API key of <tier>, print it ONCE, store only its SHA-256 in every region's secret
      (or only the --region ones; a key must be in every region the accelerator may send its client to)
  revoke-key <key id> [--region <region>]...
      remove the key from every region's secret (the gateways stop accepting it within about 2 minutes)
  list-keys [--region <region>]...
      print key ids and tiers (never hashes)
  level <region> <level> [--context <kube context>] [--dry-run]
      switch the region's degradation level: patches the level ConfigMap, which every gateway pod picks
      up within seconds (kube context default: the cluster name)

  --config <file>  fleet config (default $SPILLWAY_CONFIG, else config/environments/example.yaml)`;

/** Parses and checks argv (without `--config`, which the caller resolves first). */
export function parseGatewayCommand(argv: readonly string[], context: GatewayCommandContext): GatewayCommand {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  let dryRun = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--dry-run') {
      dryRun = true;
    } else if (arg === '--id' || arg === '--region' || arg === '--context') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new GatewayCommandError(`${arg} needs a value`);
      options.set(arg, [...(options.get(arg) ?? []), value]);
      index += 1;
    } else if (arg.startsWith('--')) {
      throw new GatewayCommandError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [kind, ...rest] = positional;
  const allowed = (name: string, ...flags: string[]) => {
    for (const flag of options.keys()) if (!flags.includes(flag)) throw new GatewayCommandError(`${name} takes no ${flag}`);
    if (dryRun && name !== 'level') throw new GatewayCommandError(`${name} takes no --dry-run`);
  };
  const arity = (name: string, count: number, shape: string) => {
    if (rest.length !== count) throw new GatewayCommandError(`${name} takes ${shape}, got ${rest.length === 0 ? 'nothing' : rest.map((item) => `"${item}"`).join(' ')}`);
  };
  const region = (name: string) => {
    if (!context.regions.includes(name)) throw new GatewayCommandError(`region "${name}" is not configured; regions: ${context.regions.join(', ')}`);
    return name;
  };
  const regions = () => [...new Set((options.get('--region') ?? context.regions).map(region))];
  const single = (flag: string) => {
    const values = options.get(flag);
    if (values && values.length > 1) throw new GatewayCommandError(`${flag} given ${values.length} times`);
    return values?.[0];
  };

  switch (kind) {
    case 'add-key': {
      allowed(kind, '--id', '--region');
      arity(kind, 1, '<tier>');
      const tier = rest[0];
      if (!context.tiers.includes(tier)) throw new GatewayCommandError(`tier "${tier}" is not one of triton.tiers: ${context.tiers.join(', ')}`);
      const keyId = single('--id');
      if (keyId !== undefined && !KEY_ID_PATTERN.test(keyId)) {
        throw new GatewayCommandError(`--id "${keyId}" must be 1-63 characters of a-z, 0-9, ".", "_" and "-", starting with a letter or digit`);
      }
      return { kind, tier, keyId, regions: regions() };
    }
    case 'revoke-key':
      allowed(kind, '--region');
      arity(kind, 1, '<key id>');
      if (!KEY_ID_PATTERN.test(rest[0])) throw new GatewayCommandError(`"${rest[0]}" is not a key id`);
      return { kind, keyId: rest[0], regions: regions() };
    case 'list-keys':
      allowed(kind, '--region');
      arity(kind, 0, 'no arguments');
      return { kind, regions: regions() };
    case 'level': {
      allowed(kind, '--context');
      arity(kind, 2, '<region> <level>');
      const [name, level] = rest;
      if (!context.levels.includes(level)) throw new GatewayCommandError(`level "${level}" is not one of gateway.levels: ${context.levels.join(', ')}`);
      return { kind, region: region(name), level, context: single('--context'), dryRun };
    }
    case undefined:
      throw new GatewayCommandError('no command given');
    default:
      throw new GatewayCommandError(`unknown command "${kind}"; commands: add-key, revoke-key, list-keys, level`);
  }
}
