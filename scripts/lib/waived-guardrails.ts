/**
 * The summary's "Waived guardrails" section: every guardrail violation the config accepted with a waiver
 * (config `guardrails.waivers`), so reviewers see each accepted risk and its reason in the pull request.
 */
import type { SummaryContext } from './plan-summary';
import { tableCell } from './danger';

/**
 * One waived violation. Structurally a subset of `WaivedViolation` from constructs/guardrails/guardrails.ts,
 * so `checkGuardrails(...).waived` can be passed as is.
 */
export interface WaivedGuardrail {
  /** Rule id, e.g. `SPW-CDN-002`. */
  readonly ruleId: string;
  /** Terraform address of the resource the rule flagged. */
  readonly address: string;
  /** The waiver's reason, from the config. */
  readonly reason: string;
  /** Stack of the resource. @default not shown */
  readonly stack?: string;
  /** What the rule found. @default not shown */
  readonly message?: string;
}

export const WAIVED_GUARDRAILS_HEADING = '## Waived guardrails';

/** Findings longer than this are cut at a word boundary with "…" (synth prints them in full). */
export const FINDING_MAX = 200;

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/** Nothing when the input carries no waiver list; a one-liner when the list is empty. */
export function waivedGuardrailsSection(context: SummaryContext): string | undefined {
  const waived = context.input.waivedGuardrails;
  if (!waived) return undefined;
  if (waived.length === 0) return `${WAIVED_GUARDRAILS_HEADING}\n\nNo guardrail is waived.`;
  const rows = [...waived]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address))
    .map((w) => {
      const finding = w.message ? tableCell(shorten(w.message, FINDING_MAX)) : '–';
      return `| \`${tableCell(w.ruleId)}\` | ${w.stack ? `\`${tableCell(w.stack)}\`` : '–'} | \`${tableCell(w.address)}\` | ${finding} | ${tableCell(w.reason)} |`;
    });
  return [
    `${WAIVED_GUARDRAILS_HEADING} (${waived.length})`,
    '',
    'Violations accepted by a waiver in the config (`guardrails.waivers`): each is a risk someone chose to take.',
    '',
    '| Rule | Stack | Resource | Finding | Reason given |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
