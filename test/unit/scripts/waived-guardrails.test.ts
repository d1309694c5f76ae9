import { renderSummary } from '../../../scripts/lib/plan-summary';
import { WaivedGuardrail } from '../../../scripts/lib/waived-guardrails';

const notPlanned = [{ stack: 'spillway-example-infra', status: 'not-planned' as const, reasons: ['no mirror'] }];

describe('waived guardrails section', () => {
  it('lists every waiver with rule, stack, resource, finding and reason, sorted by rule then address', () => {
    const waived: WaivedGuardrail[] = [
      {
        ruleId: 'SPW-SG-001',
        stack: 'spillway-example-infra',
        address: 'aws_security_group_rule.nlb_ingress',
        message: 'ingress from 0.0.0.0/0 on port 9000',
        reason: 'public API | behind the accelerator',
      },
      { ruleId: 'SPW-CDN-002', address: 'aws_cloudfront_distribution.cdn', reason: 'logging bucket lives in another account' },
    ];
    const markdown = renderSummary({ mode: 'preview', stacks: notPlanned, waivedGuardrails: waived });
    expect(markdown).toContain(
      [
        '## Waived guardrails (2)',
        '',
        'Violations accepted by a waiver in the config (`guardrails.waivers`): each is a risk someone chose to take.',
        '',
        '| Rule | Stack | Resource | Finding | Reason given |',
        '| --- | --- | --- | --- | --- |',
        '| `SPW-CDN-002` | – | `aws_cloudfront_distribution.cdn` | – | logging bucket lives in another account |',
        // A pipe in the reason is escaped: the row stays one row of five cells.
        '| `SPW-SG-001` | `spillway-example-infra` | `aws_security_group_rule.nlb_ingress` | ingress from 0.0.0.0/0 on port 9000 | public API \\| behind the accelerator |',
      ].join('\n'),
    );
  });

  it('shortens a long finding at a word boundary', () => {
    const message = Array.from({ length: 40 }, (_, i) => `statement ${i} allows "*"`).join('; ');
    const markdown = renderSummary({
      mode: 'preview',
      stacks: notPlanned,
      waivedGuardrails: [{ ruleId: 'SPW-IAM-002', address: 'aws_iam_role_policy.p', message, reason: 'documented controller policy' }],
    });
    const row = markdown.split('\n').find((l) => l.startsWith('| `SPW-IAM-002`'))!;
    const finding = row.split(' | ')[3];
    expect(finding.length).toBeLessThanOrEqual(200);
    expect(finding).toMatch(/^statement 0 allows "\*"; .*"\*"…$/);
    expect(row.endsWith('| documented controller policy |')).toBe(true);
  });

  it('says so when nothing is waived, and is absent when no waiver list was passed', () => {
    expect(renderSummary({ mode: 'preview', stacks: notPlanned, waivedGuardrails: [] })).toContain('## Waived guardrails\n\nNo guardrail is waived.\n');
    expect(renderSummary({ mode: 'preview', stacks: notPlanned })).not.toContain('Waived guardrails');
  });

  it('marks design exceptions waived in code, and says both kinds exist', () => {
    const markdown = renderSummary({
      mode: 'preview',
      stacks: notPlanned,
      waivedGuardrails: [
        { ruleId: 'SPW-IAM-002', address: 'aws_iam_role_policy.lb', reason: "the controller's documented policy", source: 'code' },
        { ruleId: 'SPW-CDN-002', address: 'aws_cloudfront_distribution.cdn', reason: 'no custom domain yet', source: 'config' },
      ],
    });
    expect(markdown).toContain('or in code, a design exception');
    expect(markdown).toContain("| `SPW-IAM-002` | – | `aws_iam_role_policy.lb` | – | design exception (in code): the controller's documented policy |");
    expect(markdown).toContain('| `SPW-CDN-002` | – | `aws_cloudfront_distribution.cdn` | – | no custom domain yet |');
  });
});
