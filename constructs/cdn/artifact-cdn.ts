import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontCachePolicy } from '@cdktf/provider-aws/lib/cloudfront-cache-policy';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { PrivateBucket } from '../primitives/private-bucket';
import { waiveGuardrail } from '../primitives/guardrail-waiver';

/** CloudFront's minimum viewer protocol when a custom certificate is attached. */
export const CUSTOM_CERTIFICATE_MINIMUM_PROTOCOL = 'TLSv1.2_2021';

export interface ArtifactCdnProps {
  /** Provider for CloudFront resources (global; us-east-1 by convention). */
  readonly provider: TerraformProvider;
  /** Provider of the region that holds the origin and log buckets (the primary region). */
  readonly bucketProvider: TerraformProvider;
  /** Prefix of the names of account-wide CloudFront policies: unique per environment. */
  readonly name: string;
  /**
   * Exact name of the artifact bucket; otherwise generated from `artifactBucketPrefix`.
   * @default none: Terraform generates a unique name starting with `artifactBucketPrefix`
   */
  readonly artifactBucketName?: string;
  /** Start of the generated artifact bucket name (at most 37 characters); unused when `artifactBucketName` is set. */
  readonly artifactBucketPrefix: string;
  /**
   * Exact name of the log bucket; otherwise generated from `logBucketPrefix`.
   * @default none: Terraform generates a unique name starting with `logBucketPrefix`
   */
  readonly logBucketName?: string;
  /** Start of the generated log bucket name (at most 37 characters); unused when `logBucketName` is set. */
  readonly logBucketPrefix: string;
  /** Days before CloudFront log objects expire. @default 90 */
  readonly logRetentionDays?: number;
  /** Custom domain names; need `certificateArn`. @default none */
  readonly aliases?: readonly string[];
  /**
   * ACM certificate in us-east-1 for `aliases`. With it viewers need TLS 1.2 or later (TLSv1.2_2021).
   * Without it the distribution uses the *.cloudfront.net certificate, for which CloudFront fixes the
   * security policy at TLSv1 and does not let it be raised.
   * @default the default CloudFront certificate
   */
  readonly certificateArn?: string;
  /**
   * Region of an Origin Shield cache layer in front of the artifact bucket, to cut origin fetches.
   * @default Origin Shield off
   */
  readonly originShieldRegion?: string;
  /** What viewers on plain HTTP get: refused (`https-only`) or redirected to HTTPS. @default https-only */
  readonly viewerProtocolPolicy?: 'https-only' | 'redirect-to-https';
  /** Path patterns of immutable, versioned objects, each cached for `immutableTtlSeconds`. */
  readonly immutablePathPatterns: readonly string[];
  /** Default and maximum cache TTL of objects under `immutablePathPatterns`. @default one year (31,536,000) */
  readonly immutableTtlSeconds?: number;
  /** Cache TTL of every other object when the origin sends no `Cache-Control`. @default 60 */
  readonly mutableDefaultTtlSeconds?: number;
  /** Longest cache TTL of every other object, whatever its `Cache-Control` asks. @default 300 */
  readonly mutableMaxTtlSeconds?: number;
  /** ARN of a CLOUDFRONT-scope WAF web ACL. @default none */
  readonly webAclArn?: string;
  /**
   * Customer KMS key (in the bucket region) for SSE-KMS of the artifact bucket. Its policy must let this
   * distribution decrypt (`CustomerKey.allowCloudFrontDistribution` with `distributionArn`).
   * @default SSE-S3 (fails guardrail SPW-S3-007)
   */
  readonly artifactKmsKeyArn?: string;
  /** Where S3 server access logs of the artifact bucket go (`RegionalLogBucket.accessLogsFor`). @default no access logging */
  readonly artifactAccessLogs?: { readonly targetBucket: string; readonly targetPrefix: string };
  /** Days replaced or deleted artifact versions stay restorable. @default 90 */
  readonly artifactNoncurrentVersionDays?: number;
}

/**
 * A CDN for static files and published model artifacts: a private, versioned, encrypted S3 bucket read
 * only by this distribution through Origin Access Control (SigV4), year-long caching with compression for
 * immutable versioned paths and a short TTL for everything else, HTTP/2 and HTTP/3, HTTPS-only viewers,
 * security response headers, standard logs to their own bucket, and an optional WAF web ACL.
 */
