import { fleetSchema } from '../../../config/schema';
import { regionSchema } from '../../../config/schema/regions';
import { runSynth } from '../../support/synth-command';

/**
 * Bad input never half-applies: for a malformed or unsafe config in every section of the schema, the synth
 * command exits 1, names the field path or the guardrail rule id, and writes no stack output at all.
 */
type Case = [section: string, change: (config: any) => void, expected: string | RegExp];

const malformed: Case[] = [
  ['environment', (c) => (c.environment = 'example_prod'), 'environment: '],
  ['tags', (c) => (c.tags['aws:createdBy'] = 'me'), 'tags.aws:createdBy: '],
  ['tags', (c) => (c.tags.Owner = 'x'.repeat(257)), 'tags.Owner: '],
  // A required tag missing from `tags` is one config error, not a guardrail violation per resource.
  ['tags', (c) => (c.guardrails.requiredTags = ['Project', 'Owner', 'DataClassification']), 'tags.DataClassification: missing'],
  ['stateBackend', (c) => (c.stateBackend = { type: 'consul' }), 'stateBackend.type: '],
  ['stateBackend', (c) => (c.stateBackend = { type: 's3', bucket: 'state', keyPrefix: 'spillway/', region: 'us-west-2' }), 'stateBackend.keyPrefix: '],
  ['cluster', (c) => (c.cluster.kubernetesVersion = '1.29'), 'cluster.kubernetesVersion: '],
  ['cluster', (c) => (c.cluster.endpointPublicAccess = true), 'cluster.endpointPublicAccess: unknown key'],
  ['cluster', (c) => (c.cluster.adminPrincipalArns = []), 'cluster.adminPrincipalArns: '],
  ['cluster', (c) => (c.cluster.endpointAccessCidrs = ['0.0.0.0/0']), 'cluster.endpointAccessCidrs[0]: '],
  ['cluster.systemNodeGroup', (c) => (c.cluster.systemNodeGroup.maxSize = 1), 'cluster.systemNodeGroup.desiredSize: '],
  ['cluster.systemNodeGroup', (c) => (c.cluster.systemNodeGroup.metadataHopLimit = 3), 'cluster.systemNodeGroup.metadataHopLimit: '],
  ['regions', (c) => (c.regions[0].primary = false), 'regions: exactly one region must have primary: true'],
  ['regions', (c) => (c.regions[0].availabilityZones[0].privateSubnetCidr = '10.10.0.0'), 'regions[0].availabilityZones[0].privateSubnetCidr: '],
  ['regions', (c) => (c.regions[1].availabilityZones[1].name = 'eu-west-1a'), 'regions[1].availabilityZones[1].name: "eu-west-1a" is listed twice'],
  ['gpuPools', (c) => (c.regions[0].gpuPools[0].instanceTypes = ['p4d.24xlarge']), 'regions[0].gpuPools[0].instanceTypes[0]: '],
  ['gpuPools', (c) => (c.regions[0].gpuPools[1].minSize = 7), 'regions[0].gpuPools[1]'],
  ['gpuPools', (c) => (c.regions[0].gpuPools[0].rootVolumeGiB = 50), 'regions[0].gpuPools[0].rootVolumeGiB: '],
  ['gpuPools', (c) => (c.regions[0].gpuPools[1].prewarm[0].startCron = 'every day at noon'), 'regions[0].gpuPools[1].prewarm[0].startCron: '],
  ['maxGpus', (c) => (c.maxGpus = 4), 'maxGpus: '],
  ['hybridNodes', (c) => (c.regions[0].hybridNodes.remoteNodeCidrs = ['10.10.128.0/20']), 'regions[0].hybridNodes.remoteNodeCidrs[0]: '],
  ['hybridNodes', (c) => (c.regions[0].hybridNodes.remotePodCidrs = ['172.20.0.0/16']), 'regions[0].hybridNodes.remotePodCidrs[0]: '],
  ['hybridNodes', (c) => (c.regions[0].hybridNodes.connectivity.customerGatewayIp = '10.0.0.1'), 'regions[0].hybridNodes.connectivity.customerGatewayIp: '],
  ['autoscaler', (c) => (c.autoscaler.scaleDownUnneededTime = 'ten minutes'), 'autoscaler.scaleDownUnneededTime: '],
  ['frontDoor', (c) => (c.frontDoor.regions[1].trafficDialPercentage = 101), 'frontDoor.regions[1].trafficDialPercentage: '],
  ['frontDoor', (c) => (c.frontDoor.regions[0].weight = 256), 'frontDoor.regions[0].weight: '],
  ['frontDoor', (c) => (c.frontDoor.service.ports.grpc = 8000), 'frontDoor.service.ports'],
  [
    'frontDoor',
    (c) => (c.frontDoor.regions[0].tlsCertificateArn = 'arn:aws:acm:us-west-2:111122223333:certificate/12345678-1234-1234-1234-123456789012'),
    'frontDoor.accelerator.clientIpPreservation: ',
  ],
  ['cdn', (c) => (c.cdn.waf.rateLimitPer5Minutes = 5), 'cdn.waf.rateLimitPer5Minutes: '],
  ['cdn', (c) => (c.cdn.certificateArn = 'arn:aws:acm:eu-west-1:111122223333:certificate/12345678-1234-1234-1234-123456789012'), 'cdn.certificateArn: '],
  ['triton', (c) => (c.triton.image.tag = 'latest'), 'triton.image.tag: '],
  ['triton', (c) => (c.triton.tiers = { premium: 1, enterprise: 3, free: 4 }), 'triton.tiers'],
  ['triton', (c) => (c.triton.models[0].preferredBatchSizes = [8, 64]), 'triton.models[0].preferredBatchSizes'],
  ['triton', (c) => (c.triton.replicas = { min: 4, max: 2 }), 'triton.replicas'],
  ['gateway', (c) => delete c.gateway.tiers.free, 'gateway.tiers: '],
  ['gateway', (c) => (c.gateway.defaultLevel = 'panic'), 'gateway.defaultLevel: '],
  ['guardrails', (c) => (c.guardrails.waivers[0].rule = 'SPW-NOPE-001'), 'guardrails.waivers[0].rule: '],
  ['guardrails', (c) => (c.guardrails.waivers[0].reason = 'ok'), 'guardrails.waivers[0].reason: '],
  ['stateSafety', (c) => (c.stateSafety = { allowDestroy: [{ resourceType: 'aws_vpc' }] }), 'stateSafety.allowDestroy[0].reason: '],
  ['chaos', (c) => (c.chaos.experiments.regionLoss = {}), 'chaos.experiments.regionLoss: unknown key'],
  ['chaos', (c) => (c.chaos.experiments.podDelete.sharePercent = 101), 'chaos.experiments.podDelete.sharePercent: '],
  ['chaos', (c) => (c.chaos.experiments.spotInterruption.interruptionNotice = 'PT30S'), 'chaos.experiments.spotInterruption.interruptionNotice: out of range'],
  ['security', (c) => (c.security.flowLogs.destination = 'kinesis'), 'security.flowLogs.destination: '],
  ['security', (c) => (c.security.flowLogs.retentionDays = 45), 'security.flowLogs.retentionDays: must be one of 1, 3, 5'],
  ['security', (c) => (c.security.auditLogRetentionDays = 90), 'security.auditLogRetentionDays: must be at least 365'],
  ['security', (c) => (c.security.wafLogs.redactedHeaders = ['X-Api-Key']), 'security.wafLogs.redactedHeaders[0]: '],
  ['security', (c) => (c.security.flowLogs.bucket = 'mine'), 'security.flowLogs.bucket: unknown key'],
  ['capacity', (c) => (c.capacity = { burst: { nodeBootSeconds: -1 } }), 'capacity.burst.nodeBootSeconds: '],
];

