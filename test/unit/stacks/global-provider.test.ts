import { parse, stringify } from 'yaml';
import * as fs from 'fs';
import { Testing } from 'cdktf';
import { EXAMPLE_CONFIG_PATH, parseConfig } from '../../../config/load';
import { buildStacks } from '../../../stacks/app';
import { tempDir } from '../../support/temp-dir';

/** The example with eu-west-1 moved to us-east-1, so that a configured region already is us-east-1. */
function withUsEast1(): any {
  const config = parse(fs.readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));
  const region = config.regions[1];
  region.name = 'us-east-1';
  region.availabilityZones = region.availabilityZones.map((zone: any, index: number) => ({ ...zone, name: `us-east-1${'ab'[index]}` }));
  config.frontDoor.regions[1].name = 'us-east-1';
  return parseConfig(stringify(config));
}

describe('the us-east-1 provider of CloudFront-scope resources', () => {
  it('reuses the region provider when us-east-1 is configured, adding no alias', () => {
    const { infra } = buildStacks(withUsEast1(), { outdir: tempDir('spillway-edge-') });
    const synth = JSON.parse(Testing.synth(infra));
    expect(synth.provider.aws.map((provider: any) => provider.alias)).toEqual(['us-west-2', 'us-east-1']);
    const acl = Object.values(synth.resource.aws_wafv2_web_acl)[0] as any;
    expect(acl.provider).toBe('aws.us-east-1');
    // Buckets stay in the primary region.
    const buckets = Object.entries(synth.resource.aws_s3_bucket as Record<string, any>).filter(([id]) => /^(cdn|front-door)/.test(id));
    expect(buckets).toHaveLength(3);
    expect(buckets.every(([, bucket]) => bucket.provider === 'aws.us-west-2')).toBe(true);
  });
});
