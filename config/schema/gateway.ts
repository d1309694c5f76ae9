/**
 * `gateway`: the HAProxy inference gateway in every cluster (issue 11): per-tier limits, overload answers and
 * degradation levels. Tier names and their Triton priority levels come from `triton.tiers`; every tier needs
 * an entry here (config/validate/gateway.ts).
 */
import { z } from 'zod';
import { strictObject } from './common';
import { tierName, tritonModelName } from './triton';

/** Degradation level name, as operators type it (`npm run gateway -- level <region> <level>`). */
export const gatewayLevelName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, '2-32 characters of a-z, 0-9 and "-", starting with a letter');

export const gatewayTierSchema = strictObject({
  /**
   * Requests per second one API key of this tier may send (HAProxy `http_req_rate(1s)` per key id, per gateway
   * pod). Above it the request is answered 429 with `Retry-After` (gRPC RESOURCE_EXHAUSTED).
   */
  requestsPerSecondPerKey: z.number().int().min(1).max(1_000_000),
  /** Requests per second the whole tier may send, all keys together, per gateway pod. Above it: 429. */
  requestsPerSecond: z.number().int().min(1).max(10_000_000),
  /** Requests one API key of this tier may have in flight at once (queued or at Triton), per gateway pod. Above it: 429. */
  concurrentRequestsPerKey: z.number().int().min(1).max(100_000),
  /**
   * While this many requests wait in the gateway's queue for a free Triton slot, new requests of this tier are
   * answered 503 with `Retry-After` at once (gRPC UNAVAILABLE) instead of queueing. Lower tiers need a value no
   * higher than the tiers above them, so they are shed first. At least 1.
   */
  maxQueuedRequests: z.number().int().min(1).max(1_000_000),
  /** Seconds a client is told to wait (`Retry-After`) after a 429 or 503 of this tier. @default 1 */
  retryAfterSeconds: z.number().int().min(1).max(3600).default(1),
});

export const gatewayLevelSchema = strictObject({
  /** Tiers admitted while this level is in force; the others get 503 with `Retry-After`. @default every tier */
  admitTiers: z.array(tierName).min(1).optional(),
  /** Models switched off while this level is in force (503 for every tier). @default none */
  disabledModels: z.array(tritonModelName).default([]),
});

export const gatewaySchema = strictObject({
  /** HAProxy container image: a current LTS release, pinned. @default docker.io/haproxytech/haproxy-alpine:3.2.9 */
  image: strictObject({
    /** @default docker.io/haproxytech/haproxy-alpine */
    repository: z
      .string()
      .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'an image repository like docker.io/haproxytech/haproxy-alpine')
      .default('docker.io/haproxytech/haproxy-alpine'),
    /** A pinned release tag; `latest` and bare branches like `3.2` are rejected. @default 3.2.9 (LTS branch 3.2) */
    tag: z
      .string()
      .regex(/^\d+\.\d+\.\d+([._-][A-Za-z0-9_.-]+)?$/, 'a pinned HAProxy release tag like 3.2.9')
      .default('3.2.9'),
  }).default({}),
  /** Replica bounds of the gateway's HPA in every cluster (system nodes, spread over zones). @default 2..6 */
  replicas: strictObject({
    /** Pods kept even when idle; at least 2 so a PDB can keep one up. @default 2 */
    min: z.number().int().min(2).max(100).default(2),
    /** @default 6 */
    max: z.number().int().min(2).max(100).default(6),
  }).default({}),
  /** Limits per client tier: one entry for every tier in `triton.tiers`, and no other names. */
  tiers: z.record(tierName, gatewayTierSchema),
  /**
   * The longest any request waits in the gateway's queue for a free Triton slot (HAProxy `timeout queue`),
   * in milliseconds; past it the answer is 503 with `Retry-After` (gRPC UNAVAILABLE). Requests are dequeued
   * by tier (`set-priority-class`): a higher tier always goes first. @default 1000
   */
  queueTimeoutMilliseconds: z.number().int().min(10).max(60_000).default(1000),
  /**
   * Largest JSON inference header the gateway rewrites (HAProxy `tune.bufsize`): the whole body of a JSON-only
   * request, or the part before the binary tensors (`Inference-Header-Content-Length`). Larger: 413. @default 262144
   */
  maxJsonHeaderBytes: z.number().int().min(16_384).max(16_777_216).default(262_144),
  /** Named degradation levels an operator switches between without a redeploy. @default { normal: {} } (every tier, every model) */
  levels: z.record(gatewayLevelName, gatewayLevelSchema).default({ normal: {} }),
  /** Level in force when no operator has switched one (and after the switch is reset). @default normal */
  defaultLevel: gatewayLevelName.default('normal'),
});
