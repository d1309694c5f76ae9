/**
 * Availability zone names per region, embedded so that preview mode never asks AWS.
 * Zone *names* are what EKS and subnets take; the letters an account sees are fixed per account,
 * so this list is the union of letters AWS publishes for the region.
 */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['a', 'b', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'sa-east-1': ['a', 'b', 'c'],
};

export const KNOWN_REGIONS = Object.keys(REGION_ZONES);

export function zonesOf(region: string): string[] {
  return (REGION_ZONES[region] ?? []).map((letter) => `${region}${letter}`);
}
