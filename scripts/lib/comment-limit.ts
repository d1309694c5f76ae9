/**
 * Fits the summary into one GitHub comment (65,536 characters at most). Markdown in, markdown out; the
 * full summary stays in `plan-summary.md`, uploaded as a workflow artifact, and the shortened comment
 * says so.
 *
 * What goes, in this order, until the text fits:
 *  1. address lists (`- \`address\`` runs, in `<details>` or not), longest first, each replaced by one line;
 *  2. whole per-stack detail sections (`## \`stack\``), last first;
 *  3. whole table rows, from the end of the longest table (a **Total** row stays), with a line saying how many;
 *  4. whole `##` sections, last first; the title and the overview above the first `##` are kept;
 *  5. whole lines from the end (never leaving part of a table or an open code fence), which only a
 *     pathological input reaches.
 * Nothing is ever cut inside a line, a table row or a code block.
 */

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

/** A run of address list items: `- \`...\`` lines, optionally wrapped in `<details>` with its summary. */
const LIST_ITEM = /^- `[^\n]*`$/;

interface Block {
  /** Section heading line (`## ...`) or '' for the preamble. */
  readonly heading: string;
  lines: string[];
}

function splitSections(markdown: string): Block[] {
  const blocks: Block[] = [{ heading: '', lines: [] }];
  let inFence = false;
  for (const line of markdown.replace(/\n+$/, '').split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && line.startsWith('## ')) blocks.push({ heading: line, lines: [line] });
    else blocks[blocks.length - 1].lines.push(line);
  }
  return blocks;
}

function join(blocks: readonly Block[], notes: readonly string[]): string {
  const body = blocks.map((b) => b.lines.join('\n').replace(/\n+$/, '')).filter((text) => text !== '').join('\n\n');
  return `${body}${notes.length > 0 ? `\n\n${notes.join('\n\n')}` : ''}\n`;
}

/** [start, end) of every run of address list items, with the line describing it. */
function addressLists(lines: readonly string[]): { start: number; end: number; size: number; label: string }[] {
  const runs: { start: number; end: number; size: number; label: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!LIST_ITEM.test(lines[i])) continue;
    let end = i;
    while (end < lines.length && LIST_ITEM.test(lines[end])) end++;
    const count = end - i;
    let start = i;
    let stop = end;
    let label = `${count} address${count === 1 ? '' : 'es'}`;
    // `<details><summary>Add (n)</summary>`, blank, items, blank, `</details>`: the whole block goes.
    const summary = /^<details><summary>(.*)<\/summary>$/.exec(lines[i - 2] ?? '');
    if (summary && lines[i - 1] === '' && lines[end] === '' && lines[end + 1] === '</details>') {
      start = i - 2;
      stop = end + 2;
      label = summary[1];
    } else {
      const bold = /^\*\*(.*)\*\*$/.exec(lines[i - 2] ?? '');
      if (bold && lines[i - 1] === '') {
        start = i - 2;
        label = bold[1];
      }
    }
    const size = lines.slice(start, stop).reduce((n, l) => n + l.length + 1, 0);
    runs.push({ start, end: stop, size, label });
    i = end;
  }
  return runs;
}

function isStackSection(block: Block): boolean {
  return /^## `/.test(block.heading);
}

/** Index ranges of markdown tables (header, separator, rows) outside code fences. */
function tables(lines: readonly string[]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('```')) inFence = !inFence;
    if (inFence || !lines[i].startsWith('|') || !/^\| ?:?-{3}/.test(lines[i + 1] ?? '')) continue;
    let end = i + 2;
    while (end < lines.length && lines[end].startsWith('|')) end++;
    found.push({ start: i, end });
    i = end - 1;
  }
  return found;
}

