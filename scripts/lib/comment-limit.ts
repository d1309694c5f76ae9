/**
 * Fits the summary into one GitHub comment (65,536 characters at most). Document in, markdown out: it
 * shortens the summary document (scripts/summary/model.ts) by its structure, then renders it with the
 * renderer of `plan-summary.md`, so no markdown is parsed back. The full summary stays in
 * `plan-summary.md`, uploaded as a workflow artifact, and the shortened comment says so.
 *
 * What goes, in this order, until the text fits:
 *  1. omittable lists (the per-stack address lists), longest first, each replaced by one line;
 *  2. whole `detail` parts (the per-stack sections), last first;
 *  3. whole table rows, from the end of the longest table (a kept last row, the Total, stays), with a line
 *     saying how many;
 *  4. whole `normal` parts, last first; `keep` parts (the title and the overview) stay;
 *  5. from the end: whole blocks, or whole lines of a paragraph, which only a pathological input reaches.
 * Nothing is ever cut inside a line, a table row, a list item or a code block. A closing note says what was
 * left out (the first six things) and where the full summary is.
 */
import type { Block, List, SummaryDocument, SummaryPart, Table } from '../summary/model';
import { paragraph } from '../summary/model';
import { renderBlock, renderMarkdown, tableRow } from '../summary/render-markdown';

/** GitHub's maximum issue / pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Where the full summary is, as the workflow uploads it. */
export const DEFAULT_ARTIFACT_POINTER = '`plan-summary.md` in the `spillway-plans` artifact of this workflow run';

export interface FitOptions {
  /** Maximum length of the result. @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
  /** Where the full summary can be found (markdown). @default DEFAULT_ARTIFACT_POINTER */
  readonly artifactPointer?: string;
}

export interface FitResult {
  readonly markdown: string;
  readonly truncated: boolean;
  /** What was left out, for logs and tests. */
  readonly omitted: readonly string[];
}

/** A part being shortened: its own copy of the block list. */
type Draft = Omit<SummaryPart, 'blocks'> & { blocks: Block[] };

const where = (part: Draft): string => part.title ?? 'the overview';

/** Shortens `document` to at most `limit` characters of markdown, pointing at the full summary when it had to. */
export function fitToCommentLimit(document: SummaryDocument, options: FitOptions = {}): FitResult {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const full = renderMarkdown(document);
  if (full.length <= limit) return { markdown: full, truncated: false, omitted: [] };
  const pointer = options.artifactPointer ?? DEFAULT_ARTIFACT_POINTER;
  const parts: Draft[] = document.parts.map((part) => ({ ...part, blocks: [...part.blocks] }));
  const omitted: string[] = [];
  const note = (): string =>
    `---\n**Shortened to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit** ` +
    `(left out: ${omitted.slice(0, 6).join('; ')}${omitted.length > 6 ? `; and ${omitted.length - 6} more` : ''}). ` +
    `The full summary is ${pointer}.`;
  // The note is re-rendered each time: it grows with what was left out.
  const render = (): string => renderMarkdown({ parts: [...parts, { priority: 'keep', blocks: [paragraph(note())] }] });
  const fits = (): boolean => render().length <= limit;

  omitLists(parts, omitted, fits);
  dropParts(parts, omitted, fits, 'detail');
  dropRows(parts, omitted, render, limit);
  dropParts(parts, omitted, fits, 'normal');
  if (fits()) return { markdown: render(), truncated: true, omitted };
  omitted.push('the end of the summary');
  cutFromEnd(parts, render, limit);
  const text = render();
  // Only a limit shorter than the note itself gets here.
  return { markdown: text.length <= limit ? text : `${note()}\n`.slice(0, limit), truncated: true, omitted };
}

/** 1. Omittable lists, longest first, each replaced by one line naming it. */
function omitLists(parts: Draft[], omitted: string[], fits: () => boolean): void {
  while (!fits()) {
    let best: { part: Draft; index: number; size: number } | undefined;
    for (const part of parts) {
      part.blocks.forEach((block, index) => {
        if (block.kind !== 'list' || !block.omittable) return;
        const size = renderBlock(block).length;
        if (!best || size > best.size) best = { part, index, size };
      });
    }
    if (!best) return;
    const list = best.part.blocks[best.index] as List;
    const label = list.title ?? `${list.items.length} address${list.items.length === 1 ? '' : 'es'}`;
    best.part.blocks[best.index] = paragraph(`_${label}: list left out of this comment (see the full summary)._`);
    omitted.push(`${label} addresses of ${where(best.part)}`);
  }
}

