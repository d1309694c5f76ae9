/** `cluster` (the EKS settings every region's cluster shares) and `stateBackend`. */
import { z } from 'zod';
import { SYSTEM_INSTANCE_TYPES } from '../../model/catalog/instances';
import { awsRegion, cidrBlock, iamPrincipalArn, s3BucketName, strictObject } from './common';

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;
/** Retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

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

export const stateBackendSchema = z.discriminatedUnion('type', [
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
