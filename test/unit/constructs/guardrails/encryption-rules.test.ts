import { ENCRYPTION_RULES } from '../../../../constructs/guardrails/encryption-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { ENCRYPTION_CASES } from './cases/encryption-cases';

describe('encryption and logging rules', () => {
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(ENCRYPTION_CASES).sort()).toEqual(ENCRYPTION_RULES.map((rule) => rule.id).sort());
  });

  it('names the checkov check each rule maps to', () => {
    for (const rule of ENCRYPTION_RULES) expect(rule.title).toMatch(/checkov CKV2?_AWS_\d+/);
  });

  describeRuleCases(ENCRYPTION_CASES);
});
