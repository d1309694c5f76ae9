/**
 * Plans every stack of a synthesized cdktf app: reads `<outdir>/manifest.json`, orders stacks by their
 * dependencies, prepares each directory for the mode (preview override written or removed), runs
 * `terraform init` for all stacks in parallel, then `plan` + `show -json` as soon as a stack's
 * dependencies are settled. Produces one {@link StackReport} per stack for the summary.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { StackReport, PlanJson, formatCounts, summarizePlan } from './plan-summary';
import {
  PlanMode,
  StackJson,
  buildPreviewOverride,
  previewChildEnv,
  removePreviewOverride,
  writePreviewOverride,
} from './preview-mode';
import {
  ProviderRequirements,
  TerraformResult,
  asksForInit,
  ensureInit,
  providerInstallFailures,
  terraformPlan,
  terraformShowJson,
} from './terraform-runner';
import { blockedByPreventDestroy, explainBlockedPlan } from './prevent-destroy';

export interface StackInfo {
  readonly name: string;
  /** Absolute stack directory (holds cdk.tf.json). */
  readonly dir: string;
  readonly dependencies: readonly string[];
  readonly json: StackJson;
}

interface ManifestJson {
  readonly stacks?: Record<string, { readonly synthesizedStackPath: string; readonly dependencies?: readonly string[] }>;
}

/** Reads the cdktf manifest and each stack's JSON; returns stacks in dependency order. */
export function readManifest(outdir: string): StackInfo[] {
  const manifestFile = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found: synthesize first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as ManifestJson;
  const stacks = Object.entries(manifest.stacks ?? {}).map(([name, entry]) => {
    const file = path.resolve(outdir, entry.synthesizedStackPath);
    return { name, dir: path.dirname(file), dependencies: [...(entry.dependencies ?? [])], json: JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson };
  });
  return orderStacks(stacks);
}

/** Topological order (dependencies first), otherwise keeping the given order. Unknown dependencies are ignored. */
export function orderStacks<T extends { readonly name: string; readonly dependencies: readonly string[] }>(stacks: readonly T[]): T[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: T, trail: string[]) => {
    const seen = state.get(stack.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`stack dependency cycle: ${[...trail, stack.name].join(' -> ')}`);
    state.set(stack.name, 'visiting');
    for (const dependency of stack.dependencies) {
      const target = byName.get(dependency);
      if (target) visit(target, [...trail, stack.name]);
    }
    state.set(stack.name, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}

/** Removes the previous run's plans, plan JSON, summary and preview state. */
export function resetPlansDir(plansDir: string): void {
  fs.rmSync(plansDir, { recursive: true, force: true });
  fs.mkdirSync(plansDir, { recursive: true });
}

export interface PlanStacksOptions {
  /** Absolute cdktf output directory (holds manifest.json). */
  readonly outdir: string;
  /** Default `<outdir>/plans`. */
  readonly plansDir?: string;
  readonly mode: PlanMode;
  /** Base environment of the terraform children. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Added to the children's environment (TF_CLI_CONFIG_FILE from the CLI config writer). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /**
   * Parallel terraform processes; each loads a provider of about 0.5 GB.
   * @default $SPILLWAY_TERRAFORM_CONCURRENCY, else min(4, CPUs)
   */
  readonly concurrency?: number;
  readonly extraPlanArgs?: readonly string[];
  /** Run `terraform init` even when the directory is initialized for the same configuration. */
  readonly alwaysInit?: boolean;
  /** Paths in reports are shown relative to this. Default process.cwd(). */
  readonly displayRoot?: string;
  readonly log?: (line: string) => void;
  /** Stacks to plan instead of reading the manifest. */
  readonly stacks?: readonly StackInfo[];
}

/** `SPILLWAY_TERRAFORM_CONCURRENCY` when it is a positive integer, else min(4, CPUs). */
export function terraformConcurrency(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.SPILLWAY_TERRAFORM_CONCURRENCY);
  return Number.isInteger(configured) && configured > 0 ? configured : Math.max(1, Math.min(4, os.cpus().length));
}

