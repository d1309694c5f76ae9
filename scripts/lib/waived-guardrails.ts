/**
 * The summary's "Waived guardrails" section: every guardrail violation accepted by a waiver, in the config
 * (`guardrails.waivers`) or in code on the construct (a design exception), so reviewers see each accepted
 * risk and its reason in the pull request.
 */
import type { SummaryContext, SummaryPart, WaivedGuardrail } from '../summary/model';
import { paragraph } from '../summary/model';

export type { WaivedGuardrail };

export const WAIVED_GUARDRAILS_TITLE = 'Waived guardrails';

/** Findings longer than this are cut at a word boundary with "…" (synth prints them in full). */
export const FINDING_MAX = 200;

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

/** Nothing when the input carries no waiver list; a one-liner when the list is empty. */
export function waivedGuardrailsSection(context: SummaryContext): SummaryPart | undefined {
  const waived = context.input.waivedGuardrails;
  if (!waived) return undefined;
  if (waived.length === 0) return { title: WAIVED_GUARDRAILS_TITLE, blocks: [paragraph('No guardrail is waived.')] };
  const rows = [...waived]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address))
    .map((w) => [
      `\`${w.ruleId}\``,
      w.stack ? `\`${w.stack}\`` : '–',
      `\`${w.address}\``,
      w.message ? shorten(w.message, FINDING_MAX) : '–',
      w.source === 'code' ? `design exception (in code): ${w.reason}` : w.reason,
    ]);
  return {
    title: `${WAIVED_GUARDRAILS_TITLE} (${waived.length})`,
    blocks: [
      paragraph(
        waived.some((w) => w.source === 'code')
          ? 'Violations accepted by a waiver: in the config (`guardrails.waivers`), a risk someone chose to take; or in code, a design exception of Spillway\'s own on the construct it excuses.'
          : 'Violations accepted by a waiver in the config (`guardrails.waivers`): each is a risk someone chose to take.',
      ),
      { kind: 'table', header: ['Rule', 'Stack', 'Resource', 'Finding', 'Reason given'], rows },
    ],
  };
}