/** Configs that parse but build unsafe infrastructure: stopped by a guardrail rule before anything is written. */
const unsafe: Case[] = [
  ['cluster logs', (c) => (c.cluster.controlPlaneLogTypes = ['api']), /SPW-EKS-\d{3}\s+aws_eks_cluster\./],
  ['CDN certificate waiver removed', (c) => (c.guardrails.waivers = c.guardrails.waivers.filter((w: any) => w.rule !== 'SPW-CDN-002')), /SPW-CDN-002\s+aws_cloudfront_distribution\./],
  ['accelerator flow logs off', (c) => (c.frontDoor.accelerator.flowLogs.enabled = false), /SPW-GA-001\s+aws_globalaccelerator_accelerator\./],
];

/** The zod type under optional, default and refinement wrappers, by name. */
function innerTypeName(field: any): string {
  let type = field;
  while (type._def.innerType ?? type._def.schema) type = type._def.innerType ?? type._def.schema;
  return type._def.typeName;
}

describe('bad input never half-applies', () => {
  // The field path each malformed case expects, e.g. `regions[0].gpuPools[1].minSize`.
  const paths = malformed.map(([, , expected]) => String(expected).split(':')[0]);

  it('rejects bad input in every top-level section of the schema', () => {
    const covered = new Set(paths.map((where) => where.split(/[.[]/)[0]));
    expect([...covered].sort()).toEqual(Object.keys(fleetSchema.shape).sort());
  });

  it('rejects bad input in every nested section of a region (its objects and lists)', () => {
    const nested = Object.entries(regionSchema.shape)
      .filter(([, field]) => !['ZodString', 'ZodNumber', 'ZodBoolean', 'ZodEnum'].includes(innerTypeName(field)))
      .map(([key]) => key);
    const covered = new Set(paths.map((where) => /^regions\[\d+\]\.([A-Za-z]+)/.exec(where)?.[1]).filter(Boolean));
    expect(nested.filter((key) => !covered.has(key))).toEqual([]);
  });

  const titled = (cases: Case[]) => cases.map(([section, change, expected]) => [`${section} -> ${String(expected).trim()}`, change, expected] as const);

  it.each(titled(malformed))('malformed %s: exit 1, field named, nothing written', (_title, change, expected) => {
    const result = runSynth(change);
    expect(result.exitCode).toBe(1);
    expect(result.message).toMatch(/^Invalid Spillway config /);
    expect(result.message).toContain(`  - ${expected}`);
    expect(result.written).toEqual([]);
  });

  it.each(titled(unsafe))('unsafe %s: exit 1, rule and resource named, nothing written', (_title, change, expected) => {
    const result = runSynth(change);
    expect(result.exitCode).toBe(1);
    expect(result.message).toMatch(/^Guardrails: \d+ violations?; synth stopped and nothing was written/);
    expect(result.message).toMatch(expected);
    expect(result.written).toEqual([]);
  });

  it('the example itself synthesizes (exit 0) and writes every stack', () => {
    const result = runSynth(() => undefined);
    expect(result.exitCode).toBe(0);
    expect(result.written.filter((entry) => entry.endsWith('cdk.tf.json'))).toHaveLength(3);
  });
});
