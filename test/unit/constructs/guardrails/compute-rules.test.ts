import { COMPUTE_RULES } from '../../../../constructs/guardrails/compute-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { COMPUTE_CASES } from './cases/compute-cases';

describe('compute rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(COMPUTE_CASES).sort()).toEqual(COMPUTE_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(COMPUTE_CASES);
});
