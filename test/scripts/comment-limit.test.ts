/**
 * Fitting the summary into one GitHub comment, on synthetic markdown shaped like the renderer's output
 * (large generated address lists and tables; no plan JSON here).
 */
import {
  DEFAULT_ARTIFACT_POINTER,
  GITHUB_COMMENT_LIMIT,
  STICKY_COMMENT_MARKER,
  artifactPointerFromEnv,
  fitToCommentLimit,
  renderComment,
} from '../../scripts/lib/comment-limit';
import { renderSummary } from '../../scripts/lib/plan-summary';

const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `- \`${prefix}.resource_${String(i).padStart(5, '0')}\``).join('\n');

function stackSection(stack: string, adds: number, replaces: number): string {
  return [
    `## \`${stack}\``,
    '',
    `${adds} to add, 0 to change, ${replaces} to replace, 0 to destroy.`,
    '',
    `<details><summary>Add (${adds})</summary>\n\n${addresses(`aws_instance.${stack}`, adds)}\n\n</details>`,
    '',
    `**Replace (${replaces})**\n\n${addresses(`aws_iam_role.${stack}`, replaces)}`,
    '',
    `Plan JSON: \`plans/${stack}.json\``,
  ].join('\n');
}

const PREAMBLE = [
  '# Spillway plan summary (preview)',
  '',
  '**Mode: preview**',
  '',
  '| Stack | Add | Change | Replace | Destroy | Status |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  '| `a` | 3000 | 0 | 5 | 0 | planned |',
  '| **Total** | 3000 | 0 | 5 | 0 | 1 of 1 planned |',
].join('\n');

const DANGER = ['## Danger: stateful resources destroyed or replaced (1)', '', '| Stack | Resource |', '| --- | --- |', '| `a` | `aws_vpc.main` |'].join('\n');

function tableLines(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('|'));
}

