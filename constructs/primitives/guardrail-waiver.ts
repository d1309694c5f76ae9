import { IConstruct } from 'constructs';
import type { GuardrailRuleId } from '../../model/contracts';

/** A design exception of Spillway's own: one guardrail rule that the construct's resources knowingly break. */
export interface CodeWaiver {
  readonly rule: GuardrailRuleId;
  /** Why the design needs it: printed with the waived violation in the plan summary. */
  readonly reason: string;
}

const waiversByConstruct = new WeakMap<IConstruct, CodeWaiver[]>();

/**
 * Waives `rule` for every resource in `scope` (the construct and its descendants), in code, next to the
 * design decision it excuses (cdk-nag's suppressions). Config waivers (`guardrails.waivers`) stay for risks
 * an operator accepts; this is for exceptions that are Spillway's own and hold for every fleet.
 */
export function waiveGuardrail(scope: IConstruct, rule: GuardrailRuleId, reason: string): void {
  if (reason.trim().length < 10) throw new Error(`waiveGuardrail(${scope.node.path}, ${rule}): say why in a sentence`);
  waiversByConstruct.set(scope, [...(waiversByConstruct.get(scope) ?? []), { rule, reason }]);
}

/** The waivers set on this construct itself (not its ancestors). */
export function guardrailWaiversOn(scope: IConstruct): readonly CodeWaiver[] {
  return waiversByConstruct.get(scope) ?? [];
}
