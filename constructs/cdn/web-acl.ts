import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';

/** AWS managed rule groups every distribution gets, in priority order. */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

export interface WebAclProps {
  /** A provider for us-east-1: CloudFront-scoped web ACLs exist only there. */
  readonly provider: TerraformProvider;
  /** Web ACL name, also the prefix of its CloudWatch metric names. */
  readonly name: string;
  /** Requests per 5 minutes from one client IP before it is blocked (10 to 2,000,000,000). */
  readonly rateLimitPer5Minutes: number;
}

/**
 * A CLOUDFRONT-scope WAF web ACL: allow by default, AWS managed common and known-bad-inputs rule groups,
 * and a rate-based rule that blocks a client IP above its limit. Every rule emits CloudWatch metrics and
 * sampled requests. Attach it through the distribution's `web_acl_id` (its ARN).
 */
export class WebAcl extends Construct {
  readonly arn: string;
  readonly id: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${props.name}-${metric}`,
    });

    // `statement` is untyped in the provider bindings: its keys are written as Terraform spells them.
    const managed: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((group, index) => ({
      name: group,
      priority: index,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: group } },
      visibilityConfig: visibility(group),
    }));
    const rateLimit: Wafv2WebAclRule = {
      name: 'rate-limit-per-ip',
      priority: MANAGED_RULE_GROUPS.length,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimitPer5Minutes, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
      visibilityConfig: visibility('rate-limit-per-ip'),
    };

    const acl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name: props.name,
      description: 'CloudFront: AWS managed common and known-bad-inputs rules, per-IP rate limit',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rule: [...managed, rateLimit],
      visibilityConfig: visibility('all'),
    });
    this.arn = acl.arn;
    this.id = acl.id;
  }
}
