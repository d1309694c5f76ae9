import { EDGE_RULES } from '../../../../constructs/guardrails/edge-rules';
import { coveredRules, describeRuleCases, violationsOf } from './helpers';
import { EDGE_CASES } from './cases/edge-cases';
import { bucket } from './cases/storage-cases';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';

describe('edge rules', () => {
  // GUARDRAIL_RULES is the union of the groups, so this keeps every rule tested both ways.
  it('each has a passing and a failing case here', () => {
    expect(coveredRules(EDGE_CASES).sort()).toEqual(EDGE_RULES.map((rule) => rule.id).sort());
  });

  describeRuleCases(EDGE_CASES);
});

describe('log buckets', () => {
  it('a bucket CloudFront writes logs to needs no versioning; a bucket no one logs to does', () => {
    const build = (withLogging: boolean) => (scope: any, provider: any) => {
      const logs = bucket(scope, provider, 'logs', { versioning: 'none' });
      new CloudfrontDistribution(scope, 'cdn', {
        provider,
        enabled: true,
        origin: [{ originId: 'o', domainName: 'example.com', customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] } }],
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only', allowedMethods: ['GET', 'HEAD'], cachedMethods: ['GET', 'HEAD'] },
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: { cloudfrontDefaultCertificate: true },
        loggingConfig: withLogging ? { bucket: logs.bucketDomainName } : undefined,
      });
    };
    expect(violationsOf('SPW-S3-004', build(true))).toEqual([]);
    expect(violationsOf('SPW-S3-004', build(false)).map((violation) => violation.address)).toEqual(['aws_s3_bucket.logs']);
  });
});
