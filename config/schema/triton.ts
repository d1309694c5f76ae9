/** `triton`: image, replicas, autoscaling, priority tiers, models and the model bucket. */
import { z } from 'zod';
import { strictObject } from './common';

/** Triton model name: the model's directory in the repository and the `name` of its config.pbtxt. */
export const tritonModelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, '1-128 characters of A-Z, a-z, 0-9, "_", "." and "-", starting with a letter or digit');
/** Client tier name, as clients and dashboards see it. */
export const tierName = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, '2-32 characters of a-z, 0-9 and "-", starting with a letter');

/** Triton platforms (framework formats with a built-in platform name); anything else is a `backend`. */
export const TRITON_PLATFORMS = ['tensorrt_plan', 'onnxruntime_onnx', 'pytorch_libtorch', 'tensorflow_savedmodel', 'tensorflow_graphdef'] as const;

export const tierQueuePolicySchema = strictObject({
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

export const tritonModelSchema = strictObject({
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
  /** Share of the traffic this model gets when the traffic file has no model column (npm run capacity). @default an equal share */
  trafficShare: z.number().gt(0).max(1).optional(),
  /** Inferences per second one GPU sustains for this model, for capacity planning; `--perf` measurements replace it. @default none */
  throughputPerGpu: z.number().gt(0).max(1_000_000).optional(),
  /** p99 latency a perf_analyzer measurement may reach to count (`--perf`), in microseconds. @default the model's priority-1 tier timeout */
  latencyBudgetMicroseconds: z.number().int().min(1).max(600_000_000).optional(),
});

export const scalingPolicySchema = (defaults: { stabilizationWindowSeconds: number; percent: number; pods?: number; periodSeconds: number }) =>
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

export const tritonSchema = strictObject({
  /** Triton container image. @default nvcr.io/nvidia/tritonserver:26.07-py3 */
  image: strictObject({
    /** @default nvcr.io/nvidia/tritonserver */
    repository: z
      .string()
      .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'an image repository like nvcr.io/nvidia/tritonserver')
      .default('nvcr.io/nvidia/tritonserver'),
    /** A pinned release tag (YY.MM-flavour); `latest` is rejected. @default 26.07-py3 (Triton 2.71.0, branch r26.07) */
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag like 26.07-py3')
      .refine((tag) => tag !== 'latest', 'must be a pinned release like 26.07-py3, not latest')
      .default('26.07-py3'),
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