export class ArtifactCdn extends Construct {
  readonly artifactBucket: PrivateBucket;
  readonly logBucket: PrivateBucket;
  readonly distributionArn: string;
  readonly distributionId: string;
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ArtifactCdnProps) {
    super(scope, id);
    const { provider } = props;
    const immutableTtl = props.immutableTtlSeconds ?? 31_536_000;
    const viewerProtocolPolicy = props.viewerProtocolPolicy ?? 'https-only';

    this.artifactBucket = new PrivateBucket(this, 'artifacts', {
      provider: props.bucketProvider,
      bucketName: props.artifactBucketName,
      bucketPrefix: props.artifactBucketName === undefined ? props.artifactBucketPrefix : undefined,
      versioning: true,
      noncurrentVersionDays: props.artifactNoncurrentVersionDays ?? 90,
      kmsKeyArn: props.artifactKmsKeyArn,
      accessLogs: props.artifactAccessLogs,
    });
    // Standard logging writes through the bucket ACL: CloudFront grants its log delivery account
    // FULL_CONTROL when the distribution is created, which needs ACLs enabled (BucketOwnerPreferred).
    this.logBucket = new PrivateBucket(this, 'logs', {
      provider: props.bucketProvider,
      bucketName: props.logBucketName,
      bucketPrefix: props.logBucketName === undefined ? props.logBucketPrefix : undefined,
      objectOwnership: 'BucketOwnerPreferred',
      versioning: true,
      expireAfterDays: props.logRetentionDays ?? 90,
    });
    waiveGuardrail(this.logBucket, 'SPW-S3-008', 'The CloudFront log bucket: access logging it would log the log deliveries (CKV_AWS_18 accepted here).');
    this.logBucket.attachPolicy();

    const originAccess = new CloudfrontOriginAccessControl(this, 'origin-access-control', {
      provider,
      name: `${props.name}-artifacts`,
      description: 'CloudFront reads the artifact bucket with SigV4-signed requests',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });

    const cacheKey = {
      cookiesConfig: { cookieBehavior: 'none' },
      headersConfig: { headerBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: 'none' },
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    };
    const immutablePolicy = new CloudfrontCachePolicy(this, 'immutable-cache-policy', {
      provider,
      name: `${props.name}-immutable`,
      comment: 'Versioned paths whose objects never change: cached up to a year, compressed',
      minTtl: 0,
      defaultTtl: immutableTtl,
      maxTtl: immutableTtl,
      parametersInCacheKeyAndForwardedToOrigin: cacheKey,
    });
    const mutablePolicy = new CloudfrontCachePolicy(this, 'mutable-cache-policy', {
      provider,
      name: `${props.name}-mutable`,
      comment: 'Mutable paths (indexes, manifests): short TTL',
      minTtl: 0,
      defaultTtl: props.mutableDefaultTtlSeconds ?? 60,
      maxTtl: props.mutableMaxTtlSeconds ?? 300,
      parametersInCacheKeyAndForwardedToOrigin: cacheKey,
    });

    const headers = new CloudfrontResponseHeadersPolicy(this, 'security-headers', {
      provider,
      name: `${props.name}-security-headers`,
      comment: 'HSTS, nosniff, no framing, strict referrer, restrictive CSP',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: 'DENY', override: true },
        referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
          override: true,
        },
      },
    });

    const originId = 'artifacts';
    const behavior = {
      targetOriginId: originId,
      viewerProtocolPolicy,
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      responseHeadersPolicyId: headers.id,
    };
    const customCertificate = props.certificateArn !== undefined;

    const distribution = new CloudfrontDistribution(this, 'distribution', {
      provider,
      enabled: true,
      comment: `${props.name}: static files and model artifacts`,
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      aliases: props.aliases && props.aliases.length > 0 ? [...props.aliases] : undefined,
      origin: [
        {
          originId,
          domainName: this.artifactBucket.regionalDomainName,
          originAccessControlId: originAccess.id,
          originShield: props.originShieldRegion ? { enabled: true, originShieldRegion: props.originShieldRegion } : undefined,
        },
      ],
      defaultCacheBehavior: { ...behavior, cachePolicyId: mutablePolicy.id },
      orderedCacheBehavior: props.immutablePathPatterns.map((pathPattern) => ({
        ...behavior,
        pathPattern,
        cachePolicyId: immutablePolicy.id,
      })),
      viewerCertificate: customCertificate
        ? { acmCertificateArn: props.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: CUSTOM_CERTIFICATE_MINIMUM_PROTOCOL }
        : { cloudfrontDefaultCertificate: true },
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      loggingConfig: { bucket: this.logBucket.domainName, prefix: 'cloudfront/', includeCookies: false },
      webAclId: props.webAclArn,
      dependsOn: [...this.logBucket.ready],
    });
    this.distributionArn = distribution.arn;
    this.distributionId = distribution.id;
    this.domainName = distribution.domainName;

    // Only this distribution, signing with OAC, may read objects.
    this.artifactBucket.attachPolicy([
      {
        Sid: 'CloudFrontReadThisDistributionOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${this.artifactBucket.arn}/*`,
        Condition: { StringEquals: { 'aws:SourceArn': distribution.arn } },
      },
    ]);
  }
}
