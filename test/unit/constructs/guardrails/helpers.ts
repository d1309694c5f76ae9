import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { checkGuardrails, GuardrailOptions, GuardrailReport, GuardrailViolation, GUARDRAIL_RULES } from '../../../../constructs/guardrails/guardrails';

export type Build = (scope: Construct, provider: AwsProvider) => void;

/** The guardrail report of a fresh stack whose us-west-2 provider carries the required tags by default. */
export function reportOf(build: Build, options: GuardrailOptions = {}): GuardrailReport {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', {
    region: 'us-west-2',
    defaultTags: [{ tags: { Project: 'spillway', Owner: 'ml-platform' } }],
  });
  build(stack, provider);
  return checkGuardrails([stack], { waivers: [], requiredTags: ['Project', 'Owner'], ...options });
}

/** Violations of one rule. */
export function violationsOf(ruleId: string, build: Build, options: GuardrailOptions = {}): GuardrailViolation[] {
  return reportOf(build, options).violations.filter((violation) => violation.ruleId === ruleId);
}

/** A rule's passing and failing configurations; `problem` must match the failing case's message. */
export interface RuleCase {
  readonly rule: string;
  readonly name: string;
  readonly pass: Build;
  readonly fail: Build;
  readonly problem: RegExp;
  /** The address the failing case must report. */
  readonly address?: RegExp;
}

/** Registers a passing and a failing test for each case. */
export function describeRuleCases(cases: readonly RuleCase[]): void {
  for (const ruleCase of cases) {
    describe(`${ruleCase.rule} ${ruleCase.name}`, () => {
      it('passes a compliant config', () => {
        expect(violationsOf(ruleCase.rule, ruleCase.pass)).toEqual([]);
      });
      it('fails a non-compliant config with the address, the problem and the fix', () => {
        const violations = violationsOf(ruleCase.rule, ruleCase.fail);
        expect(violations.length).toBeGreaterThan(0);
        expect(violations[0].message).toMatch(ruleCase.problem);
        expect(violations[0].address).toMatch(ruleCase.address ?? /^aws_[a-z0-9_]+\.[A-Za-z0-9_-]+$/);
        expect(violations[0].fix).toBe(GUARDRAIL_RULES.find((rule) => rule.id === ruleCase.rule)!.fix);
        expect(violations[0].stack).toBe('test');
      });
    });
  }
}

/** Ids of every rule a list of cases covers, with a pass and a fail test each. */
export function coveredRules(cases: readonly RuleCase[]): string[] {
  return [...new Set(cases.map((ruleCase) => ruleCase.rule))];
}