describe('fitToCommentLimit', () => {
  it('leaves a summary that fits alone', () => {
    const markdown = `${PREAMBLE}\n\n${DANGER}\n`;
    expect(fitToCommentLimit(markdown)).toEqual({ markdown, truncated: false, omitted: [] });
  });

  it('drops the longest address list first and keeps the rest, with a pointer to the artifact', () => {
    const big = stackSection('big', 3000, 5);
    const small = stackSection('small', 20, 3);
    const markdown = `${PREAMBLE}\n\n${DANGER}\n\n${big}\n\n${small}\n`;
    expect(markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const fit = fitToCommentLimit(markdown);
    expect(fit.truncated).toBe(true);
    expect(fit.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Only the 3000-address list went: it is replaced by one line; the other lists stay whole.
    expect(fit.omitted).toEqual(['Add (3000) addresses of `big`']);
    expect(fit.markdown).toContain('## `big`\n\n3000 to add, 0 to change, 5 to replace, 0 to destroy.\n\n_Add (3000): list left out of this comment (see the full summary)._');
    expect(fit.markdown).not.toContain('aws_instance.big.resource_00000');
    expect(fit.markdown).toContain(`**Replace (5)**\n\n${addresses('aws_iam_role.big', 5)}`);
    expect(fit.markdown).toContain(addresses('aws_instance.small', 20));
    expect(fit.markdown).toContain(DANGER);
    expect(fit.markdown).toContain(`The full summary is ${DEFAULT_ARTIFACT_POINTER}.`);
    expect(fit.markdown.endsWith('\n')).toBe(true);
  });

  it('drops whole per-stack sections, last first, when dropping lists is not enough', () => {
    // 400 stacks of 40 one-line lists' worth of text each: lists go first, then stack sections.
    const stacks = Array.from({ length: 400 }, (_, i) => stackSection(`stack-${String(i).padStart(3, '0')}`, 2, 1));
    const markdown = `${PREAMBLE}\n\n${DANGER}\n\n${stacks.join('\n\n')}\n\n## Not planned\n\n- \`w\`: not planned: depends on a\n`;
    expect(markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const fit = fitToCommentLimit(markdown, { limit: 20_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(20_000);
    expect(fit.markdown).toContain(DANGER);
    expect(fit.markdown).toContain('## Not planned\n\n- `w`: not planned: depends on a');
    expect(fit.markdown).toContain('## `stack-000`');
    expect(fit.markdown).not.toContain('## `stack-399`');
    expect(fit.omitted).toContain('section "`stack-399`"');
    // A stack section is either whole-minus-lists or absent: never cut inside.
    for (const match of fit.markdown.matchAll(/## `(stack-\d+)`/g)) expect(fit.markdown).toContain(`Plan JSON: \`plans/${match[1]}.json\``);
  });

  it('cuts a huge table only between rows, keeping its header and Total row, and says how many rows went', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| \`SPW-IAM-001\` | \`aws_iam_policy.generated_${i}\` | synthetic reason for row ${i} |`);
    const table = ['## Waived guardrails (5000)', '', '| Rule | Resource | Reason |', '| --- | --- | --- |', ...rows, '| **Total** | 5000 | |'].join('\n');
    const markdown = `${PREAMBLE}\n\n${DANGER}\n\n${table}\n`;
    const fit = fitToCommentLimit(markdown);
    expect(fit.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(fit.markdown).toContain('## Waived guardrails (5000)\n\n| Rule | Resource | Reason |\n| --- | --- | --- |\n| `SPW-IAM-001` | `aws_iam_policy.generated_0` |');
    const kept = tableLines(fit.markdown).filter((l) => l.includes('generated_')).length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(5000);
    expect(fit.markdown).toContain(`| **Total** | 5000 | |\n\n_${5000 - kept} table rows left out of this comment (see the full summary)._`);
    // Rows kept are the first ones, each whole.
    expect(fit.markdown).toContain(rows[kept - 1]);
    expect(fit.markdown).not.toContain(rows[kept]);
    for (const line of tableLines(fit.markdown)) expect(line).toMatch(/^\|.*\|$/);
    // The preamble's overview table is untouched.
    expect(fit.markdown.startsWith(PREAMBLE)).toBe(true);
  });

  it('never cuts inside a line, even for a pathological preamble', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i} of an overlong preamble paragraph with no sections at all.`);
    const fit = fitToCommentLimit(lines.join('\n'), { limit: 10_000 });
    expect(fit.markdown.length).toBeLessThanOrEqual(10_000);
    const body = fit.markdown.split('\n---\n')[0].trimEnd().split('\n');
    expect(body).toEqual(lines.slice(0, body.length));
    expect(fit.omitted).toEqual(['the end of the summary']);
  });
});

describe('renderComment', () => {
  it('starts with the sticky marker and stays within 65,536 characters including it', () => {
    const waivedGuardrails = Array.from({ length: 2000 }, (_, i) => ({
      ruleId: 'SPW-TAG-001',
      address: `aws_security_group.generated_${i}`,
      reason: 'generated waiver for the comment limit test',
    }));
    const summary = renderSummary({ mode: 'preview', stacks: [{ stack: 'x', status: 'not-planned', reasons: ['no mirror'] }], waivedGuardrails });
    expect(summary.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const comment = renderComment(summary);
    expect(comment.markdown.startsWith(`${STICKY_COMMENT_MARKER}\n# Spillway plan summary (preview)\n`)).toBe(true);
    expect(comment.markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment.markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 500);
    expect(comment.markdown).toContain('## Not planned\n\n- `x`: not planned: no mirror');
  });

  it('points at the workflow run when running in GitHub Actions', () => {
    expect(artifactPointerFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/spillway', GITHUB_RUN_ID: '42' })).toBe(
      '`plan-summary.md` in the `spillway-plans` artifact of [this workflow run](https://github.com/acme/spillway/actions/runs/42)',
    );
    expect(artifactPointerFromEnv({})).toBe(DEFAULT_ARTIFACT_POINTER);
  });
});