/** Shortens `markdown` to at most `limit` characters, pointing at the full summary when it had to. */
export function fitToCommentLimit(markdown: string, options: FitOptions = {}): FitResult {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  if (markdown.length <= limit) return { markdown, truncated: false, omitted: [] };
  const pointer = options.artifactPointer ?? DEFAULT_ARTIFACT_POINTER;
  const blocks = splitSections(markdown);
  const omitted: string[] = [];
  const notes = (): string[] => [
    `---\n**Shortened to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit** ` +
      `(left out: ${omitted.slice(0, 6).join('; ')}${omitted.length > 6 ? `; and ${omitted.length - 6} more` : ''}). ` +
      `The full summary is ${pointer}.`,
  ];
  const fits = () => join(blocks, notes()).length <= limit;

  // 1. Address lists, longest first.
  while (!fits()) {
    const candidates = blocks.flatMap((block) => addressLists(block.lines).map((run) => ({ block, run })));
    if (candidates.length === 0) break;
    const { block, run } = candidates.reduce((a, b) => (b.run.size > a.run.size ? b : a));
    const where = block.heading.replace(/^## /, '') || 'overview';
    block.lines.splice(run.start, run.end - run.start, `_${run.label}: list left out of this comment (see the full summary)._`);
    omitted.push(`${run.label} addresses of ${where}`);
  }

  // 2. Whole per-stack detail sections, last first.
  dropSections(blocks, omitted, fits, isStackSection);

  // 3. Whole table rows from the end of the longest table, keeping its header and a Total row.
  while (!fits()) {
    const candidates = blocks.flatMap((block) =>
      tables(block.lines)
        .map((t) => {
          const hasTotal = block.lines[t.end - 1].startsWith('| **Total**');
          return { block, ...t, hasTotal, rows: t.end - t.start - 2 - (hasTotal ? 1 : 0) };
        })
        .filter((t) => t.rows > 0),
    );
    if (candidates.length === 0) break;
    const target = candidates.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const lines = target.block.lines;
    // Enough rows to cover the excess (plus room for the note), at most every data row.
    const excess = join(blocks, notes()).length - limit + 80;
    const lastData = target.hasTotal ? target.end - 2 : target.end - 1;
    let count = 0;
    let freed = 0;
    while (count < target.rows && freed < excess) freed += lines[lastData - count++].length + 1;
    lines.splice(lastData - count + 1, count);
    const after = target.end - count;
    const previous = /^_(\d+) table rows left out of this comment/.exec(lines[after + 1] ?? '');
    const total = count + (previous ? Number(previous[1]) : 0);
    const note = `_${total} table rows left out of this comment (see the full summary)._`;
    if (previous) lines[after + 1] = note;
    else {
      lines.splice(after, 0, '', note);
      omitted.push(`rows of a table in ${target.block.heading.replace(/^## /, '') || 'the overview'}`);
    }
  }

  // 4. Whole sections, last first; never the preamble (title and overview).
  dropSections(blocks, omitted, fits, () => true);

  // 5. Last resort: whole lines from the end, never leaving half a table or an open code fence.
  let text = join(blocks, notes());
  if (text.length > limit) {
    omitted.push('the end of the summary');
    const noteText = `\n\n${notes().join('\n\n')}\n`;
    const lines = join(blocks, []).split('\n');
    let length = lines.reduce((n, l) => n + l.length + 1, -1);
    while (lines.length > 0 && length + noteText.length > limit) length -= lines.pop()!.length + 1;
    while (lines.length > 0 && (lines[lines.length - 1].startsWith('|') || fenceOpen(lines))) lines.pop();
    text = `${lines.join('\n').replace(/\n+$/, '')}${noteText}`;
    if (text.length > limit) text = `${notes().join('\n\n')}\n`.slice(0, limit);
  }
  return { markdown: text, truncated: true, omitted };
}

function dropSections(blocks: Block[], omitted: string[], fits: () => boolean, which: (block: Block) => boolean): void {
  while (!fits()) {
    let index = -1;
    for (let i = blocks.length - 1; i > 0 && index < 0; i--) if (which(blocks[i])) index = i;
    if (index < 0) return;
    omitted.push(`section "${blocks[index].heading.replace(/^## /, '')}"`);
    blocks.splice(index, 1);
  }
}

function fenceOpen(lines: readonly string[]): boolean {
  return lines.filter((l) => l.startsWith('```')).length % 2 === 1;
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
export function renderComment(summary: string, options: FitOptions = {}): FitResult {
  const prefix = `${STICKY_COMMENT_MARKER}\n`;
  const fitted = fitToCommentLimit(summary, { ...options, limit: (options.limit ?? GITHUB_COMMENT_LIMIT) - prefix.length });
  return { ...fitted, markdown: `${prefix}${fitted.markdown}` };
}
