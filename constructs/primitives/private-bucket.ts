import { Construct } from 'constructs';
import { ITerraformDependable, Lazy, TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { PolicyStatement, policyDocument } from './iam-documents';

export interface PrivateBucketProps {
  /** AWS provider of the region the bucket is created in. */
  readonly provider: TerraformProvider;
  /**
   * Exact bucket name. One of `bucketName` and `bucketPrefix` is required.
   * @default none: then `bucketPrefix` must be set (the constructor throws unless exactly one is)
   */
  readonly bucketName?: string;
  /**
   * Terraform generates a unique name starting with this (at most 37 characters).
   * @default none: then `bucketName` must be set (the constructor throws unless exactly one is)
   */
  readonly bucketPrefix?: string;
  /**
   * Keep noncurrent object versions; with `expireAfterDays` they expire after the same number of days.
   * @default false
   */
  readonly versioning?: boolean;
  /**
   * Days after which objects (and noncurrent versions) expire.
   * @default never
   */
  readonly expireAfterDays?: number;
  /**
   * `BucketOwnerEnforced` disables ACLs; CloudFront standard logging needs `BucketOwnerPreferred` so that
   * it can grant its log delivery account access through the bucket ACL.
   * @default BucketOwnerEnforced
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * Customer KMS key for SSE-KMS with an S3 bucket key (one KMS call per bucket key, not per object).
   * Leave it out for log buckets: S3 server access logging can deliver only to SSE-S3 buckets.
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * Days noncurrent versions of a versioned bucket are kept, when objects themselves never expire
   * (`expireAfterDays` unset): overwritten or deleted data can be restored for that long, then it is gone.
   * @default noncurrent versions are kept until `expireAfterDays`, or forever without it
   */
  readonly noncurrentVersionDays?: number;
  /** Server access logs of this bucket go to `targetBucket` under `targetPrefix`. @default no access logging */
  readonly accessLogs?: { readonly targetBucket: string; readonly targetPrefix: string };
}

/**
 * An S3 bucket that can never be public: public access block, SSE-S3 or SSE-KMS (customer key, bucket key)
 * encryption, owner-controlled objects, optional versioning, expiry and server access logging. `attachPolicy`
 * adds the bucket policy, which always denies requests without TLS.
 */
export class PrivateBucket extends Construct {
  readonly bucketName: string;
  readonly arn: string;
  readonly regionalDomainName: string;
  /** The bucket's DNS name for clients that need the global form (CloudFront standard logging). */
  readonly domainName: string;
  /** Resources to depend on before the bucket is used (ACL ownership, public access block). */
  readonly ready: ITerraformDependable[];
  private readonly provider: TerraformProvider;
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;
  private policy?: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    if ((props.bucketName === undefined) === (props.bucketPrefix === undefined)) {
      throw new Error('PrivateBucket needs exactly one of bucketName and bucketPrefix');
    }
    if (props.noncurrentVersionDays !== undefined && !props.versioning) {
      throw new Error('PrivateBucket noncurrentVersionDays needs versioning: true (an unversioned bucket has no noncurrent versions)');
    }
    const { provider } = props;
    this.provider = provider;

    const bucket = new S3Bucket(this, 'bucket', { provider, bucket: props.bucketName, bucketPrefix: props.bucketPrefix });
    this.bucketName = bucket.bucket;
    this.arn = bucket.arn;
    this.regionalDomainName = bucket.bucketRegionalDomainName;
    this.domainName = bucket.bucketDomainName;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket: bucket.id,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: true,
        },
      ],
    });
    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'access-logging', {
        provider,
        bucket: bucket.id,
        targetBucket: props.accessLogs.targetBucket,
        targetPrefix: props.accessLogs.targetPrefix,
      });
    }
    if (props.versioning) {
      new S3BucketVersioningA(this, 'versioning', { provider, bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    }
    if (props.expireAfterDays === undefined && props.noncurrentVersionDays !== undefined && props.versioning) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        provider,
        bucket: bucket.id,
        rule: [
          {
            id: 'expire-noncurrent-versions',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
    }
    if (props.expireAfterDays !== undefined) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        provider,
        bucket: bucket.id,
        rule: [
          {
            id: 'expire',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            expiration: [{ days: props.expireAfterDays }],
            noncurrentVersionExpiration: props.versioning ? [{ noncurrentDays: props.expireAfterDays }] : undefined,
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
    }
    // Objects written before the default encryption is set would keep SSE-S3.
    this.ready = [this.publicAccessBlock, ownership, encryption];
  }

  /** The statement every bucket policy here starts with: no request without TLS. */
  tlsOnlyStatement(): PolicyStatement {
    return {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [this.arn, `${this.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
  }

  /**
   * Sets the bucket policy: TLS only, plus `statements`. Call once. A function is called at synth, so
   * statements can be added after this call (grants to buckets created later).
   */
  attachPolicy(statements: readonly PolicyStatement[] | (() => readonly PolicyStatement[]) = []): S3BucketPolicy {
    if (this.policy) throw new Error(`${this.node.path}: the bucket policy is already attached`);
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider: this.provider,
      bucket: this.bucketName,
      policy:
        typeof statements === 'function'
          ? Lazy.stringValue({ produce: () => policyDocument([this.tlsOnlyStatement(), ...statements()]) })
          : policyDocument([this.tlsOnlyStatement(), ...statements]),
      // S3 rejects policy changes while the public access block is being written.
      dependsOn: [this.publicAccessBlock],
    });
    return this.policy;
  }
}
