import { Testing } from 'cdktf';
import { exampleConfig, synthesizedStacks } from '../../support/fixtures';

const { infra } = synthesizedStacks();
const synth = JSON.parse(Testing.synth(infra));

/** Data sources evaluated by Terraform itself, without an AWS API call; nothing else may appear in InfraStack. */
const PROVIDER_LOCAL_DATA_SOURCES = ['aws_iam_policy_document', 'aws_partition'];

describe('InfraStack', () => {
  it('has one aliased AWS provider per region, each with the default tags', () => {
    // Plus `global` (us-east-1) for the CDN's CLOUDFRONT-scope WAF, since no example region is us-east-1.
    expect(synth.provider.aws.map((provider: any) => provider.alias)).toEqual([...exampleConfig.regions.map((region) => region.name), 'global']);
    for (const provider of synth.provider.aws) {
      expect(provider.default_tags[0].tags).toMatchObject({ ...exampleConfig.tags, 'spillway:environment': 'example' });
    }
  });

  it('pins the AWS provider exactly', () => {
    expect(synth.terraform.required_providers.aws.version).toBe('5.100.0');
  });

  it('uses no data source that calls an AWS API, so preview mode never does', () => {
    const dataTypes = Object.keys(synth.data ?? {});
    expect(dataTypes.filter((type) => !PROVIDER_LOCAL_DATA_SOURCES.includes(type))).toEqual([]);
  });

  it('builds a private, encrypted cluster in every region', () => {
    const clusters = Object.values(synth.resource.aws_eks_cluster) as any[];
    expect(clusters.map((cluster) => cluster.name).sort()).toEqual(['spillway-example-eu-west-1', 'spillway-example-us-west-2']);
    for (const cluster of clusters) {
      expect(cluster.vpc_config.endpoint_public_access).toBe(false);
      expect(cluster.encryption_config.resources).toEqual(['secrets']);
    }
  });

  it('keeps every regional resource on its own region provider', () => {
    for (const [type, resources] of Object.entries<Record<string, any>>(synth.resource)) {
      for (const [name, resource] of Object.entries(resources)) {
        const region = exampleConfig.regions.find((candidate) => name.startsWith(`${candidate.name}_`));
        if (region) expect([type, name, resource.provider]).toEqual([type, name, `aws.${region.name}`]);
      }
    }
  });

  it('outputs what operators and the workloads stacks need', () => {
    for (const region of exampleConfig.regions) {
      for (const key of ['cluster-name', 'cluster-endpoint', 'cluster-certificate-authority', 'vpc-id']) {
        expect(synth.output).toHaveProperty(`${region.name}-${key}`);
      }
    }
  });
});
