/**
 * Renders `plan-summary.md` from `terraform show -json` output. Pure functions only: plan JSON in,
 * markdown out, so every rule is unit-testable with real plans.
 *
 * Extending it: the document is a list of {@link SummarySection}s over one {@link SummaryContext}. A
 * new concern (stateful resources replaced or destroyed, with `replacePaths` saying which attribute
 * forces the replacement; a burst cost ceiling; fitting GitHub's comment limit) is a new section or a
 * post-processing step over `renderSummary`'s result, not a change to the existing ones.
 */
import type { FleetConfig } from '../../config/schema';
import { costCeilingSection } from './cost-ceiling';
import { dangerSection } from './danger';
import { WaivedGuardrail, waivedGuardrailsSection } from './waived-guardrails';

/** The subset of the plan JSON representation (format 1.x) the summary reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly errored?: boolean;
}

export interface PlanResourceChange {
  readonly address: string;
  readonly mode?: 'managed' | 'data';
  readonly type?: string;
  readonly name?: string;
  readonly provider_name?: string;
  /** Set when the change is for a deposed object. */
  readonly deposed?: string;
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    /** Attribute paths that force replacement, e.g. `[["bucket"]]`. */
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export type ChangeKind = 'add' | 'change' | 'replace' | 'destroy';
export const CHANGE_KINDS: readonly ChangeKind[] = ['add', 'change', 'replace', 'destroy'];
const KIND_LABEL: Record<ChangeKind, string> = { add: 'Add', change: 'Change', replace: 'Replace', destroy: 'Destroy' };
const KIND_VERB: Record<ChangeKind, string> = { add: 'to add', change: 'to change', replace: 'to replace', destroy: 'to destroy' };

/**
 * One Terraform action list -> one kind. A replacement (`["delete","create"]` or, with
 * create_before_destroy, `["create","delete"]`) is a replace only, never also an add and a destroy.
 * `no-op`, `read` and anything else (e.g. `forget`) are not changes.
 */
export function classifyActions(actions: readonly string[]): ChangeKind | undefined {
  const key = actions.join(',');
  switch (key) {
    case 'create':
      return 'add';
    case 'update':
      return 'change';
    case 'delete':
      return 'destroy';
    case 'delete,create':
    case 'create,delete':
      return 'replace';
    default:
      return undefined;
  }
}

export interface ResourceChangeRef {
  readonly address: string;
  readonly kind: ChangeKind;
  readonly type?: string;
  readonly actions: readonly string[];
  readonly actionReason?: string;
  readonly replacePaths?: readonly (readonly (string | number)[])[];
  readonly deposed?: string;
}

export type ChangesByKind = Readonly<Record<ChangeKind, readonly ResourceChangeRef[]>>;

/** Managed-resource changes grouped by kind, each group sorted by address. */
export function groupChanges(plan: PlanJson): ChangesByKind {
  const groups: Record<ChangeKind, ResourceChangeRef[]> = { add: [], change: [], replace: [], destroy: [] };
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const kind = classifyActions(rc.change.actions);
    if (!kind) continue;
    groups[kind].push({
      address: rc.deposed ? `${rc.address} (deposed ${rc.deposed})` : rc.address,
      kind,
      type: rc.type,
      actions: rc.change.actions,
      actionReason: rc.action_reason,
      replacePaths: rc.change.replace_paths,
      deposed: rc.deposed,
    });
  }
  for (const kind of CHANGE_KINDS) groups[kind].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return groups;
}

export type ChangeCounts = Readonly<Record<ChangeKind, number>>;

export function countChanges(changes: ChangesByKind): ChangeCounts {
  return { add: changes.add.length, change: changes.change.length, replace: changes.replace.length, destroy: changes.destroy.length };
}

export function summarizePlan(plan: PlanJson): { changes: ChangesByKind; counts: ChangeCounts } {
  const changes = groupChanges(plan);
  return { changes, counts: countChanges(changes) };
}

/** What happened to one stack. */
export type StackReport =
  | {
      readonly stack: string;
      readonly status: 'planned';
      readonly plan: PlanJson;
      /** Path of the plan JSON, as shown in the summary (relative to the project). */
      readonly planJsonPath?: string;
      readonly durationMs?: number;
    }
  | { readonly stack: string; readonly status: 'not-planned'; readonly reasons: readonly string[] }
  | { readonly stack: string; readonly status: 'failed'; readonly error: string };

export interface SummaryInput {
  readonly mode: 'preview' | 'real';
  /** Why this mode, e.g. "no AWS credentials in the environment". */
  readonly modeReason?: string;
  readonly stacks: readonly StackReport[];
  readonly title?: string;
  /** The fleet config the stacks were built from: the burst cost ceiling is computed from it. @default no cost section */
  readonly config?: Pick<FleetConfig, 'regions'>;
  /** Guardrail violations waived in the config (`checkGuardrails(...).waived`). @default no waiver section */
  readonly waivedGuardrails?: readonly WaivedGuardrail[];
}

