/**
 * Regions Spillway knows, embedded so that preview mode never asks AWS: each region's partition and its
 * availability zone letters. Zone *names* are what EKS and subnets take; the letters an account sees are fixed
 * per account, so the list is the union of letters AWS publishes for the region.
 */

/** AWS partitions: ARNs, credentials and endpoints of one never work in another (`arn:<partition>:...`). */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

export interface RegionFacts {
  /** The partition the region belongs to; every ARN used in the region must carry it. */
  readonly partition: Partition;
  /** Availability zone letters. */
  readonly zones: readonly string[];
}

/** Every known region, as data: a future aws-cn or aws-us-gov region is one more line here. */
export const REGIONS: Readonly<Record<string, RegionFacts>> = {
  'us-east-1': { partition: 'aws', zones: ['a', 'b', 'c', 'd', 'e', 'f'] },
  'us-east-2': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'us-west-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'us-west-2': { partition: 'aws', zones: ['a', 'b', 'c', 'd'] },
  'ca-central-1': { partition: 'aws', zones: ['a', 'b', 'd'] },
  'eu-west-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'eu-west-2': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'eu-west-3': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'eu-central-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'eu-north-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'ap-northeast-1': { partition: 'aws', zones: ['a', 'c', 'd'] },
  'ap-northeast-2': { partition: 'aws', zones: ['a', 'b', 'c', 'd'] },
  'ap-south-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'ap-southeast-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'ap-southeast-2': { partition: 'aws', zones: ['a', 'b', 'c'] },
  'sa-east-1': { partition: 'aws', zones: ['a', 'b', 'c'] },
};

/** Zone letters per region (kept for callers that only need zones). */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(REGIONS).map(([region, facts]) => [region, facts.zones]),
);

export const KNOWN_REGIONS = Object.keys(REGIONS);

export function zonesOf(region: string): string[] {
  return (REGIONS[region]?.zones ?? []).map((letter) => `${region}${letter}`);
}

/** The partition of a known region; undefined for a region Spillway does not know. */
export function partitionOf(region: string): Partition | undefined {
  return REGIONS[region]?.partition;
}
