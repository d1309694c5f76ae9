/**
 * The fleet configuration reference: the composition of the sections in config/schema/. These zod schemas
 * ARE the documentation of every key: types are inferred from them, defaults are filled in by them. Unknown
 * keys are errors everywhere (`strictObject`), never silently ignored. Cross-field rules live in
 * config/validate/, run by the loader after this schema.
 */
import { z } from 'zod';
import { capacitySchema } from './schema/capacity';
import { cdnSchema } from './schema/cdn';
import { chaosSchema } from './schema/chaos';
import { clusterSchema, stateBackendSchema } from './schema/cluster';
import { strictObject, tagKey, tagValue } from './schema/common';
import { frontDoorSchema } from './schema/front-door';
import { gatewaySchema } from './schema/gateway';
import { guardrailsSchema, stateSafetySchema } from './schema/guardrails';
import { securitySchema } from './schema/security';
import { autoscalerSchema, regionSchema } from './schema/regions';
import { tritonSchema } from './schema/triton';

export { formatPath } from './schema/common';

export const fleetSchema = strictObject({
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
  /** Flow logs, WAF and S3 access logs, audit-log retention (issue 14). @default all defaults */
  security: securitySchema.default({}),
  /** The HAProxy inference gateway in front of Triton: auth, tiers, limits, degradation levels (issue 11); needs `triton`. @default none */
  gateway: gatewaySchema.optional(),
  /** prevent_destroy on stateful resources, and its reasoned escape hatch. @default everything protected */
  stateSafety: stateSafetySchema.default({}),
  /** Game days: CloudWatch alarms, their SNS topic and AWS FIS experiment templates per front-door region (issue 13). @default none */
  chaos: chaosSchema.optional(),
  /** Capacity planning (npm run capacity, issue 12): traffic history, sizing target, burst timings. @default all defaults, no traffic file */
  capacity: capacitySchema.default({}),
});

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
export type SecurityConfig = FleetConfig['security'];
export type TritonConfig = NonNullable<FleetConfig['triton']>;
export type TritonModelConfig = TritonConfig['models'][number];
export type ChaosConfig = NonNullable<FleetConfig['chaos']>;
export type CapacityConfig = FleetConfig['capacity'];
export type GatewayConfig = NonNullable<FleetConfig['gateway']>;
export type GatewayTierConfig = GatewayConfig['tiers'][string];
export type GatewayLevelConfig = GatewayConfig['levels'][string];
