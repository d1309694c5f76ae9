import { WebAcl } from '../../../../constructs/cdn/web-acl';
import { onlyResource, synthWithAws } from '../helpers';

describe('WebAcl', () => {
  const acl = () => onlyResource(synthWithAws((scope, provider) => new WebAcl(scope, 'waf', { provider, name: 'spillway-test-cdn', rateLimitPer5Minutes: 2000 })), 'aws_wafv2_web_acl');

  it('is CLOUDFRONT-scoped, allows by default and has metrics on everywhere', () => {
    const resource = acl();
    expect(resource.scope).toBe('CLOUDFRONT');
    expect(resource.default_action).toEqual({ allow: {} });
    expect(resource.visibility_config.cloudwatch_metrics_enabled).toBe(true);
    expect(resource.rule.every((rule: any) => rule.visibility_config.cloudwatch_metrics_enabled === true)).toBe(true);
  });

  it('runs the common and known-bad-inputs managed rule groups, then an IP rate limit', () => {
    const rules = acl().rule;
    expect(rules.map((rule: any) => [rule.priority, rule.name])).toEqual([
      [0, 'AWSManagedRulesCommonRuleSet'],
      [1, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [2, 'rate-limit-per-ip'],
    ]);
    expect(rules[0].statement).toEqual({ managed_rule_group_statement: { vendor_name: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } });
    expect(rules[0].override_action).toEqual({ none: {} });
    expect(rules[2].action).toEqual({ block: {} });
    expect(rules[2].statement.rate_based_statement).toMatchObject({ limit: 2000, aggregate_key_type: 'IP' });
  });
});
