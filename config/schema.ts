/**
 * The fleet configuration reference. This zod schema IS the documentation of every key: types are inferred
 * from it, defaults are filled in by it, and every cross-field rule lives in `validateFleet` below.
 * Unknown keys are errors everywhere (`strictObject`), never silently ignored.
 */
import { z } from 'zod';
import { KNOWN_REGIONS, zonesOf } from '../model/catalog/regions';
import { GPU_INSTANCE_TYPES, SYSTEM_INSTANCE_TYPES } from '../model/catalog/instances';
import { contains, isPrivate, Ipv4Block, overlaps, parseCidr } from '../model/cidr';
import { validateGpuCapacity } from './validate/gpu';
import { validateTriton } from './validate/triton';
import { GUARDRAIL_RULE_IDS } from '../constructs/guardrails/rules';
import { PROTECTED_RESOURCE_TYPES } from '../constructs/guardrails/prevent-destroy';

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

// ---- GPU capacity (issue 3): GPU pools, EKS Hybrid Nodes, the GPU budget, cluster-autoscaler ----

/** Kubernetes-style name that also fits node group, launch template and scheduled action names. */
const gpuName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,22}[a-z0-9]$/, '2-24 characters of a-z, 0-9 and "-", starting with a letter, not ending with "-"');

/** Five-field cron (minute hour day-of-month month day-of-week), as EC2 Auto Scaling recurrences take it. */
const cronExpression = z
  .string()
  .regex(/^[0-9A-Za-z*,/?-]+( [0-9A-Za-z*,/?-]+){4}$/, 'a five-field cron expression like "0 13 * * MON-FRI" (UTC)');

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

const gpuPoolSchema = strictObject({
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

const gatewayId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), `an id like ${prefix}-0123456789abcdef0`);

