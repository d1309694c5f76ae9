/**
 * Runs the terraform CLI for one stack directory: `init`, `plan -out`, `show -json`. Knows terraform's
 * output format well enough to tell a provider that cannot be installed (the stack is reported as not
 * planned) from any other error (the run fails with terraform's own message).
 */
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TERRAFORM_LOCK_ENV_VAR, withTerraformLock } from './terraform-lock';

/** Same variable cdktf-cli honours for a non-default terraform binary. */
export const TERRAFORM_BINARY_ENV_VAR = 'TERRAFORM_BINARY_NAME';

export interface TerraformRunOptions {
  /** Working directory (the stack directory). */
  readonly cwd: string;
  /** Complete environment for the child process. */
  readonly env: NodeJS.ProcessEnv;
  /** Terraform binary; default $TERRAFORM_BINARY_NAME or `terraform` on PATH. */
  readonly binary?: string;
  /** Stream stdout to this file instead of keeping it in memory (for `show -json`). */
  readonly stdoutFile?: string;
}

export interface TerraformResult {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * Runs terraform; resolves with the result whatever the exit code (rejects only if it cannot start). Waits
 * for the machine-wide lock first when $SPILLWAY_TERRAFORM_LOCK names one.
 */
export function runTerraform(args: readonly string[], options: TerraformRunOptions): Promise<TerraformResult> {
  return withTerraformLock(process.env[TERRAFORM_LOCK_ENV_VAR], () => spawnTerraform(args, options));
}

function spawnTerraform(args: readonly string[], options: TerraformRunOptions): Promise<TerraformResult> {
  const binary = options.binary ?? options.env[TERRAFORM_BINARY_ENV_VAR] ?? 'terraform';
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const file = options.stdoutFile ? fs.createWriteStream(options.stdoutFile) : undefined;
    if (file) child.stdout.pipe(file, { end: false });
    else child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT' && fs.existsSync(options.cwd);
      reject(missing ? new Error(`terraform binary "${binary}" not found on PATH (set ${TERRAFORM_BINARY_ENV_VAR})`) : error);
    });
    child.on('close', (code, signal) => {
      const finish = () =>
        resolve({
          args,
          exitCode: code ?? (signal ? 128 : 1),
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8') + (signal ? `\nterraform killed by ${signal}` : ''),
          durationMs: Date.now() - started,
        });
      if (file) file.end(finish);
      else finish();
    });
  });
}

/** Flags every command gets: no prompts, no colour codes in captured output. */
const COMMON = ['-no-color'];

/**
 * `terraform init`. `-reconfigure` because a stack directory alternates between its real backend and
 * the preview backend: a plan tool must never offer to migrate state between them.
 */
export function terraformInit(options: TerraformRunOptions): Promise<TerraformResult> {
  return runTerraform(['init', '-input=false', '-reconfigure', ...COMMON], options);
}

/** Records what the last successful `init` of a stack directory was run for. */
export const INIT_STAMP_FILE = path.join('.terraform', 'spillway-init.json');

/**
 * What `terraform init` depends on for a stack directory: the `terraform` and `module` blocks of every
 * configuration file (required providers, backend, module sources), the CLI config in effect and the
 * binary. Resources and provider settings do not matter to init.
 */
export function initFingerprint(stackDir: string, env: NodeJS.ProcessEnv, binary?: string): string {
  const hash = createHash('sha256');
  const files = fs.readdirSync(stackDir).filter((f) => f.endsWith('.tf.json') || f.endsWith('.tf')).sort();
  for (const file of files) {
    const text = fs.readFileSync(path.join(stackDir, file), 'utf8');
    let relevant: unknown = text;
    if (file.endsWith('.json')) {
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        relevant = { terraform: json.terraform, module: json.module };
      } catch {
        // Unparseable: hash it whole, init will report the syntax error.
      }
    }
    hash.update(`${file}\0${JSON.stringify(relevant)}\0`);
  }
  const cliConfig = env.TF_CLI_CONFIG_FILE;
  hash.update(`cli:${cliConfig ?? ''}\0${cliConfig && fs.existsSync(cliConfig) ? fs.readFileSync(cliConfig, 'utf8') : ''}\0`);
  hash.update(`bin:${binary ?? env[TERRAFORM_BINARY_ENV_VAR] ?? 'terraform'}`);
  return hash.digest('hex');
}

