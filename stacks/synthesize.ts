import { ConfigError, loadConfig } from '../config/load';
import { FleetConfig } from '../config/schema';
import { GuardrailError, GuardrailReport, synthesizeThroughGate } from '../constructs/guardrails/guardrails';
import { buildStacks, BuildAppOptions, SpillwayApp } from './app';

export interface SynthesizedFleet extends SpillwayApp {
  /** What the guardrails found: no violations (synth would have thrown), and the waived ones. */
  readonly guardrails: GuardrailReport;
}

/**
 * The one synth path (`main.ts`, `npm run plan`, the benchmark): build the stacks and synthesize them
 * through the guardrail gate. A violation or a stale config waiver throws `GuardrailError` and leaves the
 * output directory as it was.
 */
export function synthesizeFleet(config: FleetConfig, options: BuildAppOptions = {}): SynthesizedFleet {
  const outdir = options.outdir ?? 'cdktf.out';
  const { built, report } = synthesizeThroughGate(outdir, (stagingDir) => buildStacks(config, { ...options, outdir: stagingDir }), config.guardrails);
  return { ...built, guardrails: report };
}

export interface SynthCommandOptions {
  /** @default $SPILLWAY_CONFIG, else the embedded example */
  readonly configFile?: string;
  /** @default "cdktf.out" */
  readonly outdir?: string;
  /** Where problems are reported. @default console.error */
  readonly reportError?: (message: string) => void;
}

/**
 * `cdktf synth` as a command: the exit code for the process. Bad config or a guardrail violation is
 * reported with its field paths or rule ids and gives 1, with nothing written; anything else is a bug
 * and propagates.
 */
export function synthCommand(options: SynthCommandOptions = {}): number {
  const reportError = options.reportError ?? ((message: string) => console.error(message));
  try {
    synthesizeFleet(loadConfig(options.configFile), { outdir: options.outdir });
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof GuardrailError)) throw error;
    reportError(error.message);
    return 1;
  }
}
