import { ArtifactCdn, CUSTOM_CERTIFICATE_MINIMUM_PROTOCOL } from '../../../../constructs/cdn/artifact-cdn';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/12345678-1234-1234-1234-123456789012';

function synth(extra: Partial<ConstructorParameters<typeof ArtifactCdn>[2]> = {}) {
  return synthWithAws(
    (scope, provider) =>
      new ArtifactCdn(scope, 'cdn', {
        provider,
        bucketProvider: provider,
        name: 'spillway-test',
        artifactBucketPrefix: 'spillway-test-cdn-',
        logBucketPrefix: 'spillway-test-cdnlog-',
        immutablePathPatterns: ['/models/*', '/static/v*/*'],
        webAclArn: 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/test/abc',
        ...extra,
      }),
  );
}

/** The bucket policy of the bucket whose id resource name contains `part`. */
function policyOf(result: any, part: string): any {
  const entry = Object.entries(result.resource.aws_s3_bucket_policy).find(([id]) => id.includes(part));
  return JSON.parse((entry![1] as any).policy);
}

describe('ArtifactCdn', () => {
  it('lets only this distribution read the artifact bucket, and only over TLS', () => {
    const result = synth();
    const distributionId = Object.keys(result.resource.aws_cloudfront_distribution)[0];
    const policy = policyOf(result, 'artifacts');
    const allows = policy.Statement.filter((statement: any) => statement.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'CloudFrontReadThisDistributionOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: expect.stringMatching(/\/\*$/),
        Condition: { StringEquals: { 'aws:SourceArn': `\${aws_cloudfront_distribution.${distributionId}.arn}` } },
      },
    ]);
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('reads the bucket through SigV4 Origin Access Control', () => {
    const result = synth();
    expect(onlyResource(result, 'aws_cloudfront_origin_access_control')).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    const origin = onlyResource(result, 'aws_cloudfront_distribution').origin[0];
    expect(origin.origin_access_control_id).toMatch(/aws_cloudfront_origin_access_control\./);
    expect(origin.domain_name).toMatch(/bucket_regional_domain_name/);
  });

  it('caches immutable paths for a year with compression and everything else briefly', () => {
    const result = synth();
    const distribution = onlyResource(result, 'aws_cloudfront_distribution');
    expect(distribution.http_version).toBe('http2and3');
    expect(distribution.ordered_cache_behavior.map((behavior: any) => behavior.path_pattern)).toEqual(['/models/*', '/static/v*/*']);
    const policies = resourcesOf(result, 'aws_cloudfront_cache_policy');
    const immutable = policies.find((policy) => policy.name.endsWith('-immutable'));
    const mutable = policies.find((policy) => policy.name.endsWith('-mutable'));
    expect(immutable).toMatchObject({ default_ttl: 31536000, max_ttl: 31536000 });
    expect(immutable.parameters_in_cache_key_and_forwarded_to_origin).toMatchObject({ enable_accept_encoding_gzip: true, enable_accept_encoding_brotli: true });
    expect(mutable).toMatchObject({ default_ttl: 60, max_ttl: 300 });
    for (const behavior of [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior]) {
      expect(behavior.viewer_protocol_policy).toBe('https-only');
      expect(behavior.compress).toBe(true);
      expect(behavior.response_headers_policy_id).toMatch(/aws_cloudfront_response_headers_policy\./);
    }
  });

  it('requires TLS 1.2 (TLSv1.2_2021) with a custom certificate and aliases', () => {
    const result = synth({ aliases: ['cdn.example.com'], certificateArn });
    const distribution = onlyResource(result, 'aws_cloudfront_distribution');
    expect(CUSTOM_CERTIFICATE_MINIMUM_PROTOCOL).toBe('TLSv1.2_2021');
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: certificateArn,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(distribution.aliases).toEqual(['cdn.example.com']);
  });

  it('falls back to the default CloudFront certificate without aliases', () => {
    const distribution = onlyResource(synth(), 'aws_cloudfront_distribution');
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
  });

  it('attaches the web ACL and logs to an ACL-enabled log bucket', () => {
    const result = synth();
    const distribution = onlyResource(result, 'aws_cloudfront_distribution');
    expect(distribution.web_acl_id).toBe('arn:aws:wafv2:us-east-1:111122223333:global/webacl/test/abc');
    expect(distribution.logging_config.bucket).toMatch(/\.bucket_domain_name\}$/);
    const ownership = resourcesOf(result, 'aws_s3_bucket_ownership_controls').map((control) => control.rule.object_ownership).sort();
    expect(ownership).toEqual(['BucketOwnerEnforced', 'BucketOwnerPreferred']);
    const headers = onlyResource(result, 'aws_cloudfront_response_headers_policy').security_headers_config;
    expect(headers.strict_transport_security.access_control_max_age_sec).toBeGreaterThanOrEqual(31536000);
    expect(headers.frame_options.frame_option).toBe('DENY');
  });
});

describe('ArtifactCdn with a customer key and access logs', () => {
  const result = synth({
    artifactKmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/artifacts',
    artifactAccessLogs: { targetBucket: 'logs', targetPrefix: 's3/cdn-artifacts/' },
  });
  const ofBucket = (type: string, part: string) => Object.entries(result.resource[type]).filter(([id]) => id.includes(part)).map(([, body]) => body as any);

  it('encrypts artifacts with SSE-KMS and a bucket key, logs access, and expires old versions after 90 days', () => {
    const [sse] = ofBucket('aws_s3_bucket_server_side_encryption_configuration', 'artifacts');
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:us-west-2:111122223333:key/artifacts' });
    expect(sse.rule[0].bucket_key_enabled).toBe(true);
    expect(onlyResource(result, 'aws_s3_bucket_logging')).toMatchObject({ target_bucket: 'logs', target_prefix: 's3/cdn-artifacts/' });
    const [lifecycle] = ofBucket('aws_s3_bucket_lifecycle_configuration', 'artifacts');
    expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
  });

  it('keeps the standard-log bucket on SSE-S3 and versioned', () => {
    const [sse] = ofBucket('aws_s3_bucket_server_side_encryption_configuration', 'logs');
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    expect(ofBucket('aws_s3_bucket_versioning', 'logs')[0].versioning_configuration.status).toBe('Enabled');
  });
});
