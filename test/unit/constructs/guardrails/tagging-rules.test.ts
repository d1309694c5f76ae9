import { TAGGING_RULES } from '../../../../constructs/guardrails/tagging-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { TAGGING_CASES } from './cases/tagging-cases';

describe('tagging rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(TAGGING_CASES).sort()).toEqual(TAGGING_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(TAGGING_CASES);
});