/** 2. and 4. Whole parts of one priority, last first. */
function dropParts(parts: Draft[], omitted: string[], fits: () => boolean, priority: 'detail' | 'normal'): void {
  while (!fits()) {
    let index = parts.length - 1;
    while (index >= 0 && (parts[index].priority ?? 'normal') !== priority) index--;
    if (index < 0) return;
    omitted.push(`section "${where(parts[index])}"`);
    parts.splice(index, 1);
  }
}

const droppableRows = (table: Table): number => table.rows.length - (table.keepLastRow ? 1 : 0);

/** 3. Whole rows from the end of the longest table, its kept last row staying; one note per table counts them. */
function dropRows(parts: Draft[], omitted: string[], render: () => string, limit: number): void {
  // Rows left out so far, by the table object now in the draft.
  const dropped = new Map<Table, number>();
  while (render().length > limit) {
    let target: { part: Draft; index: number; table: Table } | undefined;
    for (const part of parts) {
      part.blocks.forEach((block, index) => {
        if (block.kind !== 'table' || droppableRows(block) === 0) return;
        if (!target || block.rows.length > target.table.rows.length) target = { part, index, table: block };
      });
    }
    if (!target) return;
    const { part, index, table } = target;
    // Enough rows to cover the excess (plus room for the note), at most every droppable row.
    const excess = render().length - limit + 80;
    const lastDroppable = droppableRows(table) - 1;
    let count = 0;
    let freed = 0;
    while (count <= lastDroppable && freed < excess) freed += tableRow(table.rows[lastDroppable - count++]).length + 1;
    const kept = table.rows.slice(0, lastDroppable - count + 1);
    const trimmed: Table = { ...table, rows: table.keepLastRow ? [...kept, table.rows[table.rows.length - 1]] : kept };
    const before = dropped.get(table) ?? 0;
    dropped.delete(table);
    dropped.set(trimmed, before + count);
    part.blocks[index] = trimmed;
    const rowsNote = paragraph(`_${before + count} table rows left out of this comment (see the full summary)._`);
    if (before > 0) {
      part.blocks[index + 1] = rowsNote;
    } else {
      part.blocks.splice(index + 1, 0, rowsNote);
      omitted.push(`rows of a table in ${where(part)}`);
    }
  }
}

/** 5. From the end: whole lines of a paragraph, else whole blocks; a part left without blocks goes too. */
function cutFromEnd(parts: Draft[], render: () => string, limit: number): void {
  while (parts.length > 0) {
    const excess = render().length - limit;
    if (excess <= 0) return;
    const part = parts[parts.length - 1];
    const block = part.blocks[part.blocks.length - 1];
    if (block?.kind === 'paragraph' && block.text.includes('\n')) {
      const lines = block.text.split('\n');
      let freed = 0;
      while (lines.length > 1 && freed < excess) freed += lines.pop()!.length + 1;
      part.blocks[part.blocks.length - 1] = paragraph(lines.join('\n'));
    } else {
      part.blocks.pop();
    }
    if (part.blocks.length === 0) parts.pop();
  }
}

/** Hidden first line of the sticky pull-request comment: the workflow finds and updates its own comment by it. */
export const STICKY_COMMENT_MARKER = '<!-- spillway-plan -->';

/** The artifact pointer for a GitHub Actions run (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`), else the default. */
export function artifactPointerFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return DEFAULT_ARTIFACT_POINTER;
  return `\`plan-summary.md\` in the \`spillway-plans\` artifact of [this workflow run](${server}/${repository}/actions/runs/${runId})`;
}

/** The pull-request comment body: the marker line, then the summary fitted so that the whole body stays within `limit`. */
export function renderComment(summary: SummaryDocument, options: FitOptions = {}): FitResult {
  const prefix = `${STICKY_COMMENT_MARKER}\n`;
  const fitted = fitToCommentLimit(summary, { ...options, limit: (options.limit ?? GITHUB_COMMENT_LIMIT) - prefix.length });
  return { ...fitted, markdown: `${prefix}${fitted.markdown}` };
}