const hybridConnectivitySchema = z.discriminatedUnion('type', [
  strictObject({
    /** A Site-to-Site VPN from this region's VPC to the on-prem network, owned by Spillway. */
    type: z.literal('site-to-site-vpn'),
    /** Public IPv4 address of the on-prem VPN device. */
    customerGatewayIp: z.string().regex(/^(\d{1,3})(\.\d{1,3}){3}$/, 'an IPv4 address like 203.0.113.10'),
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

const hybridNodesSchema = strictObject({
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
});

const autoscalerSchema = strictObject({
  /** Spread scale-ups across node groups with the same labels and resources. @default true */
  balanceSimilarNodeGroups: z.boolean().default(true),
  /** How long after a scale-up scale-down evaluation resumes. @default 10m */
  scaleDownDelayAfterAdd: duration.default('10m'),
  /** How long a node must be unneeded before it is removed. @default 10m */
  scaleDownUnneededTime: duration.default('10m'),
  /** Pods below this priority never trigger a scale-up and do not keep nodes alive. @default -10 */
  expendablePodsPriorityCutoff: z.number().int().default(-10),
  /** How long a node may take to register before its group is backed off (a spot pool then yields to on-demand). @default 10m */
  maxNodeProvisionTime: duration.default('10m'),
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
  /** GPU node pools of this region's cluster (issue 3). @default [] */
  gpuPools: z.array(gpuPoolSchema).max(10).default([]),
  /** On-prem GPU servers joined to this region's cluster as EKS Hybrid Nodes (the private baseline). @default none */
  hybridNodes: hybridNodesSchema.optional(),
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

// ---- Front door (issue 4): regional NLBs behind Global Accelerator, and the artifact CDN with its WAF ----

/** An ACM certificate ARN; the region inside it is checked against where the certificate is used. */
const ACM_CERTIFICATE_ARN = /^arn:aws:acm:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const acmCertificateArn = z
  .string()
  .regex(ACM_CERTIFICATE_ARN, 'an ACM certificate ARN like arn:aws:acm:us-west-2:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab');
/** The region part of a well-formed ACM certificate ARN. */
export function certificateRegion(arn: string): string | undefined {
  return ACM_CERTIFICATE_ARN.exec(arn)?.[1];
}

const portNumber = z.number().int().min(1).max(65535);

/** WAF's bounds for a rate-based rule's `Limit` (requests per evaluation window, per aggregation key). */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;

const frontDoorRegionSchema = strictObject({
  /** A configured region (`regions[].name`) whose cluster gets an NLB and a Global Accelerator endpoint group. */
  name: awsRegion,
  /**
   * `internal` puts the NLB in the private subnets, reachable only through the accelerator (and from inside
   * the VPC); `internet-facing` puts it in the public subnets. @default internal
   */
  scheme: z.enum(['internal', 'internet-facing']).default('internal'),
  /**
   * Sources the NLB's security group admits on exactly the listener ports. With client IP preservation these
   * are the real client addresses (use 0.0.0.0/0 for a public API); without it, the accelerator's addresses.
   */
  allowedSourceCidrs: z.array(cidrBlock).min(1),
  /**
   * ACM certificate ARN in this region: adds a TLS listener on `frontDoor.tlsPort` that forwards to the HTTP
   * target group. Not allowed with `accelerator.clientIpPreservation: true`. @default no TLS listener
   */
  tlsCertificateArn: acmCertificateArn.optional(),
  /** Weight of this region's NLB in its endpoint group, 0-255 (0 sends it nothing). @default 128 */
  weight: z.number().int().min(0).max(255).default(128),
  /**
   * Share of the traffic that the accelerator would route to this region that it actually sends here, 0-100.
   * Lower it to drain a region; the rest goes to the next-nearest healthy region. @default 100
   */
  trafficDialPercentage: z.number().int().min(0).max(100).default(100),
});

const frontDoorSchema = strictObject({
  /** The Triton Service the target groups bind to (TargetGroupBinding), by name, namespace and ports. */
  service: strictObject({
    /** @default triton-inference-server */
    name: z
      .string()
      .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes Service name (DNS-1035 label)')
      .default('triton-inference-server'),
    /** @default inference */
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a Kubernetes namespace name (DNS-1123 label)')
      .default('inference'),
    /**
     * Triton's ports, used as Service port, target port, NLB listener port and accelerator listener port alike.
     * The NLB health check is HTTP `/v2/health/ready` on the `http` port.
     */
    ports: strictObject({
      /** @default 8000 */
      http: portNumber.default(8000),
      /** @default 8001 */
      grpc: portNumber.default(8001),
    }).default({}),
  }).default({}),
  /** Listener port of the optional TLS listener (regions with `tlsCertificateArn`). @default 443 */
  tlsPort: portNumber.default(443),
  /** Seconds a deregistering pod keeps its open connections before the NLB closes them. @default 60 */
  deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(60),
  accelerator: strictObject({
    /**
     * `DUAL_STACK` needs dual-stack endpoints, and a dual-stack NLB behind a dual-stack accelerator cannot use
     * `ip` target groups, which the TargetGroupBinding needs; so only IPV4 is accepted today. @default IPV4
     */
    ipAddressType: z.enum(['IPV4', 'DUAL_STACK']).default('IPV4'),
    /** `SOURCE_IP` keeps a client (its gRPC streams and retries) on one region; `NONE` spreads by 5-tuple. @default SOURCE_IP */
    clientAffinity: z.enum(['SOURCE_IP', 'NONE']).default('SOURCE_IP'),
    /** Pass the client's IP to the NLB (needs its security group; not possible with a TLS listener). @default false */
    clientIpPreservation: z.boolean().default(false),
    flowLogs: strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /** Days before flow log objects expire. @default 90 */
      retentionDays: z.number().int().min(1).max(3650).default(90),
      /** Bucket name; a unique name with prefix `spillway-<environment>-galog-` when absent. */
      bucketName: s3BucketName.optional(),
    }).default({}),
  }).default({}),
  /** One entry per region that serves the API; a configured region left out gets no NLB and no endpoint group. */
  regions: z.array(frontDoorRegionSchema).min(1),
});

const cdnSchema = strictObject({
  /** Bucket names; unique names with prefixes `spillway-<environment>-cdn-` / `-cdnlog-` when absent. */
  bucketNames: strictObject({
    /** Static assets and published model artifacts (the origin). */
    artifacts: s3BucketName.optional(),
    /** CloudFront standard logs. */
    logs: s3BucketName.optional(),
  }).default({}),
  /** Custom domain names of the distribution; need `certificateArn`. @default [] */
  aliases: z
    .array(z.string().regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lower-case DNS name like cdn.example.com'))
    .default([]),
  /** ACM certificate in us-east-1 covering `aliases` (CloudFront only reads certificates from us-east-1). */
  certificateArn: acmCertificateArn.optional(),
  /** Origin Shield region, ideally the origin bucket's region (the primary region). @default off */
  originShieldRegion: awsRegion.optional(),
  /** `https-only` refuses plain HTTP; `redirect-to-https` answers it with a redirect. @default https-only */
  viewerProtocolPolicy: z.enum(['https-only', 'redirect-to-https']).default('https-only'),
  /** Path patterns whose objects never change once published (versioned paths): cached up to a year. */
  immutablePathPatterns: z
    .array(z.string().min(1).max(255).regex(/^\/?[A-Za-z0-9_.*\-/~$&+,:;=@]+$/, 'a CloudFront path pattern like /models/*'))
    .max(20)
    .default(['/models/*', '/static/v*/*']),
  ttlSeconds: strictObject({
    /** TTL of immutable paths, up to one year. @default 31536000 */
    immutable: z.number().int().min(1).max(31_536_000).default(31_536_000),
    /** Default TTL of everything else (mutable paths such as indexes and manifests). @default 60 */
    mutableDefault: z.number().int().min(0).max(86_400).default(60),
    /** Upper bound on a mutable object's TTL whatever its Cache-Control says. @default 300 */
    mutableMax: z.number().int().min(1).max(86_400).default(300),
  }).default({}),
  /** Days before CloudFront log objects expire. @default 90 */
  logRetentionDays: z.number().int().min(1).max(3650).default(90),
  waf: strictObject({
    /** Requests per 5 minutes from one client IP before the rate-based rule blocks it (WAF allows 10 to 2,000,000,000). */
    rateLimitPer5Minutes: z.number().int().min(WAF_RATE_LIMIT_MIN).max(WAF_RATE_LIMIT_MAX),
  }),
});

// ---- Guardrails (issue 6): security policy rules checked over the synthesized Terraform before it is written ----

const guardrailWaiverSchema = strictObject({
  /** Id of the rule to waive, e.g. SPW-CDN-002 (constructs/guardrails/*-rules.ts). */
  rule: z.enum(GUARDRAIL_RULE_IDS as [string, ...string[]], {
    errorMap: () => ({ message: `unknown guardrail rule; known: ${GUARDRAIL_RULE_IDS.join(', ')}` }),
  }),
  /** Terraform address of the resource (as the violation prints it), or a glob with `*` wildcards. */
  resource: z
    .string()
    .regex(/^[A-Za-z0-9_.*-]+$/, 'a Terraform resource address like aws_cloudfront_distribution.cdn_distribution_1A2B3C4D, or a glob with * wildcards'),
  /** Why the risk is accepted: printed in the plan summary for reviewers. */
  reason: z.string().trim().min(10, 'a reason of at least 10 characters: why the risk is accepted'),
});

const guardrailsSchema = strictObject({
  /** Tag keys every taggable AWS resource must carry (own tags plus provider default_tags). @default ["Project", "Owner"] */
  requiredTags: z.array(tagKey).default(['Project', 'Owner']),
  /** Accepted violations: each names the rule, the resource and the reason. @default [] */
  waivers: z.array(guardrailWaiverSchema).default([]),
});

// ---- Triton inference (issue 5): image, replicas, autoscaling, priority tiers, models, the model bucket ----

/** Triton model name: the model's directory in the repository and the `name` of its config.pbtxt. */
const tritonModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, '1-128 characters of A-Z, a-z, 0-9, "_", "." and "-", starting with a letter or digit');
/** Client tier name, as clients and dashboards see it. */
const tierName = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, '2-32 characters of a-z, 0-9 and "-", starting with a letter');

/** Triton platforms (framework formats with a built-in platform name); anything else is a `backend`. */
export const TRITON_PLATFORMS = ['tensorrt_plan', 'onnxruntime_onnx', 'pytorch_libtorch', 'tensorflow_savedmodel', 'tensorflow_graphdef'] as const;

const tierQueuePolicySchema = strictObject({
  /**
   * Requests of this tier that may wait in the model's queue; the next one is rejected at once (HTTP 503 /
   * gRPC UNAVAILABLE). At least 1: Triton reads 0 as "unbounded", which would never shed load.
   */
  maxQueueSize: z.number().int().min(1).max(1_000_000),
  /**
   * How long a request of this tier may wait in the queue before it is rejected (timeout_action REJECT), in
   * microseconds. Clients may ask for less per request, never more. At least 1: 0 means "no timeout" to Triton.
   */
  timeoutMicroseconds: z.number().int().min(1).max(600_000_000),
});

const tritonModelSchema = strictObject({
  /** Model name: its directory under the repository prefix, and what clients call (`/v2/models/<name>/infer`). */
  name: tritonModelName,
  /** Model format with a built-in platform, e.g. onnxruntime_onnx or tensorrt_plan. Exactly one of platform and backend. */
  platform: z.enum(TRITON_PLATFORMS).optional(),
  /** Triton backend, e.g. python, onnxruntime, tensorrt, vllm. Exactly one of platform and backend. */
  backend: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'a Triton backend name like python, onnxruntime or tensorrt')
    .optional(),
  /** Largest batch the model accepts (max_batch_size); at least 1, because the priority queues live in the dynamic batcher. */
  maxBatchSize: z.number().int().min(1).max(4096),
  /** Model instances per GPU (instance_group count, KIND_GPU). @default 1 */
  instanceCount: z.number().int().min(1).max(16).default(1),
  /** Batch sizes the dynamic batcher tries to form, each at most maxBatchSize, no repeats. @default [] (any size up to maxBatchSize) */
  preferredBatchSizes: z.array(z.number().int().min(1).max(4096)).max(16).default([]),
  /** How long the dynamic batcher may hold a request to form a larger batch, in microseconds. @default 0 */
  maxQueueDelayMicroseconds: z.number().int().min(0).max(10_000_000).default(0),
  /** Queue limits per tier: every tier in `triton.tiers` needs one, and no other names. */
  queuePolicy: z.record(tierName, tierQueuePolicySchema),
  /** Tier of requests that name no priority (or an unknown one), for this model. @default triton.defaultTier */
  defaultTier: tierName.optional(),
});

const scalingPolicySchema = (defaults: { stabilizationWindowSeconds: number; percent: number; pods?: number; periodSeconds: number }) =>
  strictObject({
    /** Seconds of earlier recommendations the HPA considers before acting (scale-down: the highest of them wins). */
    stabilizationWindowSeconds: z.number().int().min(0).max(3600).default(defaults.stabilizationWindowSeconds),
    /** At most this percent of the current replicas per period. */
    percent: z.number().int().min(1).max(1000).default(defaults.percent),
    /** Also at most (scale-down) or at least (scale-up: whichever allows more) this many pods per period. @default none */
    pods: defaults.pods === undefined ? z.number().int().min(1).max(1000).optional() : z.number().int().min(1).max(1000).default(defaults.pods),
    /** Length of the period the limits above apply to, in seconds (1-1800). */
    periodSeconds: z.number().int().min(1).max(1800).default(defaults.periodSeconds),
  });

const tritonSchema = strictObject({
  /** Triton container image. @default nvcr.io/nvidia/tritonserver:25.01-py3 */
  image: strictObject({
    /** @default nvcr.io/nvidia/tritonserver */
    repository: z
      .string()
      .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'an image repository like nvcr.io/nvidia/tritonserver')
      .default('nvcr.io/nvidia/tritonserver'),
    /** A pinned release tag (YY.MM-flavour); `latest` is rejected. @default 25.01-py3 */
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag like 25.01-py3')
      .refine((tag) => tag !== 'latest', 'must be a pinned release like 25.01-py3, not latest')
      .default('25.01-py3'),
  }).default({}),
  /** NVIDIA GPUs per Triton pod. @default 1 */
  gpusPerPod: z.number().int().min(1).max(8).default(1),
  /** Replica bounds of the HPA in every cluster; maxReplicas must fit the region's GPU pools. */
  replicas: strictObject({
    /** Pods kept even when idle. @default 1 */
    min: z.number().int().min(1).max(500).default(1),
    /** Most pods the HPA may run. */
    max: z.number().int().min(1).max(500),
  }),
  /** The HPA: scale on average per-request queue time (prometheus-adapter), with CPU as the fallback metric. */
  autoscaling: strictObject({
    /** Target average queue time per request and pod, in microseconds (the queue-time SLO). @default 50000 */
    queueTimeSloMicroseconds: z.number().int().min(1000).max(60_000_000).default(50_000),
    /** Fallback target CPU utilization, percent of the CPU request. @default 80 */
    cpuTargetUtilization: z.number().int().min(10).max(100).default(80),
    /** Fast scale-up. @default react at once; double or add 4 pods (whichever is more) every 15 s */
    scaleUp: scalingPolicySchema({ stabilizationWindowSeconds: 0, percent: 100, pods: 4, periodSeconds: 15 }).default({}),
    /** Slow scale-down. @default 5 min stabilization; at most 10% of the pods per minute */
    scaleDown: scalingPolicySchema({ stabilizationWindowSeconds: 300, percent: 10, periodSeconds: 60 }).default({}),
  }).default({}),
  /**
   * Client tiers and their Triton priority level: 1 is served first. Levels are 1..N with one tier each.
   * Clients send the level as the request parameter `priority`.
   */
  tiers: z.record(tierName, z.number().int().min(1).max(16)),
  /** Tier of requests without a (valid) priority. */
  defaultTier: tierName,
  /** The models Triton loads at startup; one config.pbtxt each is generated and uploaded to the model bucket. */
  models: z.array(tritonModelSchema).min(1).max(100),
  /** The per-region model bucket `<bucketNamePrefix>-<environment>-models-<region>`, holding models under `keyPrefix/`. */
  modelRepository: strictObject({
    /** Globally unique start of the bucket names, e.g. your organisation's name (S3 names are global). */
    bucketNamePrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,22}[a-z0-9]$/, '3-24 characters of a-z, 0-9 and "-", starting and ending with a letter or digit'),
    /** Key prefix of the Triton model repository inside the bucket, without slashes at either end. @default triton */
    keyPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/, 'an S3 key prefix like triton or models/triton, without leading or trailing "/"')
      .default('triton'),
  }),
  /** Alert thresholds (PrometheusRules shipped with kube-prometheus-stack). @default all defaults */
  alerts: strictObject({
    /** Alert when more than this share of a model's requests is shed (REJECTED) over 5 minutes. @default 0.05 */
    rejectedRatio: z.number().gt(0).max(1).default(0.05),
    /** Alert when more than this share of a model's requests fails for other reasons over 5 minutes. @default 0.01 */
    failedRatio: z.number().gt(0).max(1).default(0.01),
    /** Alert when the average GPU utilization of the cluster stays above this percentage for 15 minutes. @default 90 */
    gpuUtilizationPercent: z.number().int().min(1).max(100).default(90),
  }).default({}),
});

