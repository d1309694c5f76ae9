/** `regions[]`: each region's network, zones, GPU pools and EKS Hybrid Nodes; and the fleet-wide `autoscaler`. */
import { z } from 'zod';
import { GPU_INSTANCE_TYPES } from '../../model/catalog/instances';
import { cronProblems } from '../../model/cron';
import { nonRoutableRangeOf, parseAddress } from '../../model/cidr';
import { awsRegion, cidrBlock, kubernetesPriority, strictObject } from './common';

const zoneSchema = strictObject({
  /** Availability zone name, for example us-west-2a. Must belong to the region. */
  name: z.string(),
  /** Subnet for nodes and pods in this zone; inside the VPC CIDR. */
  privateSubnetCidr: cidrBlock,
  /** Subnet for the NAT gateway and public load balancers in this zone; inside the VPC CIDR. */
  publicSubnetCidr: cidrBlock,
});

// ---- GPU capacity (issue 3): GPU pools, EKS Hybrid Nodes, the GPU budget, cluster-autoscaler ----

/** Kubernetes-style name that also fits node group, launch template and scheduled action names. */
const gpuName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, '2-24 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-"');

/**
 * Five-field Unix cron (minute hour day-of-month month day-of-week), as EC2 Auto Scaling recurrences take it:
 * values, names (JAN-DEC, SUN-SAT), `*`, lists, ranges and steps; no seconds, `?`, `L` or `#` (model/cron.ts).
 */
const cronExpression = z.string().superRefine((value, ctx) => {
  const problems = cronProblems(value);
  if (problems.length > 0) {
    const message = `a five-field cron expression like "0 13 * * MON-FRI" (UTC; minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 0-6 or SUN-SAT): ${problems.join('; ')}`;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  }
});

/** Go duration as cluster-autoscaler flags take it: 30s, 10m, 1h30m. */
const duration = z.string().regex(/^(\d+h)?(\d+m)?(\d+s)?$/, 'a duration like 30s, 10m or 1h30m').refine((text) => text !== '', 'a duration like 10m');

const prewarmWindowSchema = strictObject({
  /** Window name; part of the scheduled action names. */
  name: gpuName,
  /** When the window opens, in UTC: the pool's node group minimum is raised to `minSize`. */
  startCron: cronExpression,
  /** When the window closes, in UTC: the minimum goes back to the pool's `minSize`; the autoscaler removes idle nodes. */
  endCron: cronExpression,
  /** Nodes kept warm during the window; above the pool's minSize, at most its maxSize. */
  minSize: z.number().int().min(1).max(100),
});

export const gpuPoolSchema = strictObject({
  /** Pool name, unique in the region: the node group name (`<name>-spot` / `<name>-on-demand` when split). */
  name: gpuName,
  /**
   * `baseline` serves steady traffic (on-demand, minSize >= 1; the autoscaler prefers it); `burst` scales from
   * zero for peaks. Nodes carry it as the `spillway.io/role` label.
   */
  role: z.enum(['baseline', 'burst']),
  /** EC2 GPU instance types from the embedded catalog (model/catalog/instances.ts); spot pools need two or more. */
  instanceTypes: z
    .array(
      z.enum(GPU_INSTANCE_TYPES, {
        errorMap: () => ({ message: `unknown GPU instance type; known: ${GPU_INSTANCE_TYPES.join(', ')}` }),
      }),
    )
    .min(1),
  /**
   * `spot-then-on-demand` becomes two node groups, `<name>-spot` and `<name>-on-demand`; the autoscaler's
   * priority expander tries spot first and falls back to on-demand. @default on-demand
   */
  capacity: z.enum(['on-demand', 'spot', 'spot-then-on-demand']).default('on-demand'),
  /** @default 0 */
  minSize: z.number().int().min(0).max(100).default(0),
  /** Only applied at creation; afterwards the autoscaler owns it. @default minSize */
  desiredSize: z.number().int().min(0).max(100).optional(),
  maxSize: z.number().int().min(1).max(100),
  /** EKS AMI type with NVIDIA drivers. Bottlerocket runs the NVIDIA device plugin on the host. @default AL2023_x86_64_NVIDIA */
  amiType: z.enum(['AL2023_x86_64_NVIDIA', 'BOTTLEROCKET_x86_64_NVIDIA']).default('AL2023_x86_64_NVIDIA'),
  /** Encrypted gp3 volume for images and models (Bottlerocket: its data volume). @default 200 */
  rootVolumeGiB: z.number().int().min(100).max(16384).default(200),
  /** IMDSv2 hop limit: 1 keeps pods away from the node's credentials. @default 1 */
  metadataHopLimit: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Scheduled windows that keep nodes warm ahead of known daily peaks. @default [] */
  prewarm: z.array(prewarmWindowSchema).max(10).default([]),
});

