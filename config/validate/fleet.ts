/**
 * Cross-field rules: relations between fields that the section schemas cannot see alone. Run by the loader
 * after the schema; each problem is reported at the path of the field to fix, quoting the value.
 */
import { z } from 'zod';
import { zonesOf } from '../../model/catalog/regions';
import { contains, isPrivate, Ipv4Block, overlaps, parseCidr } from '../../model/cidr';
import type { FleetConfig } from '../schema';
import { formatPath, Path } from '../schema/common';
import { validateBucketNames } from './buckets';
import { validateChaos } from './chaos';
import { validateCapacity } from './capacity';
import { validateEdge } from './edge';
import { validateGateway } from './gateway';
import { validateGpuCapacity } from './gpu';
import { validateIdentifiers } from './identifiers';
import { validateNoPrivateKeys } from './secrets';
import { validateRequiredTags } from './tags';
import { validateTriton } from './triton';

/** Cross-field rules: each problem is reported at the path of the field to fix. */
export function validateFleet(config: FleetConfig, ctx: z.RefinementCtx): void {
  // Messages here quote the offending value themselves (`params.valueQuoted` tells the loader).
  const fail = (path: Path, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message, params: { valueQuoted: true } });
  const block = (text: string) => parseCidr(text) as Ipv4Block;
  validateEdge(config, fail);
  validateGpuCapacity(config, fail);
  validateTriton(config, fail);
  validateCapacity(config, fail);
  validateGateway(config, fail);
  validateNoPrivateKeys(config, fail);
  validateRequiredTags(config, fail);
  validateIdentifiers(config, fail);
  validateBucketNames(config, fail);
  validateChaos(config, fail);
  // A malformed CIDR is already reported at its own field; relations between blocks need them all well-formed.
  const cidrs = [config.cluster.serviceCidr, ...config.cluster.endpointAccessCidrs, ...config.regions.flatMap(
    (region) => [region.vpcCidr, ...region.availabilityZones.flatMap((zone) => [zone.privateSubnetCidr, zone.publicSubnetCidr])],
  )];
  if (cidrs.some((cidr) => typeof parseCidr(cidr) === 'string')) return;

  const primaries = config.regions.filter((region) => region.primary).map((region) => region.name);
  if (primaries.length !== 1) {
    fail(['regions'], `exactly one region must have primary: true; found ${primaries.length} (${primaries.join(', ') || 'none'})`);
  }

  const service = block(config.cluster.serviceCidr);
  if (!isPrivate(service) || service.prefix < 12 || service.prefix > 24) {
    fail(['cluster', 'serviceCidr'], `"${service.text}" must be an RFC 1918 block from /12 to /24`);
  }

  const seenRegions = new Map<string, number>();
  config.regions.forEach((region, regionIndex) => {
    const regionPath = ['regions', regionIndex];
    const earlier = seenRegions.get(region.name);
    if (earlier !== undefined) {
      fail([...regionPath, 'name'], `"${region.name}" is already configured at regions[${earlier}]; each region appears once`);
    }
    seenRegions.set(region.name, regionIndex);

    const vpc = block(region.vpcCidr);
    if (!isPrivate(vpc) || vpc.prefix < 16 || vpc.prefix > 28) {
      fail([...regionPath, 'vpcCidr'], `"${vpc.text}" must be an RFC 1918 block from /16 to /28`);
    }
    if (overlaps(vpc, service)) {
      fail([...regionPath, 'vpcCidr'], `"${vpc.text}" overlaps cluster.serviceCidr "${service.text}"`);
    }
    config.regions.slice(0, regionIndex).forEach((other, otherIndex) => {
      if (overlaps(vpc, block(other.vpcCidr))) {
        fail([...regionPath, 'vpcCidr'], `"${vpc.text}" overlaps regions[${otherIndex}].vpcCidr "${other.vpcCidr}"`);
      }
    });

    const allowedZones = zonesOf(region.name);
    const subnets: { path: Path; cidr: Ipv4Block }[] = [];
    const seenZones = new Set<string>();
    region.availabilityZones.forEach((zone, zoneIndex) => {
      const zonePath = [...regionPath, 'availabilityZones', zoneIndex];
      if (!allowedZones.includes(zone.name)) {
        fail([...zonePath, 'name'], `"${zone.name}" is not a zone of ${region.name}; allowed: ${allowedZones.join(', ')}`);
      }
      if (seenZones.has(zone.name)) fail([...zonePath, 'name'], `"${zone.name}" is listed twice`);
      seenZones.add(zone.name);
      for (const key of ['privateSubnetCidr', 'publicSubnetCidr'] as const) {
        const subnet = block(zone[key]);
        const path = [...zonePath, key];
        if (!contains(vpc, subnet)) fail(path, `"${subnet.text}" is not inside the region's vpcCidr "${vpc.text}"`);
        if (subnet.prefix > 28) fail(path, `"${subnet.text}" is smaller than /28, the smallest subnet AWS allows`);
        const clash = subnets.find((other) => overlaps(other.cidr, subnet));
        if (clash) fail(path, `"${subnet.text}" overlaps ${formatPath(clash.path)} "${clash.cidr.text}"`);
        subnets.push({ path, cidr: subnet });
      }
    });
  });

  config.cluster.endpointAccessCidrs.forEach((cidr, index) => {
    if (block(cidr).prefix < 8) fail(['cluster', 'endpointAccessCidrs', index], `"${cidr}" is wider than /8; name the VPN or runner networks`);
  });

  const nodes = config.cluster.systemNodeGroup;
  if (nodes.minSize > nodes.desiredSize || nodes.desiredSize > nodes.maxSize) {
    fail(
      ['cluster', 'systemNodeGroup', 'desiredSize'],
      `must satisfy minSize <= desiredSize <= maxSize; got ${nodes.minSize} <= ${nodes.desiredSize} <= ${nodes.maxSize}`,
    );
  }
}
