import { EKS_RULES } from '../../../../constructs/guardrails/eks-rules';
import { coveredRules, describeRuleCases } from './helpers';
import { EKS_CASES } from './cases/eks-cases';

describe('eks rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(EKS_CASES).sort()).toEqual(EKS_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(EKS_CASES);
});
