import { Testing, TerraformStack, Aspects } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { PreventDestroyAspect } from '../../../../constructs/guardrails/prevent-destroy';
import { parseConfig, EXAMPLE_CONFIG_PATH } from '../../../../config/load';
import { synthesizedStacks } from '../../../support/fixtures';
import * as fs from 'fs';
import { parse, stringify } from 'yaml';
import { PROTECTED_RESOURCE_TYPES, ProtectedResourceType } from '../../../../model/contracts';

function synth(allowDestroy: ProtectedResourceType[] = []): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  new S3Bucket(stack, 'bucket', { provider, bucket: 'spillway-test-bucket' });
  new KmsKey(stack, 'key', { provider, enableKeyRotation: true });
  new IamRole(stack, 'role', { provider, assumeRolePolicy: '{}' });
  new EksNodeGroup(stack, 'nodes', {
    provider,
    clusterName: 'c1',
    nodeRoleArn: 'arn:aws:iam::111122223333:role/node',
    subnetIds: ['subnet-a'],
    scalingConfig: { minSize: 0, maxSize: 1, desiredSize: 0 },
    lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
  });
  Aspects.of(stack).add(new PreventDestroyAspect(allowDestroy));
  return JSON.parse(Testing.synth(stack));
}

describe('PreventDestroyAspect', () => {
  it('protects stateful resources and leaves the rest alone', () => {
    const resources = synth().resource;
    expect(resources.aws_s3_bucket.bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources.aws_kms_key.key.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources.aws_iam_role.role.lifecycle).toBeUndefined();
  });

  it('keeps lifecycle settings a construct already had', () => {
    expect(synth().resource.aws_eks_node_group.nodes.lifecycle).toEqual({
      ignore_changes: ['scaling_config[0].desired_size'],
      prevent_destroy: true,
    });
  });

  it('lifts protection only from the types allowed to be destroyed', () => {
    const resources = synth(['aws_s3_bucket']).resource;
    expect(resources.aws_s3_bucket.bucket.lifecycle).toBeUndefined();
    expect(resources.aws_kms_key.key.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe('prevent_destroy in the example InfraStack', () => {
  const { infra } = synthesizedStacks();
  const resources = JSON.parse(Testing.synth(infra)).resource;

  it.each(PROTECTED_RESOURCE_TYPES)('every %s is protected', (type) => {
    const ofType = Object.values(resources[type] ?? {}) as any[];
    expect(ofType.length).toBeGreaterThan(0);
    for (const resource of ofType) expect(resource.lifecycle?.prevent_destroy).toBe(true);
  });
});

describe('stateSafety.allowDestroy', () => {
  const example = parse(fs.readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));

  it('needs a reason', () => {
    example.stateSafety = { allowDestroy: [{ resourceType: 'aws_s3_bucket', reason: 'because' }] };
    expect(() => parseConfig(stringify(example))).toThrow(/stateSafety\.allowDestroy\[0\]\.reason: say why in a sentence/);
  });

  it('accepts only protected resource types', () => {
    example.stateSafety = { allowDestroy: [{ resourceType: 'aws_iam_role', reason: 'rotating the role for the audit' }] };
    expect(() => parseConfig(stringify(example))).toThrow(/stateSafety\.allowDestroy\[0\]\.resourceType: Invalid enum value\. Expected 'aws_eks_cluster'/);
  });
});