const stateSafetySchema = strictObject({
  /**
   * Lifts `prevent_destroy` from one protected resource type for a deliberate teardown or migration; each
   * entry must say why. Remove it again once applied. @default [] (every protected type is protected)
   */
  allowDestroy: z
    .array(
      strictObject({
        resourceType: z.enum(PROTECTED_RESOURCE_TYPES),
        reason: z.string().trim().min(10, 'say why in a sentence (at least 10 characters), for the reviewers'),
      }),
    )
    .default([]),
});

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
  /** Global Accelerator in front of a Terraform-owned NLB per region, bound to Triton pods. @default none */
  frontDoor: frontDoorSchema.optional(),
  /** CloudFront (with WAF) over an S3 bucket of static files and published model artifacts. @default none */
  cdn: cdnSchema.optional(),
  /** GPU budget: the sum over GPU node groups of maxSize x GPUs per node may not exceed it; required with gpuPools. */
  maxGpus: z.number().int().min(0).max(10000).optional(),
  /** cluster-autoscaler settings, the same for every cluster. @default all defaults */
  autoscaler: autoscalerSchema.default({}),
  /** Security guardrails checked at synth: required tags and waivers. @default requiredTags Project, Owner; no waivers */
  guardrails: guardrailsSchema.default({}),
  /** NVIDIA Triton in every cluster: models, priority tiers, autoscaling and the model bucket (issue 5). @default none */
  triton: tritonSchema.optional(),
  /** prevent_destroy on stateful resources, and its reasoned escape hatch. @default everything protected */
  stateSafety: stateSafetySchema.default({}),
});

