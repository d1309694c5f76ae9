import { ConfigError, loadConfig } from '../config/load';
import { FleetConfig } from '../config/schema';
import { GuardrailError, GuardrailReport, OutputDirError, synthesizeThroughGate } from '../constructs/guardrails/guardrails';
import { buildStacks, BuildAppOptions, resolveOutdir, SpillwayApp } from './app';

export interface SynthesizedFleet extends SpillwayApp {
  /** What the guardrails found: no violations (synth would have thrown), and the waived ones. */
  readonly guardrails: GuardrailReport;
}

/**
 * The one synth path (`main.ts`, `npm run plan`, the benchmark): build the stacks and synthesize them
 * through the guardrail gate. A violation or a stale config waiver throws `GuardrailError`, an output
 * directory that cannot take the result `OutputDirError`; either leaves the output directory as it was.
 */
export function synthesizeFleet(config: FleetConfig, options: BuildAppOptions = {}): SynthesizedFleet {
  const outdir = resolveOutdir(options.outdir);
  const { built, report } = synthesizeThroughGate(outdir, (stagingDir) => buildStacks(config, { ...options, outdir: stagingDir }), config.guardrails);
  return { ...built, guardrails: report };
}

export interface SynthCommandOptions {
  /** @default $SPILLWAY_CONFIG, else the embedded example */
  readonly configFile?: string;
  /** @default $CDKTF_OUTDIR (what `cdktf synth --output DIR` sets), else "cdktf.out" */
  readonly outdir?: string;
  /** Where problems are reported. @default console.error */
  readonly reportError?: (message: string) => void;
}

/** The problems a user can fix: reported as their message and exit code 1, never as a stack trace. */
const USER_ERRORS = [ConfigError, GuardrailError, OutputDirError];

/**
 * `cdktf synth` as a command: the exit code for the process. Bad config, a guardrail violation or an
 * unusable output directory is reported with its field paths, rule ids or path and cause, and gives 1,
 * with nothing written; anything else is a bug and propagates.
 */
export function synthCommand(options: SynthCommandOptions = {}): number {
  const reportError = options.reportError ?? ((message: string) => console.error(message));
  try {
    synthesizeFleet(loadConfig(options.configFile), { outdir: options.outdir });
    return 0;
  } catch (error) {
    if (!USER_ERRORS.some((kind) => error instanceof kind)) throw error;
    reportError((error as Error).message);
    return 1;
  }
}