/** True when the directory was initialized for exactly this fingerprint and still has its lock file and providers. */
export function isInitCurrent(stackDir: string, fingerprint: string): boolean {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(stackDir, INIT_STAMP_FILE), 'utf8')) as { fingerprint?: string };
    return stamp.fingerprint === fingerprint && fs.existsSync(path.join(stackDir, '.terraform.lock.hcl')) && fs.existsSync(path.join(stackDir, '.terraform', 'providers'));
  } catch {
    return false;
  }
}

export function recordInit(stackDir: string, fingerprint: string | undefined): void {
  const file = path.join(stackDir, INIT_STAMP_FILE);
  if (fingerprint === undefined) fs.rmSync(file, { force: true });
  else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ fingerprint })}\n`);
  }
}

/**
 * `terraform init` unless the directory is already initialized for the same configuration (saves the
 * ~1.7 s terraform spends hashing the 700 MB aws provider three times per init). `skipped` results have
 * exit code 0 and no output; callers retry with `force` if a later command still asks for init.
 */
export async function ensureInit(options: TerraformRunOptions & { readonly force?: boolean }): Promise<TerraformResult & { readonly skipped: boolean }> {
  const fingerprint = initFingerprint(options.cwd, options.env, options.binary);
  if (!options.force && isInitCurrent(options.cwd, fingerprint)) {
    return { args: ['init'], exitCode: 0, stdout: '', stderr: '', durationMs: 0, skipped: true };
  }
  recordInit(options.cwd, undefined);
  const result = await terraformInit(options);
  if (result.exitCode === 0) recordInit(options.cwd, fingerprint);
  return { ...result, skipped: false };
}

const NEEDS_INIT_SUMMARY =
  /^(Required plugins are not installed|Inconsistent dependency lock file|Backend initialization required|Backend configuration changed|Module not installed|Missing required provider)/i;

/**
 * Terraform says the working directory needs (re-)initialization: providers, backend, modules or lock
 * file. (With TF_IN_AUTOMATION set, terraform leaves out its "run terraform init" hint, so this goes by
 * the diagnostic summaries.)
 */
export function asksForInit(result: TerraformResult): boolean {
  if (/terraform init\b/.test(result.stderr)) return true;
  return parseDiagnostics(result.stderr).some((d) => d.severity === 'error' && NEEDS_INIT_SUMMARY.test(d.summary));
}

export interface PlanFlags {
  /** Preview: `-lock=false -refresh=false` (no state lock to take, no real objects to read). */
  readonly preview: boolean;
  readonly extraArgs?: readonly string[];
}

export function terraformPlan(planFile: string, flags: PlanFlags, options: TerraformRunOptions): Promise<TerraformResult> {
  const previewArgs = flags.preview ? ['-lock=false', '-refresh=false'] : [];
  return runTerraform(['plan', '-input=false', ...previewArgs, ...COMMON, ...(flags.extraArgs ?? []), `-out=${planFile}`], options);
}

/** `terraform show -json <planFile>` streamed into `jsonFile`. */
export function terraformShowJson(planFile: string, jsonFile: string, options: TerraformRunOptions): Promise<TerraformResult> {
  return runTerraform(['show', '-json', ...COMMON, planFile], { ...options, stdoutFile: jsonFile });
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  /** Paragraphs of the detail with terraform's line wrapping undone; source snippets left out. */
  readonly detail: readonly string[];
}

/** Parses terraform's human-readable (`-no-color`) diagnostics. */
export function parseDiagnostics(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lines = output.replace(/\r\n/g, '\n').split('\n');
  let current: { severity: Diagnostic['severity']; summary: string; body: string[] } | undefined;
  const flush = () => {
    if (current) diagnostics.push({ severity: current.severity, summary: current.summary, detail: paragraphs(current.body) });
  };
  for (const raw of lines) {
    const line = raw.replace(/^[│╷╵]\s?/, '');
    const header = /^(Error|Warning): (.*)$/.exec(line);
    if (header) {
      flush();
      current = { severity: header[1] === 'Error' ? 'error' : 'warning', summary: header[2].trim(), body: [] };
    } else if (current) {
      current.body.push(line);
    }
  }
  flush();
  return diagnostics;
}

function paragraphs(body: readonly string[]): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  let snippet = false;
  const end = () => {
    if (paragraph.length > 0 && !snippet) out.push(paragraph.join(' ').replace(/\s+/g, ' ').trim());
    paragraph = [];
    snippet = false;
  };
  for (const line of body) {
    if (line.trim() === '') {
      end();
      continue;
    }
    // "  on file line N, in ...:" / "  with provider[...]," open a source-snippet paragraph.
    if (paragraph.length === 0 && /^\s+(on |with )/.test(line)) snippet = true;
    paragraph.push(line);
  }
  end();
  return out;
}

const PROVIDER_INSTALL_SUMMARY =
  /^(Failed to (query|install|download|resolve|obtain)\b.*provider|Incompatible provider version|Invalid provider registry host)/i;

/** Provider requirements of a stack: local name -> { source, version }. */
export type ProviderRequirements = Readonly<Record<string, { readonly source?: string; readonly version?: string }>>;

/**
 * When every error of a failed `terraform init` is about installing providers, returns one concise
 * reason per provider (`provider registry.terraform.io/hashicorp/kubernetes 2.38.0 could not be
 * installed: could not connect to registry.terraform.io: … no such host`). Otherwise undefined: the
 * failure is a real error.
 */
export function providerInstallFailures(output: string, requirements: ProviderRequirements = {}): string[] | undefined {
  const errors = parseDiagnostics(output).filter((d) => d.severity === 'error');
  if (errors.length === 0 || !errors.every((d) => PROVIDER_INSTALL_SUMMARY.test(d.summary))) return undefined;
  const reasons = errors.map((diagnostic) => {
    const first = diagnostic.detail[0] ?? diagnostic.summary;
    const match = /(?:provider|installing)\s+([a-z0-9][a-z0-9.-]*(?:\/[a-z0-9][a-z0-9_.-]*){1,2})(?:\s+v(\d[^\s:]*))?:\s*(.*)$/i.exec(first);
    if (!match) return `${diagnostic.summary}: ${concise(first)}`;
    const source = normalizeProviderSource(match[1]);
    const version = match[2] ?? requiredVersion(source, requirements);
    return `provider ${source}${version ? ` ${version}` : ''} could not be installed: ${concise(match[3] || diagnostic.summary)}`;
  });
  return [...new Set(reasons)].sort();
}

/** Keeps a long colon-chained Go error readable: first clause … last clause. */
export function concise(message: string, max = 160): string {
  const text = message.trim().replace(/\.$/, '');
  if (text.length <= max) return text;
  const clauses = text.split(/:\s+/);
  if (clauses.length >= 3) {
    const short = `${clauses[0]}: … ${clauses[clauses.length - 1]}`;
    if (short.length <= max) return short;
  }
  return `${text.slice(0, max - 1)}…`;
}

/** Provider source address in full: `helm` -> `registry.terraform.io/hashicorp/helm`, `hashicorp/aws` -> `registry.terraform.io/hashicorp/aws`. */
export function normalizeProviderSource(source: string): string {
  const parts = source.trim().toLowerCase().split('/').filter(Boolean);
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts.join('/')}`;
  return parts.join('/');
}

function requiredVersion(source: string, requirements: ProviderRequirements): string | undefined {
  for (const [localName, requirement] of Object.entries(requirements)) {
    const required = normalizeProviderSource(requirement.source ?? `hashicorp/${localName}`);
    if (required === source && requirement.version) return requirement.version.replace(/^=\s*/, '');
  }
  return undefined;
}

/** The first error diagnostics of a run, for one-line messages; the full stderr is shown separately. */
export function firstError(result: TerraformResult): string {
  const error = parseDiagnostics(result.stderr || result.stdout).find((d) => d.severity === 'error');
  if (!error) return `terraform ${result.args[0]} exited with ${result.exitCode}`;
  return error.detail.length > 0 ? `${error.summary}: ${concise(error.detail[0], 240)}` : error.summary;
}