export const fleetSchema = fleetObject.superRefine(validateFleet);

export type FleetConfig = z.infer<typeof fleetSchema>;
export type FleetInput = z.input<typeof fleetSchema>;
export type RegionConfig = FleetConfig['regions'][number];
export type ClusterConfig = FleetConfig['cluster'];
export type FrontDoorConfig = NonNullable<FleetConfig['frontDoor']>;
export type FrontDoorRegionConfig = FrontDoorConfig['regions'][number];
export type CdnConfig = NonNullable<FleetConfig['cdn']>;
export type GpuPoolConfig = RegionConfig['gpuPools'][number];
export type HybridNodesConfig = NonNullable<RegionConfig['hybridNodes']>;
export type AutoscalerConfig = FleetConfig['autoscaler'];
export type GuardrailsConfig = FleetConfig['guardrails'];
export type TritonConfig = NonNullable<FleetConfig['triton']>;
export type TritonModelConfig = TritonConfig['models'][number];

type Path = (string | number)[];

/** Cross-field rules: each problem is reported at the path of the field to fix. */
function validateFleet(config: z.infer<typeof fleetObject>, ctx: z.RefinementCtx): void {
  // Messages here quote the offending value themselves (`params.valueQuoted` tells the loader).
  const fail = (path: Path, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message, params: { valueQuoted: true } });
  const block = (text: string) => parseCidr(text) as Ipv4Block;
  validateEdge(config, fail);
  validateGpuCapacity(config, fail);
  validateTriton(config, fail);
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