export interface SummaryOptions {
  /** Action groups with more addresses than this are folded into <details>. Default 10. */
  readonly collapseAfter?: number;
  /** The sections, in order. Default {@link DEFAULT_SECTIONS}. */
  readonly sections?: readonly SummarySection[];
}

/** Everything a section may need, computed once. */
export interface SummaryContext {
  readonly input: SummaryInput;
  readonly options: Required<Omit<SummaryOptions, 'sections'>>;
  readonly planned: readonly PlannedStack[];
  readonly notPlanned: readonly Extract<StackReport, { status: 'not-planned' }>[];
  readonly failed: readonly Extract<StackReport, { status: 'failed' }>[];
  readonly totals: ChangeCounts;
}

export interface PlannedStack {
  readonly report: Extract<StackReport, { status: 'planned' }>;
  readonly changes: ChangesByKind;
  readonly counts: ChangeCounts;
}

/** A section renders markdown (without trailing blank lines) or nothing. */
export type SummarySection = (context: SummaryContext) => string | undefined;

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

export function headerSection(context: SummaryContext): string {
  const { input } = context;
  const title = input.title ?? 'Spillway plan summary';
  const mode =
    input.mode === 'preview'
      ? '**Mode: preview** (mock AWS credentials, no AWS API calls, state not refreshed). This is not a plan ' +
        'against the real account: it shows what the code declares, compared with an empty or local state.'
      : '**Mode: real** (planned against AWS).';
  const why = input.modeReason ? ` Reason: ${input.modeReason}.` : '';
  return `# ${title}${input.mode === 'preview' ? ' (preview)' : ''}\n\n${mode}${why}`;
}

export function overviewSection(context: SummaryContext): string {
  const rows = context.input.stacks.map((report) => {
    if (report.status === 'planned') {
      const counts = context.planned.find((p) => p.report === report)!.counts;
      return `| \`${report.stack}\` | ${CHANGE_KINDS.map((k) => counts[k]).join(' | ')} | planned${context.input.mode === 'preview' ? ' (preview)' : ''} |`;
    }
    const status = report.status === 'failed' ? '**failed**' : 'not planned';
    return `| \`${report.stack}\` | – | – | – | – | ${status} |`;
  });
  const t = context.totals;
  return [
    '| Stack | Add | Change | Replace | Destroy | Status |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    `| **Total** | ${CHANGE_KINDS.map((k) => t[k]).join(' | ')} | ${context.planned.length} of ${context.input.stacks.length} planned |`,
  ].join('\n');
}

export function formatCounts(counts: ChangeCounts): string {
  return CHANGE_KINDS.map((kind) => `${counts[kind]} ${KIND_VERB[kind]}`).join(', ');
}

export function stackSection(stack: PlannedStack, collapseAfter: number): string {
  const lines = [`## \`${stack.report.stack}\``, '', `${formatCounts(stack.counts)}.`];
  const total = CHANGE_KINDS.reduce((n, kind) => n + stack.counts[kind], 0);
  if (total === 0) lines.push('', 'No changes.');
  for (const kind of CHANGE_KINDS) {
    const refs = stack.changes[kind];
    if (refs.length === 0) continue;
    const list = refs.map((ref) => `- \`${ref.address}\``).join('\n');
    const heading = `${KIND_LABEL[kind]} (${refs.length})`;
    lines.push('', refs.length > collapseAfter ? `<details><summary>${heading}</summary>\n\n${list}\n\n</details>` : `**${heading}**\n\n${list}`);
  }
  if (stack.report.planJsonPath) lines.push('', `Plan JSON: \`${stack.report.planJsonPath}\``);
  return lines.join('\n');
}

export function plannedStacksSection(context: SummaryContext): string | undefined {
  if (context.planned.length === 0) return undefined;
  return context.planned.map((stack) => stackSection(stack, context.options.collapseAfter)).join('\n\n');
}

export function notPlannedSection(context: SummaryContext): string | undefined {
  if (context.notPlanned.length === 0) return undefined;
  const items = context.notPlanned.map((report) => {
    const [first, ...more] = report.reasons.length > 0 ? report.reasons : ['no reason given'];
    return [`- \`${report.stack}\`: not planned: ${first}`, ...more.map((reason) => `  - also: ${reason}`)].join('\n');
  });
  return `## Not planned\n\n${items.join('\n')}`;
}

export function failedSection(context: SummaryContext): string | undefined {
  if (context.failed.length === 0) return undefined;
  const items = context.failed.map((report) => `### \`${report.stack}\`\n\n\`\`\`text\n${report.error.trim()}\n\`\`\``);
  return `## Failed\n\n${items.join('\n\n')}`;
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

export function renderSummary(input: SummaryInput, options: SummaryOptions = {}): string {
  const context = buildContext(input, options);
  const parts = (options.sections ?? DEFAULT_SECTIONS).map((section) => section(context)).filter((p): p is string => !!p && p.trim() !== '');
  return `${parts.map((p) => p.trimEnd()).join('\n\n')}\n`;
}
