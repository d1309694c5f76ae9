/**
 * The summary's "Waived guardrails" section: every guardrail violation the config accepted with a waiver
 * (config `guardrails.waivers`), so reviewers see each accepted risk and its reason in the pull request.
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
    .map((w) => [`\`${w.ruleId}\``, w.stack ? `\`${w.stack}\`` : '–', `\`${w.address}\``, w.message ? shorten(w.message, FINDING_MAX) : '–', w.reason]);
  return {
    title: `${WAIVED_GUARDRAILS_TITLE} (${waived.length})`,
    blocks: [
      paragraph('Violations accepted by a waiver in the config (`guardrails.waivers`): each is a risk someone chose to take.'),
      { kind: 'table', header: ['Rule', 'Stack', 'Resource', 'Finding', 'Reason given'], rows },
    ],
  };
}
