/**
 * The plan summary's shared vocabulary: the plan JSON it reads, the context its sections get, and the
 * document they return. Every summary file imports this one and it imports none of them, so the summary
 * has no import cycle. Sections build a document, not markdown, so the comment limiter can shorten by
 * structure (lists, rows, parts) and one renderer writes the markdown.
 */
import type { FleetConfig } from '../../config/schema';

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
  /** `replace_paths`: attribute paths that force replacement, e.g. `[["bucket"]]`. */
  readonly change: { readonly actions: readonly string[]; readonly replace_paths?: readonly (readonly (string | number)[])[] };
}

export type ChangeKind = 'add' | 'change' | 'replace' | 'destroy';
export const CHANGE_KINDS: readonly ChangeKind[] = ['add', 'change', 'replace', 'destroy'];

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
export type ChangeCounts = Readonly<Record<ChangeKind, number>>;

/** What happened to one stack. `planJsonPath` is shown relative to the project. */
export type StackReport =
  | { readonly stack: string; readonly status: 'planned'; readonly plan: PlanJson; readonly planJsonPath?: string; readonly durationMs?: number }
  | { readonly stack: string; readonly status: 'not-planned'; readonly reasons: readonly string[] }
  | {
      readonly stack: string;
      readonly status: 'failed';
      readonly error: string;
      /**
       * When `prevent_destroy` stopped the plan: the plan terraform makes with it lifted for the blocked
       * resources, so the danger section can name what would have been replaced and which attribute forced it.
       */
      readonly blockedPlan?: PlanJson;
    };

/** One waived guardrail violation: a structural subset of `WaivedViolation`, so `checkGuardrails(...).waived` fits as is. */
export interface WaivedGuardrail {
  /** Rule id, e.g. `SPW-CDN-002`. */
  readonly ruleId: string;
  /** Terraform address of the resource the rule flagged. */
  readonly address: string;
  /** The waiver's reason. */
  readonly reason: string;
  /** `config` (guardrails.waivers) or `code` (a design exception waived on its construct). @default config */
  readonly source?: 'config' | 'code';
  /** @default not shown */
  readonly stack?: string;
  /** What the rule found. @default not shown */
  readonly message?: string;
}

/** A stack the app no longer has whose state (local file or S3 key) still holds resources (scripts/lib/state-left-behind.ts). */
export interface OrphanedStateRef {
  readonly stack: string;
  readonly stateFile: string;
  readonly resources: number;
}

export interface SummaryInput {
  readonly mode: 'preview' | 'real';
  /** Why this mode, e.g. "no AWS credentials in the environment". */
  readonly modeReason?: string;
  readonly stacks: readonly StackReport[];
  readonly title?: string;
  /** The fleet config the stacks were built from, for the burst cost ceiling. @default no cost section */
  readonly config?: Pick<FleetConfig, 'regions'>;
  /** Guardrail violations waived in the config (`checkGuardrails(...).waived`). @default no waiver section */
  readonly waivedGuardrails?: readonly WaivedGuardrail[];
  /** State left by stacks the app no longer has: dangers, like a destroy. @default none */
  readonly orphanedState?: readonly OrphanedStateRef[];
  /** Where each planned stack keeps its state (local file or s3:// URL), named beside state left behind. @default not named */
  readonly stateLocations?: Readonly<Record<string, string>>;
}

export interface PlannedStack {
  readonly report: Extract<StackReport, { status: 'planned' }>;
  readonly changes: ChangesByKind;
  readonly counts: ChangeCounts;
}

/** Everything a section may need, computed once. */
export interface SummaryContext {
  readonly input: SummaryInput;
  readonly options: { readonly collapseAfter: number };
  readonly planned: readonly PlannedStack[];
  readonly notPlanned: readonly Extract<StackReport, { status: 'not-planned' }>[];
  readonly failed: readonly Extract<StackReport, { status: 'failed' }>[];
  readonly totals: ChangeCounts;
}

// The document. Text is inline markdown; the renderer escapes table cells.
export interface Paragraph { readonly kind: 'paragraph'; readonly text: string }
/** A heading inside a part (`###`). */
export interface Heading { readonly kind: 'heading'; readonly text: string }
export interface CodeBlock { readonly kind: 'code'; readonly language: string; readonly text: string }
export interface Table {
  readonly kind: 'table';
  readonly header: readonly string[];
  /** Per column. @default all 'left' */
  readonly align?: readonly ('left' | 'right')[];
  readonly rows: readonly (readonly string[])[];
  /** The last row is a total: the limiter keeps it when it drops rows. */
  readonly keepLastRow?: boolean;
}
export type ListItem = string | { readonly text: string; readonly subItems: readonly string[] };
export interface List {
  readonly kind: 'list';
  readonly items: readonly ListItem[];
  /** Bold line above the items, or the `<details>` summary when `collapsed`. */
  readonly title?: string;
  readonly collapsed?: boolean;
  /** The limiter may replace the whole list by one line (resource addresses: the full summary has them). */
  readonly omittable?: boolean;
}
export type Block = Paragraph | Heading | CodeBlock | Table | List;

/** What the comment limiter drops first: `detail` parts, then table rows, then `normal` parts; `keep` never. */
export type Priority = 'keep' | 'normal' | 'detail';

/** One part of the document, e.g. one `##` section. */
export interface SummaryPart {
  /** Heading text; untitled parts (the overview) have none. */
  readonly title?: string;
  /** @default 2 */
  readonly level?: 1 | 2;
  /** @default 'normal' */
  readonly priority?: Priority;
  readonly blocks: readonly Block[];
}

export interface SummaryDocument { readonly parts: readonly SummaryPart[] }

export const paragraph = (text: string): Paragraph => ({ kind: 'paragraph', text });
