/** The front door: CloudFront, WAF, Global Accelerator and load balancer listeners. */
import { block, blocks, GuardrailRule, isLiteral, isToken, referencedAddresses, show, strings } from './rule';

/** Viewer policies that never serve content over plain HTTP (`redirect-to-https` only answers with a redirect). */
export const SECURE_VIEWER_PROTOCOL_POLICIES = ['https-only', 'redirect-to-https'];
/** CloudFront security policies with TLS 1.2 or later and no CBC-SHA1 ciphers. */
export const CLOUDFRONT_MINIMUM_PROTOCOLS = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];
/** Elastic Load Balancing security policies with TLS 1.2 or later only. */
const ELB_TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)/;

/** Whether any rule statement (at any depth) holds a statement of `kind`. */
function hasStatement(statement: unknown, kind: string): boolean {
  if (!statement || typeof statement !== 'object') return false;
  if (Array.isArray(statement)) return statement.some((item) => hasStatement(item, kind));
  return Object.entries(statement).some(([key, value]) => key === kind || hasStatement(value, kind));
}

export const EDGE_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-CDN-001',
    title: 'CloudFront never serves content over plain HTTP.',
    fix: 'Set viewer_protocol_policy to "https-only" (or "redirect-to-https") on the default and every ordered cache behavior (cdn.viewerProtocolPolicy).',
    appliesTo: ['aws_cloudfront_distribution'],
    check: (resource) => {
      const behaviors = [
        { where: 'default_cache_behavior', behavior: block(resource.config.default_cache_behavior) },
        ...blocks(resource.config.ordered_cache_behavior).map((behavior) => ({ where: `ordered_cache_behavior ${show(behavior.path_pattern)}`, behavior })),
      ];
      return behaviors
        .filter(({ behavior }) => !SECURE_VIEWER_PROTOCOL_POLICIES.includes(behavior?.viewer_protocol_policy))
        .map(({ where, behavior }) => `${where}.viewer_protocol_policy is ${show(behavior?.viewer_protocol_policy ?? 'unset')}`);
    },
  },
  {
    id: 'SPW-CDN-002',
    title: 'CloudFront viewers must use TLS 1.2 or later.',
    fix: 'Serve the distribution under cdn.aliases with cdn.certificateArn (ACM, us-east-1) and minimum_protocol_version TLSv1.2_2021 or later. The default *.cloudfront.net certificate pins the policy at TLSv1 and cannot comply.',
    appliesTo: ['aws_cloudfront_distribution'],
    check: (resource) => {
      const certificate = block(resource.config.viewer_certificate);
      if (!certificate || certificate.cloudfront_default_certificate === true || certificate.cloudfront_default_certificate === 'true') {
        return ['uses the default CloudFront certificate, for which CloudFront fixes the minimum protocol at TLSv1'];
      }
      const minimum = certificate.minimum_protocol_version;
      return CLOUDFRONT_MINIMUM_PROTOCOLS.includes(minimum)
        ? []
        : [`viewer_certificate.minimum_protocol_version is ${show(minimum ?? 'unset (TLSv1)')}, not one of ${CLOUDFRONT_MINIMUM_PROTOCOLS.join(', ')}`];
    },
  },
  {
    id: 'SPW-CDN-003',
    title: 'CloudFront access logs are kept, so abuse and leaks can be investigated.',
    fix: 'Set logging_config.bucket to a log bucket (ArtifactCdn does), or deliver standard logs v2 with an aws_cloudwatch_log_delivery_source for the distribution.',
    appliesTo: ['aws_cloudfront_distribution'],
    check: (resource, context) => {
      if (block(resource.config.logging_config)?.bucket) return [];
      const v2 = context
        .resourcesOf('aws_cloudwatch_log_delivery_source')
        .some((source) => referencedAddresses(source.config.resource_arn).includes(resource.address));
      return v2 ? [] : ['has no logging_config and no aws_cloudwatch_log_delivery_source'];
    },
  },
  {
    id: 'SPW-CDN-004',
    title: 'A WAF web ACL (rate limiting, managed rules) sits in front of every CloudFront distribution.',
    fix: 'Set web_acl_id to the ARN of a CLOUDFRONT-scope aws_wafv2_web_acl (cdn.waf creates one).',
    appliesTo: ['aws_cloudfront_distribution'],
    check: (resource) => (resource.config.web_acl_id ? [] : ['has no web_acl_id']),
  },
  {
    id: 'SPW-CDN-005',
    title: 'CloudFront reaches S3 origins only through Origin Access Control and other origins only over TLS 1.2.',
    fix: 'Give S3 origins origin_access_control_id (and a bucket policy for the distribution); set custom_origin_config.origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"].',
    appliesTo: ['aws_cloudfront_distribution'],
    check: (resource) => {
      const problems: string[] = [];
      for (const origin of blocks(resource.config.origin)) {
        const name = show(origin.origin_id);
        const custom = block(origin.custom_origin_config);
        if (custom) {
          if (custom.origin_protocol_policy !== 'https-only') {
            problems.push(`origin ${name}: custom_origin_config.origin_protocol_policy is ${show(custom.origin_protocol_policy)}, not "https-only"`);
          }
          const weak = strings(custom.origin_ssl_protocols).filter((protocol) => protocol !== 'TLSv1.2');
          if (weak.length > 0) problems.push(`origin ${name}: origin_ssl_protocols allows ${weak.join(', ')}`);
          continue;
        }
        const viaOac = Boolean(origin.origin_access_control_id);
        const viaOai = Boolean(block(origin.s3_origin_config)?.origin_access_identity);
        if (!viaOac && !viaOai) problems.push(`S3 origin ${name} has no origin_access_control_id: the bucket would have to be public`);
      }
      return problems;
    },
  },
  {
    id: 'SPW-WAF-001',
    title: 'Every web ACL has a rate-based rule, so one client cannot exhaust the service.',
    fix: 'Add a rule with a rate_based_statement (cdn.waf.rateLimitPer5Minutes).',
    appliesTo: ['aws_wafv2_web_acl'],
    check: (resource) =>
      blocks(resource.config.rule).some((rule) => hasStatement(rule.statement, 'rate_based_statement')) ? [] : ['has no rule with a rate_based_statement'],
  },
  {
    id: 'SPW-WAF-002',
    title: 'Every web ACL applies AWS managed rule groups against common exploits and known bad inputs.',
    fix: 'Add rules with managed_rule_group_statement (e.g. AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet).',
    appliesTo: ['aws_wafv2_web_acl'],
    check: (resource) =>
      blocks(resource.config.rule).some((rule) => hasStatement(rule.statement, 'managed_rule_group_statement'))
        ? []
        : ['has no rule with a managed_rule_group_statement'],
  },
  {
    id: 'SPW-WAF-003',
    title: 'Every web ACL logs its requests to an aws-waf-logs-* destination with the authorization header redacted (checkov CKV2_AWS_31).',
    fix: 'Add aws_wafv2_web_acl_logging_configuration for the ACL (WebAclLogging does): log_destination_configs naming an aws-waf-logs-* log group, bucket or stream, and redacted_fields single_header "authorization" (security.wafLogs.redactedHeaders adds API-key headers).',
    appliesTo: ['aws_wafv2_web_acl'],
    check: (acl, context) => {
      const logging = context
        .resourcesOf('aws_wafv2_web_acl_logging_configuration')
        .filter((item) => referencedAddresses(item.config.resource_arn).includes(acl.address));
      if (logging.length === 0) return ['has no aws_wafv2_web_acl_logging_configuration'];
      const problems: string[] = [];
      for (const item of logging) {
        const destinations = strings(item.config.log_destination_configs);
        const named = destinations.every((destination) => {
          if (!isToken(destination)) return /(:log-group:|:::|\/)aws-waf-logs-/.test(destination);
          return referencedAddresses(destination).some((address) => {
            const target = context.lookup(address);
            const name = target?.config.name ?? target?.config.bucket;
            return typeof name === 'string' && name.startsWith('aws-waf-logs-');
          });
        });
        if (destinations.length === 0 || !named) problems.push(`${item.address}: log_destination_configs ${show(destinations)} does not name an aws-waf-logs-* destination`);
        const redacted = blocks(item.config.redacted_fields).map((field) => String(block(field.single_header)?.name ?? '').toLowerCase());
        if (!redacted.includes('authorization')) problems.push(`${item.address}: redacted_fields does not redact the authorization header`);
      }
      return problems;
    },
  },
  {
    id: 'SPW-GA-001',
    title: 'Global Accelerator flow logs are on, so traffic reaching the anycast front door can be investigated.',
    fix: 'Set attributes { flow_logs_enabled = true, flow_logs_s3_bucket = <log bucket> } (frontDoor.accelerator.flowLogs.enabled: true).',
    appliesTo: ['aws_globalaccelerator_accelerator'],
    check: (resource) => {
      const attributes = block(resource.config.attributes);
      const enabled = attributes?.flow_logs_enabled;
      if (enabled !== true && enabled !== 'true') return [`attributes.flow_logs_enabled is ${show(enabled ?? 'unset (false)')}, not true`];
      return attributes?.flow_logs_s3_bucket ? [] : ['attributes.flow_logs_s3_bucket is not set'];
    },
  },
  {
    id: 'SPW-ELB-001',
    title: 'TLS and HTTPS load balancer listeners accept TLS 1.2 or later only.',
    fix: 'Set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (RegionalLoadBalancer does) or another TLS13-/TLS-1-2-/FS-1-2- policy.',
    appliesTo: ['aws_lb_listener', 'aws_alb_listener'],
    check: (resource) => {
      const protocol = resource.config.protocol;
      if (!isLiteral(protocol) || !['TLS', 'HTTPS'].includes(String(protocol).toUpperCase())) {
        return isToken(protocol) ? [`protocol is ${show(protocol)}; it cannot be verified`] : [];
      }
      const policy = resource.config.ssl_policy;
      return typeof policy === 'string' && ELB_TLS12_POLICY.test(policy)
        ? []
        : [`${protocol} listener ssl_policy is ${show(policy ?? 'unset (ELBSecurityPolicy-2016-08, TLS 1.0)')}`];
    },
  },
  {
    id: 'SPW-ELB-002',
    title: 'Load balancers have deletion protection: their ARNs are Global Accelerator endpoints and their DNS names are in clients (checkov CKV_AWS_150).',
    fix: 'Set enable_deletion_protection = true (RegionalLoadBalancer does); turn it off in a reviewed change before a deliberate teardown.',
    appliesTo: ['aws_lb', 'aws_alb'],
    check: (resource) =>
      resource.config.enable_deletion_protection === true || resource.config.enable_deletion_protection === 'true'
        ? []
        : [`enable_deletion_protection is ${show(resource.config.enable_deletion_protection ?? 'unset (false)')}, not true`],
  },
];
