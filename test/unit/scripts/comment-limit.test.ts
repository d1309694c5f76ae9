/**
 * Fitting the summary into one GitHub comment, on synthetic documents shaped like the summary's (large
 * generated address lists and tables; no plan JSON here). Expectations are built with the same renderer,
 * so they check what was kept and dropped, not the markdown spelling.
 */
import {
  DEFAULT_ARTIFACT_POINTER,
  GITHUB_COMMENT_LIMIT,
  STICKY_COMMENT_MARKER,
  artifactPointerFromEnv,
  fitToCommentLimit,
  renderComment,
} from '../../../scripts/lib/comment-limit';
import { buildSummary } from '../../../scripts/lib/plan-summary';
import type { List, SummaryDocument, SummaryPart } from '../../../scripts/summary/model';
import { renderBlock, renderMarkdown, renderPart, tableRow } from '../../../scripts/summary/render-markdown';

const addressList = (title: string, prefix: string, n: number, collapsed: boolean): List => ({
  kind: 'list',
  title: `${title} (${n})`,
  items: Array.from({ length: n }, (_, i) => `\`${prefix}.resource_${String(i).padStart(5, '0')}\``),
  collapsed,
  omittable: true,
});

function stackPart(stack: string, adds: number, replaces: number): SummaryPart {
  return {
    title: `\`${stack}\``,
    priority: 'detail',
    blocks: [
      { kind: 'paragraph', text: `${adds} to add, 0 to change, ${replaces} to replace, 0 to destroy.` },
      addressList('Add', `aws_instance.${stack}`, adds, true),
      addressList('Replace', `aws_iam_role.${stack}`, replaces, false),
      { kind: 'paragraph', text: `Plan JSON: \`plans/${stack}.json\`` },
    ],
  };
}

const HEADER: SummaryPart = { title: 'Spillway plan summary (preview)', level: 1, priority: 'keep', blocks: [{ kind: 'paragraph', text: '**Mode: preview**' }] };
const OVERVIEW: SummaryPart = {
  priority: 'keep',
  blocks: [
    {
      kind: 'table',
      header: ['Stack', 'Add', 'Change', 'Replace', 'Destroy', 'Status'],
      rows: [
        ['`a`', '3000', '0', '5', '0', 'planned'],
        ['**Total**', '3000', '0', '5', '0', '1 of 1 planned'],
      ],
      keepLastRow: true,
    },
  ],
};
const DANGER: SummaryPart = {
  title: 'Danger: stateful resources destroyed or replaced (1)',
  blocks: [{ kind: 'table', header: ['Stack', 'Resource'], rows: [['`a`', '`aws_vpc.main`']] }],
};
const NOT_PLANNED: SummaryPart = { title: 'Not planned', blocks: [{ kind: 'list', items: ['`w`: not planned: depends on a'] }] };

const doc = (...parts: SummaryPart[]): SummaryDocument => ({ parts: [HEADER, OVERVIEW, ...parts] });
const tableLines = (markdown: string): string[] => markdown.split('\n').filter((l) => l.startsWith('|'));

