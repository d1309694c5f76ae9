/**
 * Terraform CLI configuration for `npm run plan`: finds a local provider mirror and writes a CLI config
 * file that installs the mirrored providers from it (everything else from the registry as usual).
 *
 * Terraform installs a provider from an *unpacked* filesystem mirror by symlinking the mirror directory
 * into `.terraform/providers` (and into `plugin_cache_dir`, which then holds a symlink too), so the
 * ~700 MB aws provider binary is never copied, whatever the number of stacks or runs.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Environment variable naming the mirror directory; `none` (or `off`) disables the mirror. */
export const MIRROR_ENV_VAR = 'SPILLWAY_TF_PLUGIN_MIRROR';
/** Where the machine image puts its mirror; used when {@link MIRROR_ENV_VAR} is unset. */
export const DEFAULT_MIRROR_PATH = '/opt/tf-plugins';
/** Plugin cache, relative to the project root. */
export const DEFAULT_PLUGIN_CACHE_DIR = path.join('node_modules', '.cache', 'spillway', 'terraform-plugins');

export interface PluginMirror {
  /** Absolute path of the mirror root (the directory holding `registry.terraform.io/...`). */
  readonly path: string;
  /** `env`: named by SPILLWAY_TF_PLUGIN_MIRROR; `discovered`: found at the default location. */
  readonly origin: 'env' | 'discovered';
}

export interface MirroredProvider {
  /** Fully qualified source address, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** Versions present, sorted. */
  readonly versions: readonly string[];
}

/**
 * Which mirror to use. Throws when SPILLWAY_TF_PLUGIN_MIRROR names a directory that does not exist: an
 * explicit setting that silently falls back to the registry would hide a broken CI image.
 */
export function resolvePluginMirror(
  env: NodeJS.ProcessEnv = process.env,
  isDirectory: (p: string) => boolean = isDir,
): PluginMirror | undefined {
  const setting = env[MIRROR_ENV_VAR]?.trim();
  if (setting) {
    if (/^(none|off|false|0)$/i.test(setting)) return undefined;
    const resolved = path.resolve(setting);
    if (!isDirectory(resolved)) {
      throw new Error(`${MIRROR_ENV_VAR}=${setting}: no such directory (unset it to use the registry, or set it to "none")`);
    }
    return { path: resolved, origin: 'env' };
  }
  return isDirectory(DEFAULT_MIRROR_PATH) ? { path: DEFAULT_MIRROR_PATH, origin: 'discovered' } : undefined;
}

/**
 * Lists the providers in a filesystem mirror. Understands both layouts Terraform accepts:
 * unpacked `HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/` and packed `HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`.
 */
export function listMirroredProviders(mirrorPath: string): MirroredProvider[] {
  const providers: MirroredProvider[] = [];
  for (const host of subdirs(mirrorPath)) {
    for (const namespace of subdirs(path.join(mirrorPath, host))) {
      for (const type of subdirs(path.join(mirrorPath, host, namespace))) {
        const typeDir = path.join(mirrorPath, host, namespace, type);
        const versions = new Set<string>();
        for (const version of subdirs(typeDir)) {
          if (subdirs(path.join(typeDir, version)).some((platform) => /^[a-z0-9]+_[a-z0-9]+$/.test(platform))) versions.add(version);
        }
        const packed = new RegExp(`^terraform-provider-${escapeRegExp(type)}_(.+)_[a-z0-9]+_[a-z0-9]+\\.zip$`);
        for (const file of safeReaddir(typeDir)) {
          const match = packed.exec(file);
          if (match) versions.add(match[1]);
        }
        if (versions.size > 0) {
          providers.push({ source: `${host}/${namespace}/${type}`.toLowerCase(), versions: [...versions].sort() });
        }
      }
    }
  }
  return providers.sort((a, b) => a.source.localeCompare(b.source));
}

export interface CliConfigOptions {
  readonly mirrorPath: string;
  /** Provider source addresses to install from the mirror (and never from the registry). */
  readonly providers: readonly string[];
  /** Absolute path of the shared plugin cache. */
  readonly pluginCacheDir?: string;
}

/** Renders the CLI config (HCL). Pure. */
export function renderCliConfig(options: CliConfigOptions): string {
  const list = (items: readonly string[]) => `[${items.map(hclString).join(', ')}]`;
  const lines = ['# Written by `npm run plan` (scripts/lib/terraform-cli-config.ts). Regenerated on every run.'];
  if (options.pluginCacheDir) lines.push(`plugin_cache_dir = ${hclString(options.pluginCacheDir)}`);
  lines.push('provider_installation {');
  if (options.providers.length > 0) {
    lines.push(
      '  filesystem_mirror {',
      `    path    = ${hclString(options.mirrorPath)}`,
      `    include = ${list(options.providers)}`,
      '  }',
      '  direct {',
      `    exclude = ${list(options.providers)}`,
      '  }',
    );
  } else {
    lines.push('  direct {}');
  }
  lines.push('}', '');
  return lines.join('\n');
}

export interface TerraformCliSetup {
  /** Extra environment for the terraform child processes (empty when no mirror is used). */
  readonly env: Record<string, string>;
  readonly mirror?: PluginMirror;
  readonly mirroredProviders: readonly MirroredProvider[];
  readonly cliConfigFile?: string;
  readonly pluginCacheDir?: string;
  /** One line for the console. */
  readonly description: string;
}

/**
 * Prepares provider installation for the terraform child processes. With a mirror: writes
 * `<plansDir>/terraformrc`, creates the plugin cache, and returns `TF_CLI_CONFIG_FILE` for the children
 * only (the parent's environment is untouched). Without one: returns no extra environment, so the
 * user's own CLI config and the registry apply.
 */
export function prepareTerraformCli(options: {
  readonly plansDir: string;
  readonly projectRoot: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly mirror?: PluginMirror | null;
}): TerraformCliSetup {
  const mirror = options.mirror === undefined ? resolvePluginMirror(options.env ?? process.env) : options.mirror ?? undefined;
  if (!mirror) {
    return { env: {}, mirroredProviders: [], description: 'providers: registry (no local mirror; your Terraform CLI config applies)' };
  }
  const mirroredProviders = listMirroredProviders(mirror.path);
  const pluginCacheDir = path.resolve(options.projectRoot, DEFAULT_PLUGIN_CACHE_DIR);
  fs.mkdirSync(pluginCacheDir, { recursive: true });
  fs.mkdirSync(options.plansDir, { recursive: true });
  const cliConfigFile = path.join(options.plansDir, 'terraformrc');
  const sources = mirroredProviders.map((p) => p.source);
  fs.writeFileSync(cliConfigFile, renderCliConfig({ mirrorPath: mirror.path, providers: sources, pluginCacheDir }));
  const what = mirroredProviders.map((p) => `${p.source} ${p.versions.join(', ')}`).join('; ') || 'no providers';
  return {
    env: { TF_CLI_CONFIG_FILE: cliConfigFile },
    mirror,
    mirroredProviders,
    cliConfigFile,
    pluginCacheDir,
    description: `providers: mirror ${mirror.path} (${mirror.origin === 'env' ? MIRROR_ENV_VAR : 'discovered'}: ${what}), others from the registry`,
  };
}

function hclString(value: string): string {
  // The CLI config is read as HCL 1: a double-quoted string with JSON-style escapes, no interpolation.
  return JSON.stringify(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function subdirs(dir: string): string[] {
  return safeReaddir(dir)
    .filter((name) => !name.startsWith('.') && isDir(path.join(dir, name)))
    .sort();
}