/**
 * The on-prem VPN device's address: a dotted quad the internet routes to. Private, CGNAT, loopback, link-local,
 * multicast and reserved ranges are refused (model/cidr.ts nonRoutableRangeOf); documentation ranges such as
 * 203.0.113.0/24 are allowed, as examples use them.
 */
const customerGatewayAddress = z.string().superRefine((value, ctx) => {
  const address = parseAddress(value);
  if (typeof address === 'string') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `IPv4 address ${address}; allowed: a public dotted quad like 203.0.113.10, octets 0-255 without leading zeros` });
    return;
  }
  const range = nonRoutableRangeOf(address);
  if (range) {
    // The message quotes the value itself (the loader's `valueQuoted` convention).
    const message = `"${value}" is ${range.kind}; a site-to-site VPN needs the on-prem device's public IPv4 address`;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { valueQuoted: true } });
  }
});

export const gatewayId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `an id like ${prefix}-0123456789abcdef0`);

export const hybridConnectivitySchema = z.discriminatedUnion('type', [
  strictObject({
    /** A Site-to-Site VPN from this region's VPC to the on-prem network, owned by Spillway. */
    type: z.literal('site-to-site-vpn'),
    /** Public IPv4 address of the on-prem VPN device (documentation ranges like 203.0.113.0/24 are allowed). */
    customerGatewayIp: customerGatewayAddress,
    /** BGP ASN of the on-prem device (also required by AWS for static routing). @default 65000 */
    customerGatewayBgpAsn: z.number().int().min(1).max(4294967294).default(65000),
    /** AWS side: a virtual private gateway on the VPC, or a new transit gateway attached to it. @default virtual-private-gateway */
    gateway: z.enum(['virtual-private-gateway', 'transit-gateway']).default('virtual-private-gateway'),
    /** `static` installs a VPN route per remote CIDR; `bgp` learns them from the on-prem device. @default static */
    routing: z.enum(['static', 'bgp']).default('static'),
  }),
  strictObject({
    /** An existing transit gateway (network team's) that already reaches on-prem: the VPC is attached to it. */
    type: z.literal('existing-transit-gateway'),
    transitGatewayId: gatewayId('tgw'),
  }),
]);

export const hybridNodesSchema = strictObject({
  /** On-prem networks of the hybrid nodes (RFC 1918 or 100.64.0.0/10); not overlapping the VPC, the service CIDR or each other. */
  remoteNodeCidrs: z.array(cidrBlock).min(1).max(15),
  /** On-prem pod networks (the CNI's pool on hybrid nodes); needed for webhooks running there. @default [] */
  remotePodCidrs: z.array(cidrBlock).max(15).default([]),
  /** How nodeadm gets temporary AWS credentials on the servers. @default ssm */
  credentialProvider: z.enum(['ssm', 'iam-roles-anywhere']).default('ssm'),
  /** Trust anchor of IAM Roles Anywhere: exactly one of an ACM Private CA or a PEM CA certificate bundle. */
  rolesAnywhere: strictObject({
    acmPcaArn: z
      .string()
      .regex(/^arn:aws:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/, 'an ACM Private CA ARN')
      .optional(),
    certificateBundlePem: z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'a PEM certificate bundle' }).optional(),
  }).optional(),
  connectivity: hybridConnectivitySchema,
  /** NVIDIA GPUs on the on-prem servers, counted by the Triton replica check and by npm run capacity. @default unknown (those checks skip the region) */
  gpuCount: z.number().int().min(0).max(10000).optional(),
});

export const autoscalerSchema = strictObject({
  /** Spread scale-ups across node groups with the same labels and resources. @default true */
  balanceSimilarNodeGroups: z.boolean().default(true),
  /** How long after a scale-up scale-down evaluation resumes. @default 10m */
  scaleDownDelayAfterAdd: duration.default('10m'),
  /** How long a node must be unneeded before it is removed. @default 10m */
  scaleDownUnneededTime: duration.default('10m'),
  /** Pods below this priority never trigger a scale-up and do not keep nodes alive; an int32. @default -10 */
  expendablePodsPriorityCutoff: kubernetesPriority.default(-10),
  /** How long a node may take to register before its group is backed off (a spot pool then yields to on-demand). @default 10m */
  maxNodeProvisionTime: duration.default('10m'),
});

export const regionSchema = strictObject({
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
  /** GPU node pools of this region's cluster (issue 3). @default [] */
  gpuPools: z.array(gpuPoolSchema).max(10).default([]),
  /** On-prem GPU servers joined to this region's cluster as EKS Hybrid Nodes (the private baseline). @default none */
  hybridNodes: hybridNodesSchema.optional(),
});
