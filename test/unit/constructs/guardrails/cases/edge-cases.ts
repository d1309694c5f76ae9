import { Construct } from 'constructs';
import { CloudfrontDistribution, CloudfrontDistributionConfig } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { Wafv2WebAcl, Wafv2WebAclConfig } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { GlobalacceleratorAccelerator } from '@cdktf/provider-aws/lib/globalaccelerator-accelerator';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { WebAclLogging } from '../../../../../constructs/cdn/web-acl-logging';
import { RuleCase } from '../helpers';
import { bucket } from './storage-cases';

/** A distribution as ArtifactCdn builds it (custom certificate, OAC origin, logs, WAF), with `change` applied. */
export function distribution(change: (config: any) => void = () => undefined) {
  return (scope: Construct, provider: AwsProvider) => {
    const artifacts = bucket(scope, provider, 'artifacts');
    const logs = bucket(scope, provider, 'logs', { versioning: 'none' });
    const behavior = { targetOriginId: 'artifacts', viewerProtocolPolicy: 'https-only', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] };
    const config: any = {
      provider,
      enabled: true,
      origin: [{ originId: 'artifacts', domainName: artifacts.bucketRegionalDomainName, originAccessControlId: 'oac-1' }],
      defaultCacheBehavior: { ...behavior },
      orderedCacheBehavior: [{ ...behavior, pathPattern: '/models/*' }],
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: {
        acmCertificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
      loggingConfig: { bucket: logs.bucketDomainName, prefix: 'cloudfront/' },
      webAclId: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/cdn/1',
    };
    change(config);
    new CloudfrontDistribution(scope, 'cdn', config as CloudfrontDistributionConfig);
  };
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const managedRule = {
  name: 'common',
  priority: 0,
  overrideAction: { none: {} },
  statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } },
  visibilityConfig: visibility('common'),
};
const rateRule = {
  name: 'rate',
  priority: 1,
  action: { block: {} },
  statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } },
  visibilityConfig: visibility('rate'),
};

function webAcl(rules: unknown[], logged: (scope: Construct, provider: AwsProvider, acl: Wafv2WebAcl) => void = () => undefined) {
  return (scope: Construct, provider: AwsProvider) => {
    const config = { provider, name: 'cdn', scope: 'CLOUDFRONT', defaultAction: { allow: {} }, rule: rules, visibilityConfig: visibility('all') };
    logged(scope, provider, new Wafv2WebAcl(scope, 'acl', config as Wafv2WebAclConfig));
  };
}

/** A logging configuration to a log group of the given name, redacting the given headers. */
const wafLogsTo = (groupName: string, redacted: string[]) => (scope: Construct, provider: AwsProvider, acl: Wafv2WebAcl) => {
  const group = new CloudwatchLogGroup(scope, 'waf-logs', { provider, name: groupName, retentionInDays: 30 });
  new Wafv2WebAclLoggingConfiguration(scope, 'waf-logging', {
    provider,
    resourceArn: acl.arn,
    logDestinationConfigs: [group.arn],
    redactedFields: redacted.map((name) => ({ singleHeader: { name } })),
  });
};

function listener(protocol: string, sslPolicy?: string) {
  return (scope: Construct, provider: AwsProvider) => {
    const nlb = new Lb(scope, 'nlb', { provider, loadBalancerType: 'network', internal: true, subnets: ['subnet-1'] });
    new LbListener(scope, 'listener', {
      provider,
      loadBalancerArn: nlb.arn,
      port: 443,
      protocol,
      sslPolicy,
      certificateArn: protocol === 'TLS' ? 'arn:aws:acm:us-west-2:111122223333:certificate/1234abcd-12ab-34cd-56ef-1234567890ab' : undefined,
      defaultAction: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/t/1' }],
    });
  };
}

