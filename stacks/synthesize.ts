import { FleetConfig } from '../config/schema';
import { enforceGuardrailsOnSynth, GuardrailReport } from '../constructs/guardrails/guardrails';
import { buildStacks, BuildAppOptions, SpillwayApp } from './app';

export interface SynthesizedFleet extends SpillwayApp {
  /** What the guardrails found: no violations (synth would have thrown), and the waived ones. */
  readonly guardrails: GuardrailReport;
}

/**
 * The one synth path (`main.ts`, `npm run plan`, the benchmark): build the stacks, check the guardrails
 * over every stack in memory, then write. A violation throws `GuardrailError` before any stack is written.
 */
export function synthesizeFleet(config: FleetConfig, options: BuildAppOptions = {}): SynthesizedFleet {
  const stacks = buildStacks(config, options);
  const guard = enforceGuardrailsOnSynth(stacks.app, config.guardrails);
  stacks.app.synth();
  return { ...stacks, guardrails: guard.report! };
}