/** Cross-field rules of `frontDoor` and `cdn` (issue 4). */
function validateEdge(config: z.infer<typeof fleetObject>, fail: (path: Path, message: string) => void): void {
  const frontDoor = config.frontDoor;
  if (frontDoor) {
    const accelerator = frontDoor.accelerator;
    if (accelerator.ipAddressType === 'DUAL_STACK') {
      fail(
        ['frontDoor', 'accelerator', 'ipAddressType'],
        '"DUAL_STACK" is not supported: a dual-stack accelerator needs dual-stack NLB endpoints, and those cannot use the ip target groups Triton pods register in; use IPV4',
      );
    }
    const ports = frontDoor.service.ports;
    if (ports.grpc === ports.http) {
      fail(['frontDoor', 'service', 'ports', 'grpc'], `${ports.grpc} is already the http port; each listener port must be unique`);
    }
    const configured = config.regions.map((region) => region.name);
    const seen = new Map<string, number>();
    frontDoor.regions.forEach((entry, index) => {
      const path = ['frontDoor', 'regions', index];
      if (!configured.includes(entry.name)) {
        fail([...path, 'name'], `"${entry.name}" is not a configured region; allowed: ${configured.join(', ')}`);
      }
      const earlier = seen.get(entry.name);
      if (earlier !== undefined) fail([...path, 'name'], `"${entry.name}" is already listed at frontDoor.regions[${earlier}]`);
      seen.set(entry.name, index);
      if (entry.tlsCertificateArn === undefined) return;
      // A malformed ARN is already reported at its own field.
      const certRegion = certificateRegion(entry.tlsCertificateArn);
      if (certRegion !== undefined && certRegion !== entry.name) {
        fail(
          [...path, 'tlsCertificateArn'],
          `"${entry.tlsCertificateArn}" is in ${certRegion}; the NLB in ${entry.name} needs an ACM certificate from ${entry.name}`,
        );
      }
      if (frontDoor.tlsPort === ports.http || frontDoor.tlsPort === ports.grpc) {
        fail(['frontDoor', 'tlsPort'], `${frontDoor.tlsPort} is already a Triton port (http ${ports.http}, grpc ${ports.grpc}); each listener port must be unique`);
      }
      if (accelerator.clientIpPreservation) {
        fail(
          ['frontDoor', 'accelerator', 'clientIpPreservation'],
          `true cannot be combined with the TLS listener of frontDoor.regions[${index}] (${entry.name}): Global Accelerator does not preserve client IPs for NLBs with TLS listeners; set clientIpPreservation: false or remove tlsCertificateArn`,
        );
      }
    });
  }

  const cdn = config.cdn;
  if (cdn) {
    if (cdn.certificateArn !== undefined) {
      const certRegion = certificateRegion(cdn.certificateArn);
      if (certRegion !== undefined && certRegion !== 'us-east-1') {
        fail(['cdn', 'certificateArn'], `"${cdn.certificateArn}" is in ${certRegion}; CloudFront only uses ACM certificates from us-east-1`);
      }
      if (cdn.aliases.length === 0) fail(['cdn', 'aliases'], 'is empty; a certificateArn is only used with at least one alias');
    } else if (cdn.aliases.length > 0) {
      fail(['cdn', 'certificateArn'], `is missing; aliases ${cdn.aliases.join(', ')} need an ACM certificate in us-east-1 that covers them`);
    }
    const patterns = new Map<string, number>();
    cdn.immutablePathPatterns.forEach((pattern, index) => {
      const earlier = patterns.get(pattern);
      if (earlier !== undefined) fail(['cdn', 'immutablePathPatterns', index], `"${pattern}" is already listed at immutablePathPatterns[${earlier}]`);
      patterns.set(pattern, index);
    });
    if (cdn.ttlSeconds.mutableDefault > cdn.ttlSeconds.mutableMax) {
      fail(
        ['cdn', 'ttlSeconds', 'mutableDefault'],
        `${cdn.ttlSeconds.mutableDefault} is above ttlSeconds.mutableMax ${cdn.ttlSeconds.mutableMax}; the default TTL must not exceed the maximum`,
      );
    }
    const buckets = cdn.bucketNames;
    if (buckets.artifacts !== undefined && buckets.artifacts === buckets.logs) {
      fail(['cdn', 'bucketNames', 'logs'], `"${buckets.logs}" is also the artifacts bucket; logs need their own bucket`);
    }
  }
}

/** `regions[0].availabilityZones[1].name` from a zod path. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