export const EDGE_CASES: RuleCase[] = [
  {
    rule: 'SPW-CDN-001',
    name: 'HTTPS-only viewers on every behavior',
    pass: distribution((config) => (config.orderedCacheBehavior[0].viewerProtocolPolicy = 'redirect-to-https')),
    fail: distribution((config) => (config.orderedCacheBehavior[0].viewerProtocolPolicy = 'allow-all')),
    problem: /ordered_cache_behavior "\/models\/\*".viewer_protocol_policy is "allow-all"/,
    address: /^aws_cloudfront_distribution\.cdn$/,
  },
  {
    rule: 'SPW-CDN-002',
    name: 'TLS 1.2 minimum with a custom certificate',
    pass: distribution(),
    fail: distribution((config) => (config.viewerCertificate.minimumProtocolVersion = 'TLSv1.1_2016')),
    problem: /minimum_protocol_version is "TLSv1.1_2016"/,
  },
  {
    rule: 'SPW-CDN-002',
    name: 'the default certificate cannot raise the minimum',
    pass: distribution(),
    fail: distribution((config) => (config.viewerCertificate = { cloudfrontDefaultCertificate: true })),
    problem: /default CloudFront certificate/,
  },
  {
    rule: 'SPW-CDN-003',
    name: 'access logging',
    pass: (scope, provider) => {
      distribution((config) => delete config.loggingConfig)(scope, provider);
      const cdn = scope.node.findChild('cdn') as CloudfrontDistribution;
      new CloudwatchLogDeliverySource(scope, 'cdn-logs', { provider, name: 'cdn', logType: 'ACCESS_LOGS', resourceArn: cdn.arn });
    },
    fail: distribution((config) => delete config.loggingConfig),
    problem: /no logging_config/,
  },
  {
    rule: 'SPW-CDN-004',
    name: 'WAF attached',
    pass: distribution(),
    fail: distribution((config) => delete config.webAclId),
    problem: /no web_acl_id/,
  },
  {
    rule: 'SPW-CDN-005',
    name: 'private S3 origin',
    pass: distribution(),
    fail: distribution((config) => delete config.origin[0].originAccessControlId),
    problem: /S3 origin "artifacts" has no origin_access_control_id/,
  },
  {
    rule: 'SPW-CDN-005',
    name: 'custom origins over TLS 1.2',
    pass: distribution((config) => {
      delete config.origin[0].originAccessControlId;
      config.origin[0].customOriginConfig = { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] };
    }),
    fail: distribution((config) => {
      config.origin[0].customOriginConfig = { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'match-viewer', originSslProtocols: ['TLSv1', 'TLSv1.2'] };
    }),
    problem: /origin_protocol_policy is "match-viewer".*origin_ssl_protocols allows TLSv1/,
  },
  {
    rule: 'SPW-WAF-001',
    name: 'rate-based rule',
    pass: webAcl([managedRule, rateRule]),
    fail: webAcl([managedRule]),
    problem: /no rule with a rate_based_statement/,
    address: /^aws_wafv2_web_acl\.acl$/,
  },
  {
    rule: 'SPW-WAF-002',
    name: 'managed rule groups',
    pass: webAcl([managedRule, rateRule]),
    fail: webAcl([rateRule]),
    problem: /no rule with a managed_rule_group_statement/,
  },
  {
    rule: 'SPW-GA-001',
    name: 'accelerator flow logs',
    pass: (scope, provider) => {
      const logs = bucket(scope, provider, 'flow-logs', { versioning: 'none' });
      new GlobalacceleratorAccelerator(scope, 'accelerator', {
        provider,
        name: 'front-door',
        attributes: { flowLogsEnabled: true, flowLogsS3Bucket: logs.bucket, flowLogsS3Prefix: 'flow-logs' },
      });
    },
    fail: (scope, provider) => new GlobalacceleratorAccelerator(scope, 'accelerator', { provider, name: 'front-door', attributes: { flowLogsEnabled: false } }),
    problem: /flow_logs_enabled is false, not true/,
    address: /^aws_globalaccelerator_accelerator\.accelerator$/,
  },
  {
    rule: 'SPW-ELB-001',
    name: 'TLS listener policy',
    pass: listener('TLS', 'ELBSecurityPolicy-TLS13-1-2-2021-06'),
    fail: listener('TLS'),
    problem: /TLS listener ssl_policy is "unset \(ELBSecurityPolicy-2016-08, TLS 1.0\)"/,
    address: /^aws_lb_listener\.listener$/,
  },
  {
    rule: 'SPW-WAF-003',
    name: 'WAF logging configured',
    pass: webAcl([managedRule, rateRule], (scope, provider, acl) => {
      new WebAclLogging(scope, 'logging', { provider, webAclName: 'cdn', webAclArn: acl.arn, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1', retentionDays: 90 });
    }),
    fail: webAcl([managedRule, rateRule]),
    problem: /has no aws_wafv2_web_acl_logging_configuration/,
    address: /^aws_wafv2_web_acl\.acl$/,
  },
  {
    rule: 'SPW-WAF-003',
    name: 'WAF log destination named aws-waf-logs-*',
    pass: webAcl([managedRule, rateRule], wafLogsTo('aws-waf-logs-cdn', ['authorization'])),
    fail: webAcl([managedRule, rateRule], wafLogsTo('/waf/cdn', ['authorization'])),
    problem: /does not name an aws-waf-logs-\* destination/,
  },
  {
    rule: 'SPW-WAF-003',
    name: 'WAF logs redact the authorization header',
    pass: webAcl([managedRule, rateRule], wafLogsTo('aws-waf-logs-cdn', ['Authorization', 'x-api-key'])),
    fail: webAcl([managedRule, rateRule], wafLogsTo('aws-waf-logs-cdn', ['x-api-key'])),
    problem: /redacted_fields does not redact the authorization header/,
  },
  {
    rule: 'SPW-ELB-002',
    name: 'load balancer deletion protection',
    pass: (scope, provider) => new Lb(scope, 'nlb', { provider, loadBalancerType: 'network', internal: true, subnets: ['subnet-1'], enableDeletionProtection: true }),
    fail: (scope, provider) => new Lb(scope, 'nlb', { provider, loadBalancerType: 'network', internal: true, subnets: ['subnet-1'] }),
    problem: /enable_deletion_protection is "unset \(false\)", not true/,
    address: /^aws_lb\.nlb$/,
  },
];
