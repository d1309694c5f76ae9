import { STORAGE_RULES } from '../../../../constructs/guardrails/storage-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { STORAGE_CASES } from './cases/storage-cases';

describe('storage rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(STORAGE_CASES).sort()).toEqual(STORAGE_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(STORAGE_CASES);
});