export interface StackOutcome {
  readonly report: StackReport;
  readonly planFile?: string;
  readonly planJsonFile?: string;
  /** Terraform's stderr of the failing command, when the stack failed. */
  readonly stderr?: string;
  readonly timings: { readonly initMs?: number; readonly planMs?: number; readonly showMs?: number };
}

export interface PlanStacksResult {
  readonly outcomes: readonly StackOutcome[];
  readonly failed: boolean;
}

export async function planStacks(options: PlanStacksOptions): Promise<PlanStacksResult> {
  const plansDir = options.plansDir ?? path.join(options.outdir, 'plans');
  const displayRoot = options.displayRoot ?? process.cwd();
  const log = options.log ?? (() => undefined);
  const preview = options.mode === 'preview';
  const stacks = options.stacks ? orderStacks(options.stacks) : readManifest(options.outdir);
  const baseEnv = { ...(options.env ?? process.env), ...(options.extraEnv ?? {}), TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const env = preview ? previewChildEnv(baseEnv) : baseEnv;
  const limit = createLimiter(options.concurrency ?? terraformConcurrency(process.env));
  fs.mkdirSync(path.join(plansDir, 'preview-state'), { recursive: true });

  for (const stack of stacks) {
    if (preview) {
      const override = buildPreviewOverride(stack.json, { previewStateFile: path.join(plansDir, 'preview-state', `${stack.name}.tfstate`) });
      writePreviewOverride(stack.dir, override);
      if (override?.replacedBackend) log(`[${stack.name}] preview: ${override.replacedBackend} backend replaced by a local scratch state`);
    } else if (removePreviewOverride(stack.dir)) {
      log(`[${stack.name}] removed a stale preview override`);
    }
  }

  const run = { cwd: '', env };
  // The first init runs alone: it fills the shared plugin cache, which terraform does not make safe for
  // concurrent writers (parallel first inits fail with "failed to create directory" in the cache).
  const init = (stack: StackInfo) => limit(() => ensureInit({ ...run, cwd: stack.dir, force: options.alwaysInit }));
  const firstInit = stacks.length > 0 ? init(stacks[0]) : undefined;
  const settled = firstInit?.catch(() => undefined);
  const inits = new Map(stacks.map((stack, i) => [stack.name, i === 0 ? firstInit! : settled!.then(() => init(stack))] as const));
  const outcomes = new Map<string, Promise<StackOutcome>>();
  for (const stack of stacks) {
    outcomes.set(
      stack.name,
      (async (): Promise<StackOutcome> => {
        let init = await inits.get(stack.name)!;
        log(`[${stack.name}] init ${init.skipped ? 'up to date' : seconds(init.durationMs)}${init.exitCode === 0 ? '' : ' (failed)'}`);
        const dependencies = await Promise.all(
          stack.dependencies.filter((d) => outcomes.has(d)).map(async (d) => ({ name: d, outcome: await outcomes.get(d)! })),
        );
        const blockedBy = dependencies
          .map(({ name, outcome }) => dependencyBlock(name, outcome.report, preview))
          .filter((reason): reason is string => reason !== undefined);
        if (init.exitCode !== 0) {
          const providerReasons = providerInstallFailures(init.stderr + init.stdout, requirementsOf(stack.json));
          if (!providerReasons) return failure(stack.name, init, { initMs: init.durationMs });
          return notPlanned(stack.name, [...providerReasons, ...blockedBy], { initMs: init.durationMs }, log);
        }
        if (blockedBy.length > 0) return notPlanned(stack.name, blockedBy, { initMs: init.durationMs }, log);

        const planFile = path.join(plansDir, `${stack.name}.tfplan`);
        const planJsonFile = path.join(plansDir, `${stack.name}.json`);
        const runPlan = () => limit(() => terraformPlan(planFile, { preview, extraArgs: options.extraPlanArgs }, { ...run, cwd: stack.dir }));
        let plan = await runPlan();
        if (plan.exitCode !== 0 && init.skipped && asksForInit(plan)) {
          // The skipped init may have been stale (moved mirror, new terraform binary): init for real, plan again.
          log(`[${stack.name}] plan failed after a skipped init: running init and planning again`);
          init = await limit(() => ensureInit({ ...run, cwd: stack.dir, force: true }));
          if (init.exitCode !== 0) return failure(stack.name, init, { initMs: init.durationMs });
          plan = await runPlan();
        }
        if (plan.exitCode !== 0) {
          const timings = { initMs: init.durationMs, planMs: plan.durationMs };
          const blocked = blockedByPreventDestroy(plan.stderr + plan.stdout);
          if (blocked.length === 0) return failure(stack.name, plan, timings);
          log(`[${stack.name}] prevent_destroy blocked ${blocked.join(', ')}: planning once more with it lifted, to show why`);
          const explainFile = path.join(plansDir, `${stack.name}.blocked.tfplan`);
          const explain = { stackDir: stack.dir, addresses: blocked, planFile: explainFile, preview, extraArgs: options.extraPlanArgs, run };
          return failure(stack.name, plan, timings, await limit(() => explainBlockedPlan(explain)));
        }
        const show = await limit(() => terraformShowJson(planFile, planJsonFile, { ...run, cwd: stack.dir }));
        const timings = { initMs: init.durationMs, planMs: plan.durationMs, showMs: show.durationMs };
        if (show.exitCode !== 0) return failure(stack.name, show, timings);
        const planJson = JSON.parse(fs.readFileSync(planJsonFile, 'utf8')) as PlanJson;
        log(`[${stack.name}] plan ${seconds(plan.durationMs)}, show ${seconds(show.durationMs)}: ${formatCounts(summarizePlan(planJson).counts)}`);
        return {
          report: {
            stack: stack.name,
            status: 'planned',
            plan: planJson,
            planJsonPath: path.relative(displayRoot, planJsonFile) || planJsonFile,
            durationMs: init.durationMs + plan.durationMs + show.durationMs,
          },
          planFile,
          planJsonFile,
          timings,
        };
      })(),
    );
  }
  const results = await Promise.all(stacks.map((stack) => outcomes.get(stack.name)!));
  return { outcomes: results, failed: results.some((o) => o.report.status === 'failed') };
}

/** Why a stack cannot be planned given one dependency's outcome, or undefined when it can. */
export function dependencyBlock(dependency: string, report: StackReport, preview: boolean): string | undefined {
  if (report.status === 'failed') return `depends on ${dependency}, which failed`;
  if (report.status === 'not-planned') return `depends on ${dependency}, which was not planned`;
  if (preview) {
    return `depends on ${dependency}, which was only previewed: its remote state and outputs do not exist, so this stack needs a real plan after ${dependency} is applied`;
  }
  return undefined;
}

function requirementsOf(stack: StackJson): ProviderRequirements {
  const required = stack.terraform?.required_providers ?? {};
  const out: Record<string, { source?: string; version?: string }> = {};
  for (const [name, value] of Object.entries(required)) {
    out[name] = typeof value === 'string' ? { version: value } : ((value ?? {}) as { source?: string; version?: string });
  }
  return out;
}

function notPlanned(stack: string, reasons: string[], timings: StackOutcome['timings'], log: (line: string) => void): StackOutcome {
  log(`[${stack}] not planned: ${reasons.join('; ')}`);
  return { report: { stack, status: 'not-planned', reasons }, timings };
}

function failure(stack: string, result: TerraformResult, timings: StackOutcome['timings'], blockedPlan?: PlanJson): StackOutcome {
  const stderr = result.stderr.trim() || result.stdout.trim();
  const error = `terraform ${result.args[0]} exited with ${result.exitCode}\n\n${stderr}`;
  return {
    report: { stack, status: 'failed', error, ...(blockedPlan ? { blockedPlan } : {}) },
    stderr,
    timings,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A minimal promise pool: at most `max` tasks run at once. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= max) return;
    const start = queue.shift();
    if (start) {
      active += 1;
      start();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active -= 1;
            next();
          });
      });
      next();
    });
}
