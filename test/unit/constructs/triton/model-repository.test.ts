import { ModelRepository } from '../../../../constructs/triton/model-repository';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const configs = new Map([
  ['triton/resnet50/config.pbtxt', 'name: "resnet50"\n'],
  ['triton/text-embedder/config.pbtxt', 'name: "text-embedder"\n'],
]);

const synth = synthWithAws((scope, provider) => {
  new ModelRepository(scope, 'models', {
    provider,
    bucketName: 'acme-spillway-example-models-us-west-2',
    keyPrefix: 'triton',
    modelConfigs: configs,
    clusterName: 'spillway-example-us-west-2',
  });
});

const statementsOf = (json: string) => JSON.parse(json).Statement as any[];

describe('ModelRepository', () => {
  it('is a versioned, encrypted bucket with public access blocked and ACLs disabled', () => {
    expect(onlyResource(synth, 'aws_s3_bucket').bucket).toBe('acme-spillway-example-models-us-west-2');
    expect(onlyResource(synth, 'aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    const sse = onlyResource(synth, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule[0].apply_server_side_encryption_by_default.sse_algorithm).toMatch(/^(AES256|aws:kms)$/);
    const block = onlyResource(synth, 'aws_s3_bucket_public_access_block');
    expect([block.block_public_acls, block.block_public_policy, block.ignore_public_acls, block.restrict_public_buckets]).toEqual([true, true, true, true]);
    expect(onlyResource(synth, 'aws_s3_bucket_ownership_controls').rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  it('has a bucket policy that only denies requests without TLS and grants nobody anything', () => {
    const statements = statementsOf(onlyResource(synth, 'aws_s3_bucket_policy').policy);
    expect(statements.filter((statement) => statement.Effect === 'Allow')).toEqual([]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  it('uploads one config.pbtxt per model under the prefix, and nothing else', () => {
    const objects = resourcesOf(synth, 'aws_s3_object');
    expect(objects.map((object) => [object.key, object.content])).toEqual([...configs.entries()]);
  });

  it('lets the Triton role read only objects under <bucket>/<prefix>/ and list only inside the prefix', () => {
    const policy = statementsOf(onlyResource(synth, 'aws_iam_role_policy').policy);
    expect(policy).toEqual([
      { Sid: 'ReadModels', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-spillway-example-models-us-west-2/triton/*' },
      {
        Sid: 'ListModels',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::acme-spillway-example-models-us-west-2',
        Condition: { StringLike: { 's3:prefix': ['triton', 'triton/*'] } },
      },
    ]);
    for (const statement of policy) {
      expect(JSON.stringify(statement)).not.toMatch(/"\*"|s3:\*|Put|Delete/);
    }
  });

  it('is assumed only through EKS Pod Identity, bound to Triton’s service account in the inference namespace', () => {
    const trust = statementsOf(onlyResource(synth, 'aws_iam_role').assume_role_policy);
    expect(trust).toEqual([{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    const association = onlyResource(synth, 'aws_eks_pod_identity_association');
    expect(association).toMatchObject({ cluster_name: 'spillway-example-us-west-2', namespace: 'inference', service_account: 'triton-inference-server' });
    expect(association.role_arn).toMatch(/^\$\{aws_iam_role\./);
  });

  it('refuses a prefix with slashes at its ends and objects outside the prefix', () => {
    expect(() =>
      synthWithAws((scope, provider) => {
        new ModelRepository(scope, 'bad', { provider, bucketName: 'b-models', keyPrefix: 'triton/', modelConfigs: new Map(), clusterName: 'c' });
      }),
    ).toThrow(/without leading or trailing/);
    expect(() =>
      synthWithAws((scope, provider) => {
        new ModelRepository(scope, 'bad', { provider, bucketName: 'b-models', keyPrefix: 'triton', modelConfigs: new Map([['other/m/config.pbtxt', '']]), clusterName: 'c' });
      }),
    ).toThrow(/outside the prefix/);
  });
});

describe('ModelRepository with a customer key and access logs', () => {
  const withKey = synthWithAws((scope, provider) => {
    new ModelRepository(scope, 'models', {
      provider,
      bucketName: 'acme-spillway-example-models-us-west-2',
      keyPrefix: 'triton',
      modelConfigs: configs,
      clusterName: 'spillway-example-us-west-2',
      kmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/models',
      accessLogs: { targetBucket: 'logs', targetPrefix: 's3/model-repository/' },
    });
  });

  it('encrypts with SSE-KMS and a bucket key, and logs access', () => {
    expect(onlyResource(withKey, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:us-west-2:111122223333:key/models' },
      bucket_key_enabled: true,
    });
    expect(onlyResource(withKey, 'aws_s3_bucket_logging')).toMatchObject({ target_bucket: 'logs', target_prefix: 's3/model-repository/' });
  });

  it('uploads config.pbtxt only after the default encryption is set, so it is encrypted with the key', () => {
    for (const object of resourcesOf(withKey, 'aws_s3_object')) {
      expect(object.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_server_side_encryption_configuration\./)]));
    }
  });
});
