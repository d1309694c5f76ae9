import * as fs from 'fs';
import * as path from 'path';
import { GUARDRAIL_RULES } from '../../../../constructs/guardrails/guardrails';

/** The README's security posture table lists every rule that names a checkov check, with that check. */
describe('checkov mapping in the README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../../../README.md'), 'utf8');
  const rows = new Map(
    [...readme.matchAll(/^\| (SPW-[A-Z0-9]+-\d{3}) \| (CKV2?_AWS_\d+) \|/gm)].map((match) => [match[1], match[2]] as const),
  );
  const mapped = GUARDRAIL_RULES.map((rule) => ({ id: rule.id, checkov: /checkov (CKV2?_AWS_\d+)/.exec(rule.title)?.[1] })).filter(
    (rule): rule is { id: typeof rule.id; checkov: string } => rule.checkov !== undefined,
  );

  it('covers the issue-14 checks', () => {
    expect(mapped.map((rule) => rule.checkov)).toEqual(
      expect.arrayContaining(['CKV2_AWS_11', 'CKV2_AWS_31', 'CKV_AWS_158', 'CKV_AWS_338', 'CKV_AWS_145', 'CKV_AWS_18', 'CKV_AWS_21', 'CKV_AWS_150', 'CKV2_AWS_64', 'CKV_AWS_149']),
    );
  });

  it('has one README row per mapped rule, with the checkov id of its title, and no row for anything else', () => {
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(mapped.map((rule) => [rule.id, rule.checkov])));
  });
});
