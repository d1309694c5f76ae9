/**
 * Builds the plan summary from `terraform show -json` output. Pure functions only: plan JSON in, a
 * {@link SummaryDocument} out (rendered to `plan-summary.md` by scripts/summary/render-markdown.ts, and
 * shortened for a pull-request comment by comment-limit.ts), so every rule is unit-testable with real plans.
 *
 * Extending it: the document is the parts returned by a list of {@link SummarySection}s over one
 * {@link SummaryContext}. A new concern is a new section returning a part, with a priority that tells the
 * comment limiter how readily it may go, not a change to the existing sections.
 */
import { costCeilingSection } from './cost-ceiling';
import { dangerSection } from './danger';
import { waivedGuardrailsSection } from './waived-guardrails';
import { renderMarkdown } from '../summary/render-markdown';
import { summarizePlan } from '../summary/changes';
import {
  Block,
  CHANGE_KINDS,
  ChangeCounts,
  ChangeKind,
  List,
  PlannedStack,
  StackReport,
  SummaryContext,
  SummaryDocument,
  SummaryInput,
  SummaryPart,
  paragraph,
} from '../summary/model';

// Re-exported: plan-stacks.ts and older callers import the plan types from here.
export type { ChangeCounts, ChangeKind, ChangesByKind, PlanJson, PlanResourceChange, PlannedStack, ResourceChangeRef, StackReport } from '../summary/model';
export type { SummaryContext, SummaryInput } from '../summary/model';
export { CHANGE_KINDS } from '../summary/model';
export { classifyActions, countChanges, groupChanges, summarizePlan } from '../summary/changes';

const KIND_LABEL: Record<ChangeKind, string> = { add: 'Add', change: 'Change', replace: 'Replace', destroy: 'Destroy' };
const KIND_VERB: Record<ChangeKind, string> = { add: 'to add', change: 'to change', replace: 'to replace', destroy: 'to destroy' };

export interface SummaryOptions {
  /** Action groups with more addresses than this are folded into <details>. Default 10. */
  readonly collapseAfter?: number;
  /** The sections, in order. Default {@link DEFAULT_SECTIONS}. */
  readonly sections?: readonly SummarySection[];
}

/** A section returns one part of the document, several (one per stack), or nothing. */
export type SummarySection = (context: SummaryContext) => SummaryPart | readonly SummaryPart[] | undefined;

export function buildContext(input: SummaryInput, options: SummaryOptions = {}): SummaryContext {
  const planned: PlannedStack[] = [];
  const notPlanned: Extract<StackReport, { status: 'not-planned' }>[] = [];
  const failed: Extract<StackReport, { status: 'failed' }>[] = [];
  for (const report of input.stacks) {
    if (report.status === 'planned') planned.push({ report, ...summarizePlan(report.plan) });
    else if (report.status === 'not-planned') notPlanned.push(report);
    else failed.push(report);
  }
  const totals = { add: 0, change: 0, replace: 0, destroy: 0 };
  for (const stack of planned) for (const kind of CHANGE_KINDS) totals[kind] += stack.counts[kind];
  return { input, options: { collapseAfter: options.collapseAfter ?? 10 }, planned, notPlanned, failed, totals };
}

/** The title and the mode: kept in any comment, however long the rest. */
export function headerSection(context: SummaryContext): SummaryPart {
  const { input } = context;
  const mode =
    input.mode === 'preview'
      ? '**Mode: preview** (mock AWS credentials, no AWS API calls, state not refreshed). This is not a plan ' +
        'against the real account: it shows what the code declares, compared with an empty or local state.'
      : '**Mode: real** (planned against AWS).';
  const why = input.modeReason ? ` Reason: ${input.modeReason}.` : '';
  const title = `${input.title ?? 'Spillway plan summary'}${input.mode === 'preview' ? ' (preview)' : ''}`;
  return { title, level: 1, priority: 'keep', blocks: [paragraph(`${mode}${why}`)] };
}

