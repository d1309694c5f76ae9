/**
 * The fleet configuration reference. This zod schema IS the documentation of every key: types are inferred
 * from it, defaults are filled in by it, and every cross-field rule lives in `validateFleet` below.
 * Unknown keys are errors everywhere (`strictObject`), never silently ignored.
 */
import { z } from 'zod';
import { KNOWN_REGIONS, zonesOf } from './catalog/regions';
import { SYSTEM_INSTANCE_TYPES } from './catalog/instances';
import { contains, isPrivate, Ipv4Block, overlaps, parseCidr } from './cidr';

/** A strict object whose unknown-key error lists the keys that are allowed. */
function strictObject<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z
    .object(shape, {
      errorMap: (issue, ctx) =>
        issue.code === 'unrecognized_keys' ? { message: `unknown key; allowed keys: ${allowed}` } : { message: ctx.defaultError },
    })
    .strict();
}

const cidrBlock = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `CIDR ${parsed}` });
});

/** Tag keys and values as AWS accepts them (and not the reserved `aws:` prefix). */
const tagKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'tag keys may hold letters, digits, spaces and _ . : / = + - @')
  .refine((key) => !key.toLowerCase().startsWith('aws:'), 'tag keys must not start with the reserved prefix "aws:"');
const tagValue = z
  .string()
  .max(256)
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'tag values may hold letters, digits, spaces and _ . : / = + - @');

/** S3 bucket naming rules (general purpose buckets). */
export const s3BucketName = z
  .string()
  .regex(
    /^(?!xn--)(?!sthree-)(?!.*\.\.)(?!.*-s3alias$)(?!.*--ol-s3$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'S3 bucket names are 3-63 characters of a-z, 0-9, "." and "-", start and end with a letter or digit, no "..", not an IP address',
  );

const iamPrincipalArn = z
  .string()
  .regex(
    /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/,
    'an IAM role or user ARN like arn:aws:iam::123456789012:role/platform-admin',
  );

const awsRegion = z.enum(KNOWN_REGIONS as [string, ...string[]]);

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const zoneSchema = strictObject({
  /** Availability zone name, for example us-west-2a. Must belong to the region. */
  name: z.string(),
  /** Subnet for nodes and pods in this zone; inside the VPC CIDR. */
  privateSubnetCidr: cidrBlock,
  /** Subnet for the NAT gateway and public load balancers in this zone; inside the VPC CIDR. */
  publicSubnetCidr: cidrBlock,
});

const regionSchema = strictObject({
  /** AWS region name; one cluster per region. */
  name: awsRegion,
  /** Exactly one region is primary: it hosts global resources' home (state, CDN origin). @default false */
  primary: z.boolean().default(false),
  /** VPC CIDR, RFC 1918, /16 to /28; must not overlap another region's VPC or the service CIDR. */
  vpcCidr: cidrBlock,
  /** `one-per-zone` survives a zone outage; `single` saves cost. @default one-per-zone */
  natGateways: z.enum(['one-per-zone', 'single']).default('one-per-zone'),
  /** At least two zones: EKS requires control-plane subnets in two zones. */
  availabilityZones: z.array(zoneSchema).min(2).max(6),
});

const systemNodeGroupSchema = strictObject({
  /** Instance types for cluster services (CoreDNS, autoscaler, controllers). @default ["m6i.large"] */
  instanceTypes: z.array(z.enum(SYSTEM_INSTANCE_TYPES)).min(1).default(['m6i.large']),
  /** @default 2 */
  minSize: z.number().int().min(1).max(100).default(2),
  /** @default 2 */
  desiredSize: z.number().int().min(1).max(100).default(2),
  /** @default 4 */
  maxSize: z.number().int().min(1).max(100).default(4),
  /** Encrypted gp3 root volume size. @default 50 */
  rootVolumeGiB: z.number().int().min(20).max(1000).default(50),
  /** IMDSv2 hop limit: 1 keeps pods away from the node's credentials. @default 1 */
  metadataHopLimit: z.union([z.literal(1), z.literal(2)]).default(1),
});

const clusterSchema = strictObject({
  /** EKS Kubernetes version; managed add-on versions are pinned per version in constructs/cluster/addon-versions.ts. @default "1.33" */
  kubernetesVersion: z.enum(['1.32', '1.33']).default('1.33'),
  /** Kubernetes service CIDR, RFC 1918, /12 to /24, not overlapping any VPC. @default 172.20.0.0/16 */
  serviceCidr: cidrBlock.default('172.20.0.0/16'),
  /** Control-plane log types sent to CloudWatch. @default all five */
  controlPlaneLogTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).min(1).default([...CONTROL_PLANE_LOG_TYPES]),
  /** Retention of the control-plane log group, in days CloudWatch accepts. @default 90 */
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => LOG_RETENTION_DAYS.includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
    .default(90),
  /** Networks (besides the VPC itself) allowed to reach the private API endpoint on 443: VPN, CI runner subnets. @default [] */
  endpointAccessCidrs: z.array(cidrBlock).default([]),
  /** IAM principals granted cluster admin through EKS access entries (the cluster uses API auth mode, no aws-auth). */
  adminPrincipalArns: z.array(iamPrincipalArn).min(1),
  /** The small on-demand node group for cluster services. */
  systemNodeGroup: systemNodeGroupSchema.default({}),
});

const stateBackendSchema = z.discriminatedUnion('type', [
  strictObject({
    /** Local state files under cdktf.out (the example; not for teams). */
    type: z.literal('local'),
  }),
  strictObject({
    type: z.literal('s3'),
    bucket: s3BucketName,
    /** Each stack's state key is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]+[A-Za-z0-9!_.*'()-]$/, 'an S3 key prefix without a trailing slash, like spillway/prod'),
    region: awsRegion,
    /** Customer KMS key for state encryption; SSE-S3 when absent. */
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/, 'a KMS key or alias ARN')
      .optional(),
  }),
]);

const fleetObject = strictObject({
  /** Environment name: lower-case letters, digits and dashes; part of every stack and resource name. */
  environment: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, '2-20 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-"'),
  /** Tags applied to every AWS resource through the providers' default_tags. */
  tags: z.record(tagKey, tagValue).default({}),
  /** Where Terraform state lives. @default { type: local } */
  stateBackend: stateBackendSchema.default({ type: 'local' }),
  cluster: clusterSchema,
  /** One entry per region; exactly one is primary. */
  regions: z.array(regionSchema).min(1).max(8),
});

export const fleetSchema = fleetObject.superRefine(validateFleet);

export type FleetConfig = z.infer<typeof fleetSchema>;
export type FleetInput = z.input<typeof fleetSchema>;
export type RegionConfig = FleetConfig['regions'][number];
export type ClusterConfig = FleetConfig['cluster'];

type Path = (string | number)[];

/** Cross-field rules: each problem is reported at the path of the field to fix. */
function validateFleet(config: z.infer<typeof fleetObject>, ctx: z.RefinementCtx): void {
  // Messages here quote the offending value themselves (`params.valueQuoted` tells the loader).
  const fail = (path: Path, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message, params: { valueQuoted: true } });
  const block = (text: string) => parseCidr(text) as Ipv4Block;
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

/** `regions[0].availabilityZones[1].name` from a zod path. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
