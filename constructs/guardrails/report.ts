/** What a guardrail check takes and returns: waivers, violations, the report and its error. */
import type { GuardrailRule } from './rule';

/** An accepted risk: `rule` id, Terraform address or `*` glob of the resource, and why. */
export interface Waiver {
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
}

export interface GuardrailOptions {
  /** Config waivers (`guardrails.waivers`). @default none */
  readonly waivers?: readonly Waiver[];
  /** Waivers set in code on constructs (`waiveGuardrail`), by exact address. @default none */
  readonly codeWaivers?: readonly Waiver[];
  /** @default ["Project", "Owner"] */
  readonly requiredTags?: readonly string[];
  /** Rules to run. @default GUARDRAIL_RULES */
  readonly rules?: readonly GuardrailRule[];
}

export interface GuardrailViolation {
  readonly ruleId: string;
  /** The rule's one-line rationale. */
  readonly title: string;
  readonly stack: string;
  /** Terraform address, e.g. `aws_eks_cluster.us-west-2_eks_cluster_BC56E94E`. */
  readonly address: string;
  /** What is wrong, naming the attribute (several problems of one resource are joined with "; "). */
  readonly message: string;
  readonly fix: string;
}

export interface WaivedViolation extends GuardrailViolation {
  readonly reason: string;
  /** The waiver's `resource` pattern that matched. */
  readonly waiver: string;
  /** `config` (guardrails.waivers) or `code` (a design exception waived on the construct). */
  readonly source: 'config' | 'code';
}

export interface GuardrailReport {
  /** Unwaived violations: synth must stop when there is any. */
  readonly violations: readonly GuardrailViolation[];
  /** Violations accepted by a waiver, for the plan summary. */
  readonly waived: readonly WaivedViolation[];
  /** Config waivers that matched no violation (stale: the risk is gone or the address changed). */
  readonly unusedWaivers: readonly Waiver[];
  /** Number of resources inspected, over all stacks. */
  readonly resourceCount: number;
}

/** A stack's synthesized JSON, as `cdk.tf.json` holds it. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: Record<string, any>;
}
