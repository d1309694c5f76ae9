/**
 * Guardrails as code: security policy rules checked over each stack's synthesized Terraform JSON before it
 * reaches the output directory. A violation stops synth; a waiver (a config entry with rule id, resource
 * address or glob and reason, or a design exception set in code with `waiveGuardrail`) turns it into a
 * reported, accepted risk. The parts:
 *   rules.ts and *-rules.ts   the rules, by area (ids listed in model/contracts.ts)
 *   engine.ts                 rules over stacks' JSON, then the waivers
 *   waivers.ts                glob matching, code waivers by address, stale config waivers
 *   format.ts                 the terminal report and GuardrailError
 *   synth-gate.ts             synthesize into staging, check the files, move them into place
 */
export { GUARDRAIL_RULES } from './rules';
export { GUARDRAIL_RULE_IDS } from '../../model/contracts';
export { checkGuardrails, checkSynthesizedStacks } from './engine';
export { applyWaivers, codeWaiversOf, globToRegExp } from './waivers';
export { formatViolations, GuardrailError } from './format';
export { OutputDirError, synthesizeThroughGate } from './synth-gate';
export type { GatedSynth } from './synth-gate';
export type { GuardrailOptions, GuardrailReport, GuardrailViolation, SynthesizedStack, WaivedViolation, Waiver } from './report';
