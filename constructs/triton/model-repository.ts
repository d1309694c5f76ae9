import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { PrivateBucket } from '../primitives/private-bucket';
import { PolicyStatement } from '../primitives/iam-documents';
import { addPodIdentityRole } from '../primitives/pod-identity-role';
import { TRITON_NAMESPACE, TRITON_SERVICE_ACCOUNT } from '../../model/contracts';

export interface ModelRepositoryProps {
  /** AWS provider of the region the bucket and Triton's read role are created in. */
  readonly provider: TerraformProvider;
  /** Exact, globally unique bucket name (model/names.ts `modelBucketName`). */
  readonly bucketName: string;
  /** Key prefix of the Triton model repository, without slashes at either end, e.g. `triton`. */
  readonly keyPrefix: string;
  /** config.pbtxt text per object key (`<keyPrefix>/<model>/config.pbtxt`), from `modelConfigs`. */
  readonly modelConfigs: ReadonlyMap<string, string>;
  /** Cluster whose Triton pods get the read role through EKS Pod Identity. */
  readonly clusterName: string;
  /** Namespace of Triton's service account, for the Pod Identity association. @default "inference" */
  readonly namespace?: string;
  /** Triton's service account, which the read role is bound to. @default "triton-inference-server" */
  readonly serviceAccount?: string;
  /** Days noncurrent object versions (replaced weights and configs) are kept. @default 90 */
  readonly noncurrentVersionDays?: number;
  /**
   * Customer KMS key for SSE-KMS (with a bucket key); its policy must let Triton's role decrypt through S3.
   * @default SSE-S3 (fails guardrail SPW-S3-007)
   */
  readonly kmsKeyArn?: string;
  /** Where S3 server access logs of the bucket go (`RegionalLogBucket.accessLogsFor`). @default no access logging */
  readonly accessLogs?: { readonly targetBucket: string; readonly targetPrefix: string };
  /** Something the association must wait for, e.g. the pod identity agent add-on. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Triton's model repository in one region: a private, versioned, encrypted S3 bucket (TLS only, ACLs off,
 * public access blocked), one generated `config.pbtxt` object per configured model, and the IAM role Triton
 * reads it with. The role may only GetObject under `<bucket>/<keyPrefix>/` and ListBucket with an s3:prefix
 * inside it; it is bound to Triton's service account by EKS Pod Identity. The bucket policy grants nobody
 * anything: it only denies requests without TLS. Model weights are published out of band (`aws s3 cp`), so
 * Terraform never re-uploads gigabytes on apply.
 */
export class ModelRepository extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** `s3://<bucket>/<keyPrefix>`: Triton's --model-repository. */
  readonly uri: string;
  readonly roleArn: string;
  readonly roleName: string;
  /** The IAM statements of the read role, for review and tests. */
  readonly readStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: ModelRepositoryProps) {
    super(scope, id);
    const { provider, keyPrefix } = props;
    if (keyPrefix === '' || keyPrefix.startsWith('/') || keyPrefix.endsWith('/')) {
      throw new Error(`ModelRepository keyPrefix "${keyPrefix}" must be non-empty without leading or trailing "/"`);
    }

    const bucket = new PrivateBucket(this, 'bucket', {
      provider,
      bucketName: props.bucketName,
      versioning: true,
      kmsKeyArn: props.kmsKeyArn,
      accessLogs: props.accessLogs,
    });
    bucket.attachPolicy();
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: bucket.bucketName,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.arn;
    this.uri = `s3://${props.bucketName}/${keyPrefix}`;

    for (const [key, content] of props.modelConfigs) {
      if (!key.startsWith(`${keyPrefix}/`)) throw new Error(`ModelRepository: object key "${key}" is outside the prefix "${keyPrefix}/"`);
      const model = key.slice(keyPrefix.length + 1).split('/')[0];
      new S3Object(this, `config-${model}`, {
        provider,
        bucket: bucket.bucketName,
        key,
        content,
        contentType: 'text/plain; charset=utf-8',
        dependsOn: bucket.ready,
      });
    }

    // Bucket ARN built from the known name: the statements are plain data for tests and the plan.
    const bucketArn = `arn:aws:s3:::${props.bucketName}`;
    this.readStatements = [
      { Sid: 'ReadModels', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/${keyPrefix}/*` },
      {
        Sid: 'ListModels',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: bucketArn,
        Condition: { StringLike: { 's3:prefix': [keyPrefix, `${keyPrefix}/*`] } },
      },
    ];

    const role = addPodIdentityRole(this, {
      provider,
      name: `${props.clusterName}-triton`,
      description: `Triton Inference Server of EKS cluster ${props.clusterName}: reads ${this.uri}`,
      clusterName: props.clusterName,
      serviceAccount: { namespace: props.namespace ?? TRITON_NAMESPACE, name: props.serviceAccount ?? TRITON_SERVICE_ACCOUNT },
      dependsOn: props.dependsOn,
      policy: { inline: { name: 'read-model-repository', statements: this.readStatements } },
      ids: { role: 'triton-role', policy: 'triton-read-models', association: 'triton-pod-identity' },
    });
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
  }
}
