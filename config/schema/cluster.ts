/** `cluster` (the EKS settings every region's cluster shares) and `stateBackend`. */
import { z } from 'zod';
import { SYSTEM_INSTANCE_TYPES } from '../../model/catalog/instances';
import { KNOWN_REGIONS } from '../../model/catalog/regions';
import { workloadsStackName } from '../../model/names';
import { awsRegion, cidrBlock, iamPrincipalArn, s3BucketName, strictObject } from './common';

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** Retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** A retention period CloudWatch Logs accepts. */
export const logRetentionDays = z
  .number()
  .int()
  .refine((days) => LOG_RETENTION_DAYS.includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`);

export const systemNodeGroupSchema = strictObject({
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

export const clusterSchema = strictObject({
  /** EKS Kubernetes version; managed add-on versions are pinned per version in constructs/cluster/addon-versions.ts, support dates in model/catalog/support-calendar.ts. @default "1.35" */
  kubernetesVersion: z.enum(['1.32', '1.33', '1.34', '1.35', '1.36']).default('1.35'),
  /** Kubernetes service CIDR, RFC 1918, /12 to /24, not overlapping any VPC. @default 172.20.0.0/16 */
  serviceCidr: cidrBlock.default('172.20.0.0/16'),
  /** Control-plane log types sent to CloudWatch. @default all five */
  controlPlaneLogTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).min(1).default([...CONTROL_PLANE_LOG_TYPES]),
  /** Retention of the control-plane log group, in days CloudWatch accepts. @default 90 */
  logRetentionDays: logRetentionDays.default(90),
  /** Networks (besides the VPC itself) allowed to reach the private API endpoint on 443: VPN, CI runner subnets. @default [] */
  endpointAccessCidrs: z.array(cidrBlock).default([]),
  /** IAM principals granted cluster admin through EKS access entries (the cluster uses API auth mode, no aws-auth). */
  adminPrincipalArns: z.array(iamPrincipalArn).min(1),
  /** The small on-demand node group for cluster services. */
  systemNodeGroup: systemNodeGroupSchema.default({}),
});

/** S3 object keys are at most 1024 bytes; the longest state key adds `/<workloads stack>.tfstate`. */
const longestRegion = KNOWN_REGIONS.reduce((longest, region) => (region.length > longest.length ? region : longest));
export const STATE_KEY_PREFIX_MAX = 1024 - `/${workloadsStackName('e'.repeat(20), longestRegion)}.tfstate`.length;
const KEY_PREFIX_ALLOWED = `allowed: segments of letters, digits and ! _ . * ' ( ) - joined by single "/", up to ${STATE_KEY_PREFIX_MAX} characters, like spillway/prod`;

/** Why a state key prefix would break `<keyPrefix>/<stack>.tfstate`, or undefined when it is fine. */
export function stateKeyPrefixProblem(prefix: string): string | undefined {
  // S3's "safe characters": others need URL encoding and some tools mangle them.
  if (prefix === '') return 'is empty';
  if (!/^[A-Za-z0-9!_.*'()/-]+$/.test(prefix)) return 'holds a character outside the S3 safe set';
  // Terraform's S3 backend refuses keys with a leading "/" or "//"; S3 would treat them as other keys.
  if (prefix.startsWith('/')) return 'starts with "/"; S3 keys have no leading slash';
  if (prefix.endsWith('/')) return 'ends with "/"; the state key adds the slash itself';
  if (prefix.includes('//')) return 'holds "//", an empty path segment';
  // HTTP clients and SDKs normalize "." and ".." in a URL path, so the request would address another key.
  if (prefix.split('/').some((segment) => segment === '.' || segment === '..')) return 'holds a "." or ".." path segment';
  if (prefix.length > STATE_KEY_PREFIX_MAX) return `is ${prefix.length} characters; the state keys would pass S3's 1024-byte key limit`;
  return undefined;
}

const stateKeyPrefix = z.string().superRefine((prefix, ctx) => {
  const problem = stateKeyPrefixProblem(prefix);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${problem}; ${KEY_PREFIX_ALLOWED}` });
});

/** A KMS key or alias ARN; groups: partition, region. */
export const KMS_KEY_ARN = /^arn:(aws(?:-cn|-us-gov)?):kms:([a-z0-9-]+):\d{12}:(?:key|alias)\/[\w/-]+$/;

export const stateBackendSchema = z.discriminatedUnion('type', [
  strictObject({
    /** Local state files under cdktf.out (the example; not for teams). */
    type: z.literal('local'),
  }),
  strictObject({
    type: z.literal('s3'),
    bucket: s3BucketName,
    /** Each stack's state key is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: stateKeyPrefix,
    region: awsRegion,
    /** Customer KMS key for state encryption, in `region` and the fleet's partition (S3 uses keys of the bucket's region). SSE-S3 when absent. */
    kmsKeyArn: z.string().regex(KMS_KEY_ARN, 'a KMS key or alias ARN like arn:aws:kms:us-west-2:123456789012:key/<key id>').optional(),
  }),
]);