/** One row per stack and a total; untitled, right under the header, and kept in any comment (its rows may be cut). */
export function overviewSection(context: SummaryContext): SummaryPart {
  const status = (report: StackReport) => (report.status === 'failed' ? '**failed**' : 'not planned');
  const rows = context.input.stacks.map((report) => {
    if (report.status !== 'planned') return [`\`${report.stack}\``, '–', '–', '–', '–', status(report)];
    const counts = context.planned.find((p) => p.report === report)!.counts;
    return [`\`${report.stack}\``, ...CHANGE_KINDS.map((k) => String(counts[k])), `planned${context.input.mode === 'preview' ? ' (preview)' : ''}`];
  });
  const total = ['**Total**', ...CHANGE_KINDS.map((k) => String(context.totals[k])), `${context.planned.length} of ${context.input.stacks.length} planned`];
  return {
    priority: 'keep',
    blocks: [
      {
        kind: 'table',
        header: ['Stack', 'Add', 'Change', 'Replace', 'Destroy', 'Status'],
        align: ['left', 'right', 'right', 'right', 'right', 'left'],
        rows: [...rows, total],
        keepLastRow: true,
      },
    ],
  };
}

export function formatCounts(counts: ChangeCounts): string {
  return CHANGE_KINDS.map((kind) => `${counts[kind]} ${KIND_VERB[kind]}`).join(', ');
}

/** One stack's details: the first thing a comment drops, as the danger table already lists what matters. */
export function stackSection(stack: PlannedStack, collapseAfter: number): SummaryPart {
  const blocks: Block[] = [paragraph(`${formatCounts(stack.counts)}.`)];
  const total = CHANGE_KINDS.reduce((n, kind) => n + stack.counts[kind], 0);
  if (total === 0) blocks.push(paragraph('No changes.'));
  for (const kind of CHANGE_KINDS) {
    const refs = stack.changes[kind];
    if (refs.length === 0) continue;
    const list: List = {
      kind: 'list',
      title: `${KIND_LABEL[kind]} (${refs.length})`,
      items: refs.map((ref) => `\`${ref.address}\``),
      collapsed: refs.length > collapseAfter,
      omittable: true,
    };
    blocks.push(list);
  }
  if (stack.report.planJsonPath) blocks.push(paragraph(`Plan JSON: \`${stack.report.planJsonPath}\``));
  return { title: `\`${stack.report.stack}\``, priority: 'detail', blocks };
}

export function plannedStacksSection(context: SummaryContext): readonly SummaryPart[] {
  return context.planned.map((stack) => stackSection(stack, context.options.collapseAfter));
}

export function notPlannedSection(context: SummaryContext): SummaryPart | undefined {
  if (context.notPlanned.length === 0) return undefined;
  const items = context.notPlanned.map((report) => {
    const [first, ...more] = report.reasons.length > 0 ? report.reasons : ['no reason given'];
    return { text: `\`${report.stack}\`: not planned: ${first}`, subItems: more.map((reason) => `also: ${reason}`) };
  });
  return { title: 'Not planned', blocks: [{ kind: 'list', items }] };
}

export function failedSection(context: SummaryContext): SummaryPart | undefined {
  if (context.failed.length === 0) return undefined;
  const blocks = context.failed.flatMap((report) => [
    { kind: 'heading' as const, text: `\`${report.stack}\`` },
    { kind: 'code' as const, language: 'text', text: report.error.trim() },
  ]);
  return { title: 'Failed', blocks };
}

/** Most important first: what a reviewer must act on, then the details (dropped first when too long for a comment). */
export const DEFAULT_SECTIONS: readonly SummarySection[] = [
  headerSection,
  overviewSection,
  dangerSection,
  costCeilingSection,
  waivedGuardrailsSection,
  plannedStacksSection,
  notPlannedSection,
  failedSection,
];

/** {@link DEFAULT_SECTIONS} with the Kubernetes support warning (support-calendar-section.ts) after the dangers. */
export function defaultSectionsWith(supportCalendar: SummarySection): readonly SummarySection[] {
  const at = DEFAULT_SECTIONS.indexOf(dangerSection) + 1;
  return [...DEFAULT_SECTIONS.slice(0, at), supportCalendar, ...DEFAULT_SECTIONS.slice(at)];
}

/** The summary as a document: what both `plan-summary.md` and the fitted pull-request comment render. */
export function buildSummary(input: SummaryInput, options: SummaryOptions = {}): SummaryDocument {
  const context = buildContext(input, options);
  const parts = (options.sections ?? DEFAULT_SECTIONS).flatMap((section) => section(context) ?? []);
  return { parts };
}

/** `plan-summary.md`: the whole summary, nothing left out. */
export function renderSummary(input: SummaryInput, options: SummaryOptions = {}): string {
  return renderMarkdown(buildSummary(input, options));
}
