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
/** Terraform's working state inside a stack directory, kept across synths so `terraform init` need not rerun. */
const TERRAFORM_STATE = ['.terraform', '.terraform.lock.hcl'] as const;

export interface GatedSynth<T> {
  readonly built: T;
  readonly report: GuardrailReport;
}

/**
 * Builds the app with `build(stagingDir)` (it must create its App with that outdir), synthesizes, checks
 * and promotes the result into `outdir`. Throws `GuardrailError` (and writes nothing to `outdir`) when a
 * violation is not waived or a config waiver matches nothing.
 */
export function synthesizeThroughGate<T extends { readonly app: App }>(
  outdir: string,
  build: (stagingDir: string) => T,
  options: GuardrailOptions = {},
): GatedSynth<T> {
  const target = path.resolve(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.staging-`));
  try {
    const built = build(staging);
    if (path.resolve(built.app.outdir) !== staging) throw new Error(`synthesizeThroughGate: the App must synthesize into ${staging}, not ${built.app.outdir}`);
    built.app.synth();
    const report = checkSynthesizedStacks(readStacks(staging), { ...options, codeWaivers: [...(options.codeWaivers ?? []), ...codeWaiversOf(built.app)] });
    if (report.violations.length > 0 || report.unusedWaivers.length > 0) throw new GuardrailError(report);
    promote(staging, target);
    return { built, report };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
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
 * system; stacks of an earlier synth that no longer exist go with the old `stacks/`. The stack directories'
 * Terraform working state moves over first.
 */
function promote(staging: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  const oldStacks = path.join(target, 'stacks');
  if (fs.existsSync(oldStacks)) {
    for (const stack of fs.readdirSync(path.join(staging, 'stacks'))) {
      for (const entry of TERRAFORM_STATE) {
        const from = path.join(oldStacks, stack, entry);
        if (fs.existsSync(from)) fs.renameSync(from, path.join(staging, 'stacks', stack, entry));
      }
    }
  }
  const retired = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.retired-`));
  try {
    // Stacks first, the manifest last: a reader that finds the new manifest finds its stacks.
    for (const entry of [...SYNTH_OUTPUTS].reverse()) {
      const current = path.join(target, entry);
      if (fs.existsSync(current)) fs.renameSync(current, path.join(retired, entry));
      fs.renameSync(path.join(staging, entry), current);
    }
  } finally {
    fs.rmSync(retired, { recursive: true, force: true });
  }
}
