import { NETWORK_RULES } from '../../../../constructs/guardrails/network-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { NETWORK_CASES } from './cases/network-cases';

describe('network rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(NETWORK_CASES).sort()).toEqual(NETWORK_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(NETWORK_CASES);
});
