/**
 * The synth gate: synthesize into a staging directory beside the output, check the guardrails over the
 * files written there, and only then move them into place. A violation, a stale config waiver or a failing
 * synth leaves the output directory exactly as it was, whatever order cdktf writes in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { checkSynthesizedStacks } from './engine';
import { GuardrailError } from './format';
import type { GuardrailOptions, GuardrailReport, SynthesizedStack } from './report';
import { codeWaiversOf } from './waivers';

/** What cdktf writes per synth (everything else in the output directory, e.g. `plans/`, is left alone). */
const SYNTH_OUTPUTS = ['manifest.json', 'stacks'] as const;
/** Local Terraform state (the `local` backend keeps it in the stack directory) and its backups. */
const STATE_FILE = /\.tfstate(\.backup|\.\d+\.backup)?$/;

export interface GatedSynth<T> {
  readonly built: T;
  readonly report: GuardrailReport;
}

/**
 * The output directory cannot take the synth: it is a file, not writable, or a rename into it failed.
 * Thrown before anything is written, or after every move into it was undone.
 */
export class OutputDirError extends Error {
  constructor(
    readonly outdir: string,
    readonly reason: string,
    /** Only when undoing a failed promotion failed too: where the previous output was left. */
    readonly previousOutput?: string,
  ) {
    const outcome = previousOutput === undefined ? 'Nothing was written.' : `Undoing it failed too; the previous output is in ${previousOutput}.`;
    super(`Cannot write the synth output to ${outdir}: ${reason}. ${outcome}`);
    this.name = 'OutputDirError';
  }
}

/**
 * Builds the app with `build(stagingDir)` (it must create its App with that outdir), synthesizes, checks
 * and promotes the result into `outdir`. Throws `GuardrailError` (and writes nothing to `outdir`) when a
 * violation is not waived or a config waiver matches nothing, and `OutputDirError` when `outdir` cannot
 * take the result.
 */
export function synthesizeThroughGate<T extends { readonly app: App }>(
  outdir: string,
  build: (stagingDir: string) => T,
  options: GuardrailOptions = {},
): GatedSynth<T> {
  const target = path.resolve(outdir);
  // Checked before the build: a synth of the example takes seconds, a stat does not.
  const staging = onOutdir(target, () => {
    checkWritableDir(target);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    return fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.staging-`));
  });
  try {
    const built = build(staging);
    if (path.resolve(built.app.outdir) !== staging) throw new Error(`synthesizeThroughGate: the App must synthesize into ${staging}, not ${built.app.outdir}`);
    built.app.synth();
    const report = checkSynthesizedStacks(readStacks(staging), { ...options, codeWaivers: [...(options.codeWaivers ?? []), ...codeWaiversOf(built.app)] });
    if (report.violations.length > 0 || report.unusedWaivers.length > 0) throw new GuardrailError(report);
    onOutdir(target, () => promote(staging, target));
    return { built, report };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs file-system work on the output directory, turning Node's errors (they carry a code) into OutputDirError. */
function onOutdir<R>(target: string, work: () => R): R {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof OutputDirError || typeof code !== 'string') throw error;
    // "EACCES: permission denied, rename 'a' -> 'b'" -> "permission denied (EACCES, rename 'a' -> 'b')".
    const [, reason, operation] = /^[A-Z]+: ([^,]*)(?:, (.*))?$/s.exec((error as Error).message) ?? [];
    throw new OutputDirError(target, reason ? `${reason} (${code}${operation ? `, ${operation}` : ''})` : (error as Error).message);
  }
}

/** The output directory is absent (it will be created) or a directory this process may write. */
function checkWritableDir(target: string): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) throw new OutputDirError(target, 'it exists and is not a directory');
  // Root passes this check whatever the mode; a rename that fails later is undone (see promote).
  fs.accessSync(target, fs.constants.W_OK);
}

/** Every stack cdktf wrote, from its manifest. */
function readStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, stack]) => ({
    name,
    json: JSON.parse(fs.readFileSync(path.join(outdir, stack.synthesizedStackPath), 'utf8')),
  }));
}

/**
 * Replaces the synth outputs of `target` with those of `staging`, each by one rename on the same file
 * system. What cdktf did not write this time moves over first (see `keepWhatSynthDidNotWrite`), so local
 * state and Terraform's working state survive; a stack of an earlier synth that no longer exists goes with
 * the old `stacks/`, unless it holds Terraform state. If a rename fails, the ones done are undone in reverse, so
 * `target` is as it was (its Terraform state included) and the error propagates.
 */
function promote(staging: string, target: string): void {
  const created = !fs.existsSync(target);
  const done: [from: string, to: string][] = [];
  const move = (from: string, to: string) => {
    fs.renameSync(from, to);
    done.push([from, to]);
  };
  const retired = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.retired-`));
  let restored = true;
  try {
    fs.mkdirSync(target, { recursive: true });
    keepWhatSynthDidNotWrite(path.join(target, 'stacks'), path.join(staging, 'stacks'), move);
    // Stacks first, the manifest last: a reader that finds the new manifest finds its stacks.
    for (const entry of [...SYNTH_OUTPUTS].reverse()) {
      const current = path.join(target, entry);
      if (fs.existsSync(current)) move(current, path.join(retired, entry));
      move(path.join(staging, entry), current);
    }
  } catch (error) {
    restored = undo(done);
    if (!restored) throw new OutputDirError(target, (error as Error).message, retired);
    if (created) removeIfEmpty(target);
    throw error;
  } finally {
    // After a failed undo, `retired` holds the previous output: keep it rather than delete it.
    if (restored) fs.rmSync(retired, { recursive: true, force: true });
  }
}

/**
 * Moves into the new stacks directory what the old one holds and this synth did not write: per stack, every
 * entry cdktf did not produce again (the local backend's `terraform.<stack>.tfstate` and its backups,
 * `.terraform`, `.terraform.lock.hcl`, plan files); and a whole stack directory the app no longer has when it
 * holds Terraform state, which must never be deleted by a synth (`terraform destroy` it first, or move it).
 */
function keepWhatSynthDidNotWrite(oldStacks: string, newStacks: string, move: (from: string, to: string) => void): void {
  if (!fs.existsSync(oldStacks)) return;
  for (const stack of fs.readdirSync(oldStacks)) {
    const oldDir = path.join(oldStacks, stack);
    const newDir = path.join(newStacks, stack);
    if (!fs.statSync(oldDir).isDirectory()) continue;
    if (!fs.existsSync(newDir)) {
      if (fs.readdirSync(oldDir).some((entry) => STATE_FILE.test(entry))) move(oldDir, newDir);
      continue;
    }
    const written = new Set(fs.readdirSync(newDir));
    for (const entry of fs.readdirSync(oldDir)) {
      if (!written.has(entry)) move(path.join(oldDir, entry), path.join(newDir, entry));
    }
  }
}

/** rmdir, not rm -r: a directory this synth created is empty again unless someone else wrote there meanwhile. */
function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Not empty (another writer) or already gone: leave it.
  }
}

/** Renames back, last first; false if any rename back failed. */
function undo(done: [from: string, to: string][]): boolean {
  let ok = true;
  for (const [from, to] of [...done].reverse()) {
    try {
      fs.renameSync(to, from);
    } catch {
      ok = false;
    }
  }
  return ok;
}
