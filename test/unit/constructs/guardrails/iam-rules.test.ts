import { IAM_RULES } from '../../../../constructs/guardrails/iam-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { IAM_CASES } from './cases/iam-cases';

describe('iam rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(IAM_CASES).sort()).toEqual(IAM_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(IAM_CASES);
});
