/**
 * `capacity` (issue 12): what `npm run capacity` reads besides the pools and Triton settings: the traffic
 * history and the timings of the burst model. Every timing has a default and says where it comes from;
 * the estimates are marked as such: measure them on your fleet and set them here.
 */
import { z } from 'zod';
import { strictObject } from './common';
import { tierName } from './triton';

export const burstTimingSchema = strictObject({
  /** HPA controller sync period (kube-controller-manager --horizontal-pod-autoscaler-sync-period). @default 15 (Kubernetes default) */
  hpaSyncSeconds: z.number().int().min(1).max(300).default(15),
  /** The HPA ignores a metric/target ratio within 1 +- this (--horizontal-pod-autoscaler-tolerance). @default 0.1 (Kubernetes default) */
  hpaTolerance: z.number().min(0).max(1).default(0.1),
  /** Prometheus scrape interval of Triton's metrics. @default 15 (the ServiceMonitor interval of constructs/triton/triton-release.ts) */
  scrapeIntervalSeconds: z.number().int().min(1).max(300).default(15),
  /** Window of the queue-time rule the HPA reads. @default 60 (QUEUE_TIME_WINDOW 1m in constructs/triton/prometheus-adapter.ts) */
  metricWindowSeconds: z.number().int().min(1).max(600).default(60),
  /** cluster-autoscaler --scan-interval. @default 10 (cluster-autoscaler default) */
  autoscalerScanSeconds: z.number().int().min(1).max(300).default(10),
  /**
   * From the scale-up of a node group (at zero: from its node template, built from the scale-from-zero tags)
   * to the node Ready with its GPUs advertised: EC2 launch, boot of the NVIDIA AMI, kubelet join, device plugin.
   * @default 120 (an estimate for g4dn with AL2023_x86_64_NVIDIA; measure it: node creationTimestamp to Ready)
   */
  nodeBootSeconds: z.number().int().min(0).max(3600).default(120),
  /** Compressed size of the Triton image. @default 8 (an estimate for nvcr.io/nvidia/tritonserver -py3 tags; NGC lists each tag's size) */
  imageSizeGiB: z.number().gt(0).max(100).default(8),
  /** Image pull and unpack throughput on a new node, MiB/s. @default 100 (an estimate: containerd unpack, not the network, bounds it on g4dn) */
  imagePullMiBps: z.number().gt(0).max(10_000).default(100),
  /** Container start to Ready on a node that has the image: Triton start and loading every model from the bucket. @default 30 (an estimate) */
  modelLoadSeconds: z.number().int().min(0).max(3600).default(30),
  /**
   * Spot nodes EC2 grants per spot node group before it answers InsufficientInstanceCapacity; the autoscaler
   * then waits autoscaler.maxNodeProvisionTime and falls back to on-demand. @default unlimited (the group's maxSize)
   */
  spotNodesAvailable: z.number().int().min(0).max(100).optional(),
  /** How long the burst simulation runs after the ramp starts. @default 900 */
  durationSeconds: z.number().int().min(60).max(7200).default(900),
});

export const capacitySchema = strictObject({
  /** Traffic history CSV (timestamp,rps[,region,model,tier]), relative to the config file; `npm run plan` then adds a capacity line per region. @default none */
  trafficFile: z.string().min(1).optional(),
  /** Largest acceptable P(queue wait > triton.autoscaling.queueTimeSloMicroseconds) when sizing. @default 0.01 */
  waitProbability: z.number().gt(0).lt(1).default(0.01),
  /** Share of requests per tier, when the traffic file has no tier column; they must sum to 1. @default equal shares */
  tierShares: z.record(tierName, z.number().min(0).max(1)).optional(),
  /** Served share the premium (priority 1) tier must keep through the burst for the advice. @default 0.999 */
  premiumServedTarget: z.number().gt(0).max(1).default(0.999),
  /** Timings of the burst model. @default all defaults */
  burst: burstTimingSchema.default({}),
});

export type CapacityConfig = z.infer<typeof capacitySchema>;
export type BurstTimingConfig = z.infer<typeof burstTimingSchema>;
