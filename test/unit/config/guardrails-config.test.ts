import { parse, stringify } from 'yaml';
import { parseConfig } from '../../../config/load';
import { exampleText, problemsOf } from '../../support/example-variants';

describe('config: guardrails', () => {
  const withGuardrails = (guardrails: unknown) => {
    const raw = parse(exampleText);
    raw.guardrails = guardrails;
    return stringify(raw);
  };

  it('defaults to requiredTags Project and Owner and no waivers', () => {
    const raw = parse(exampleText);
    delete raw.guardrails;
    expect(parseConfig(stringify(raw)).guardrails).toEqual({ requiredTags: ['Project', 'Owner'], waivers: [] });
  });

  it('accepts a waiver with a known rule, an address or glob and a reason', () => {
    const waiver = { rule: 'SPW-CDN-002', resource: 'aws_cloudfront_distribution.*', reason: 'no custom domain in the example' };
    expect(parseConfig(withGuardrails({ waivers: [waiver] })).guardrails.waivers).toEqual([waiver]);
  });

  it('rejects an unknown rule id at its field path, listing the known ids', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-XYZ-001', resource: 'aws_s3_bucket.x', reason: 'a good enough reason' }] }));
    expect(problems).toEqual([expect.stringMatching(/^guardrails\.waivers\[0\]\.rule: unknown guardrail rule; known: SPW-EKS-001, .*SPW-TAG-001 \(got "SPW-XYZ-001"\)$/)]);
  });

  it('rejects a reason shorter than 10 characters', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-EKS-001', resource: 'aws_eks_cluster.x', reason: 'because' }] }));
    expect(problems).toEqual([expect.stringMatching(/^guardrails\.waivers\[0\]\.reason: a reason of at least 10 characters/)]);
  });

  it('rejects a resource that is not an address or glob, and unknown keys', () => {
    const problems = problemsOf(withGuardrails({ waivers: [{ rule: 'SPW-EKS-001', resource: 'the cluster', reason: 'a good enough reason', until: '2026' }] }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^guardrails\.waivers\[0\]\.resource: a Terraform resource address like/),
        expect.stringMatching(/^guardrails\.waivers\[0\]\.until: unknown key; allowed keys: rule, resource, reason/),
      ]),
    );
  });

  it('rejects required tag keys AWS would not accept', () => {
    expect(problemsOf(withGuardrails({ requiredTags: ['aws:owner'] }))).toEqual([expect.stringMatching(/^guardrails\.requiredTags\[0\]: tag keys must not start/)]);
  });
});