describe('fitToCommentLimit', () => {
  it('renders a summary that fits as it is', () => {
    const document = doc(DANGER, stackPart('small', 20, 3));
    expect(fitToCommentLimit(document)).toEqual({ markdown: renderMarkdown(document), truncated: false, omitted: [] });
  });

  it('drops the longest address list first and keeps the rest, with a pointer to the artifact', () => {
    const big = stackPart('big', 3000, 5);
    const small = stackPart('small', 20, 3);
    const document = doc(DANGER, big, small);
    expect(renderMarkdown(document).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const fit = fitToCommentLimit(document);
    expect(fit.truncated).toBe(true);
    expect(fit.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Only the 3000-address list went: it is replaced by one line; the other lists stay whole.
    expect(fit.omitted).toEqual(['Add (3000) addresses of `big`']);
    expect(fit.markdown).toContain(`## \`big\`\n\n${renderBlock(big.blocks[0])}\n\n_Add (3000): list left out of this comment (see the full summary)._`);
    expect(fit.markdown).not.toContain('aws_instance.big.resource_00000');
    expect(fit.markdown).toContain(renderBlock(big.blocks[2]));
    expect(fit.markdown).toContain(renderPart(small));
    expect(fit.markdown).toContain(renderPart(DANGER));
    expect(fit.markdown).toContain(`The full summary is ${DEFAULT_ARTIFACT_POINTER}.`);
    expect(fit.markdown.endsWith('\n')).toBe(true);
  });

  it('drops whole per-stack sections, last first, when dropping lists is not enough', () => {
    const stacks = Array.from({ length: 400 }, (_, i) => stackPart(`stack-${String(i).padStart(3, '0')}`, 2, 1));
    const document = doc(DANGER, ...stacks, NOT_PLANNED);
    expect(renderMarkdown(document).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const fit = fitToCommentLimit(document, { limit: 20_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(20_000);
    // Danger and not-planned are `normal` parts: they outlast every `detail` part dropped before them.
    expect(fit.markdown).toContain(renderPart(DANGER));
    expect(fit.markdown).toContain(renderPart(NOT_PLANNED));
    expect(fit.markdown).toContain('## `stack-000`');
    expect(fit.markdown).not.toContain('## `stack-399`');
    expect(fit.omitted).toContain('section "`stack-399`"');
    // A stack section is either whole-minus-lists or absent: never cut inside.
    for (const match of fit.markdown.matchAll(/## `(stack-\d+)`/g)) expect(fit.markdown).toContain(`Plan JSON: \`plans/${match[1]}.json\``);
  });

  it('cuts a huge table only between rows, keeping its header and Total row, and says how many rows went', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ['`SPW-IAM-001`', `\`aws_iam_policy.generated_${i}\``, `synthetic reason for row ${i}`]);
    const total = ['**Total**', '5000', ''];
    const waived: SummaryPart = {
      title: 'Waived guardrails (5000)',
      blocks: [{ kind: 'table', header: ['Rule', 'Resource', 'Reason'], rows: [...rows, total], keepLastRow: true }],
    };
    const fit = fitToCommentLimit(doc(DANGER, waived));
    expect(fit.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(fit.markdown).toContain(`## Waived guardrails (5000)\n\n${tableRow(['Rule', 'Resource', 'Reason'])}\n| --- | --- | --- |\n${tableRow(rows[0])}\n`);
    const kept = tableLines(fit.markdown).filter((l) => l.includes('generated_')).length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(5000);
    expect(fit.markdown).toContain(`${tableRow(total)}\n\n_${5000 - kept} table rows left out of this comment (see the full summary)._`);
    // Rows kept are the first ones, each whole.
    expect(fit.markdown).toContain(`${tableRow(rows[kept - 1])}\n${tableRow(total)}`);
    expect(fit.markdown).not.toContain(tableRow(rows[kept]));
    for (const line of tableLines(fit.markdown)) expect(line).toMatch(/^\|.*\|$/);
    // The overview table (a bigger table would have gone first) is untouched.
    expect(fit.markdown.startsWith(renderMarkdown({ parts: [HEADER, OVERVIEW] }).trimEnd())).toBe(true);
    expect(fit.omitted).toEqual(['rows of a table in Waived guardrails (5000)']);
  });

  it('drops in a fixed order: address lists, stack sections, table rows, other sections; title and overview stay', () => {
    const waived: SummaryPart = {
      title: 'Waived',
      blocks: [{ kind: 'table', header: ['Rule', 'Resource'], rows: Array.from({ length: 400 }, (_, i) => ['`SPW-TAG-001`', `\`aws_x.r_${i}\``]) }],
    };
    // Lists that are not omittable: only dropping their whole section shortens them.
    const longList = (title: string): SummaryPart => ({ title, blocks: [{ kind: 'list', items: Array.from({ length: 300 }, (_, i) => `${title} item ${i}`) }] });
    const document = doc(DANGER, waived, stackPart('one', 300, 2), stackPart('two', 300, 2), longList('Not planned'), longList('Extra'));
    const fit = fitToCommentLimit(document, { limit: 2_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(2_000);
    const stage = (entry: string): number =>
      entry.includes(' addresses of ') ? 1 : /^section "`/.test(entry) ? 2 : entry.startsWith('rows of a table') ? 3 : entry.startsWith('section "') ? 4 : 5;
    const stages = fit.omitted.map(stage);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(new Set(stages)).toEqual(new Set([1, 2, 3, 4]));
    // Other sections go last first.
    const dropped = fit.omitted.filter((e) => stage(e) === 4);
    expect(dropped.indexOf('section "Extra"')).toBeLessThan(dropped.indexOf('section "Not planned"'));
    expect(fit.markdown).toContain(renderPart(HEADER));
    expect(fit.markdown).toContain(tableRow(['**Total**', '3000', '0', '5', '0', '1 of 1 planned']));
    // The note names the first six things left out and counts the rest.
    expect(fit.omitted.length).toBeGreaterThan(6);
    expect(fit.markdown).toContain(`(left out: ${fit.omitted.slice(0, 6).join('; ')}; and ${fit.omitted.length - 6} more)`);
  });

  it('never cuts inside a line, even for a pathological title part', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i} of an overlong preamble paragraph with no sections at all.`);
    const fit = fitToCommentLimit({ parts: [{ priority: 'keep', blocks: [{ kind: 'paragraph', text: lines.join('\n') }] }] }, { limit: 10_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(10_000);
    const body = fit.markdown.split('\n---\n')[0].trimEnd().split('\n');
    expect(body.length).toBeGreaterThan(10);
    expect(body).toEqual(lines.slice(0, body.length));
    expect(fit.omitted).toEqual(['the end of the summary']);
  });

  it('keeps a code block whole or leaves it out, never half of it', () => {
    const code = Array.from({ length: 2000 }, (_, i) => `error line ${i}`).join('\n');
    const failed: SummaryPart = { title: 'Log', priority: 'keep', blocks: [{ kind: 'paragraph', text: 'before' }, { kind: 'code', language: 'text', text: code }] };
    const fit = fitToCommentLimit(doc(failed), { limit: 5_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(5_000);
    expect(fit.markdown).not.toContain('error line 0');
    expect(fit.markdown.split('\n').filter((l) => l.startsWith('```'))).toHaveLength(0);
    expect(fit.markdown).toContain('## Log\n\nbefore\n\n---\n');
  });
});

describe('renderComment', () => {
  it('starts with the sticky marker and stays within 65,536 characters including it', () => {
    const waivedGuardrails = Array.from({ length: 2000 }, (_, i) => ({
      ruleId: 'SPW-TAG-001',
      address: `aws_security_group.generated_${i}`,
      reason: 'generated waiver for the comment limit test',
    }));
    const summary = buildSummary({ mode: 'preview', stacks: [{ stack: 'x', status: 'not-planned', reasons: ['no mirror'] }], waivedGuardrails });
    expect(renderMarkdown(summary).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const comment = renderComment(summary);
    expect(comment.markdown.startsWith(`${STICKY_COMMENT_MARKER}\n# Spillway plan summary (preview)\n`)).toBe(true);
    expect(comment.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Rows are dropped only as far as needed: the comment is close to the limit, not far under it.
    const waivedRow = tableLines(comment.markdown).find((l) => l.includes('generated_'))!;
    expect(comment.markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 100 - 2 * waivedRow.length);
    expect(comment.markdown).toContain('## Not planned\n\n- `x`: not planned: no mirror');
  });

  it('is the marker and the full summary when it fits', () => {
    const summary = buildSummary({ mode: 'preview', stacks: [{ stack: 'x', status: 'not-planned', reasons: ['no mirror'] }] });
    expect(renderComment(summary)).toEqual({ markdown: `${STICKY_COMMENT_MARKER}\n${renderMarkdown(summary)}`, truncated: false, omitted: [] });
  });

  it('points at the workflow run when running in GitHub Actions', () => {
    expect(artifactPointerFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/spillway', GITHUB_RUN_ID: '42' })).toBe(
      '`plan-summary.md` in the `spillway-plans` artifact of [this workflow run](https://github.com/acme/spillway/actions/runs/42)',
    );
    expect(artifactPointerFromEnv({})).toBe(DEFAULT_ARTIFACT_POINTER);
  });
});
