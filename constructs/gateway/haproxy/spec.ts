/**
 * The props of `renderGatewayConfig`: everything haproxy.cfg and its Lua are rendered from. stacks/ builds
 * it from `gateway`, `triton` and `frontDoor` config; tests build it by hand with loopback addresses.
 */

/** Limits and the Triton priority of one client tier. */
export interface GatewayTierSpec {
  /** Tier name, as in the keys file's third column and the metrics' `tier` label. */
  readonly name: string;
  /** Triton priority level of the tier (1 is served first); also the HAProxy `set-priority-class`. */
  readonly priorityLevel: number;
  /** Requests per second one key of the tier may send (per gateway pod); above: 429. */
  readonly requestsPerSecondPerKey: number;
  /** Requests per second the whole tier may send (per gateway pod); above: 429. */
  readonly requestsPerSecond: number;
  /** Requests one key may have in flight (per gateway pod); above: 429. */
  readonly concurrentRequestsPerKey: number;
  /** Backend queue depth at which new requests of the tier are answered 503 at once. */
  readonly maxQueuedRequests: number;
  /** `Retry-After` seconds on the tier's 429 and 503 answers. */
  readonly retryAfterSeconds: number;
}

/** A Triton model the gateway knows: for the per-model switches and the timeout clamp. */
export interface GatewayModelSpec {
  /** Model name, as in `/v2/models/<name>/...` and `ModelInferRequest.model_name`. */
  readonly name: string;
  /**
   * Longest request timeout a client may ask for, per tier name, in microseconds (Triton's queue policy timeout
   * of the tier for this model): a larger client `timeout` parameter is lowered to it.
   */
  readonly maxTimeoutMicroseconds: Readonly<Record<string, number>>;
}

/** A degradation level: which tiers are admitted and which models are off while it is in force. */
export interface GatewayLevelSpec {
  /** Tiers admitted; the others get 503 with Retry-After. */
  readonly admitTiers: readonly string[];
  /** Models answered 503 for every tier. */
  readonly disabledModels: readonly string[];
}

export interface GatewayConfigSpec {
  /** DNS name of Triton's headless Service: one A record per ready pod (HAProxy `server-template`). */
  readonly tritonHost: string;
  /** Triton's HTTP port on every pod (HTTP/1.1 to the backend). */
  readonly tritonHttpPort: number;
  /** Triton's gRPC port on every pod (h2c to the backend). */
  readonly tritonGrpcPort: number;
  /** Server slots per backend (`server-template` count): at least the most Triton pods there can be. */
  readonly maxTritonPods: number;
  /** Requests in flight per Triton pod before the gateway queues (model instances x preferred batch, summed over models). */
  readonly perPodMaxConn: number;
  /**
   * DNS servers (`ip:port`) of the `resolvers` section.
   * @default none: `parse-resolv-conf` (the pod's /etc/resolv.conf, i.e. the cluster DNS)
   */
  readonly nameservers?: readonly string[];
  /** Client tiers, each with its limits; at least one. */
  readonly tiers: readonly GatewayTierSpec[];
  /** Models Triton serves. */
  readonly models: readonly GatewayModelSpec[];
  /** Degradation levels by name. */
  readonly levels: Readonly<Record<string, GatewayLevelSpec>>;
  /** Level in force while the level file is missing or empty. */
  readonly defaultLevel: string;
  /** HAProxy `timeout queue` of the Triton backends, in milliseconds. */
  readonly queueTimeoutMilliseconds: number;
  /** Largest JSON header the gateway rewrites (`tune.bufsize`). */
  readonly maxJsonHeaderBytes: number;
  /**
   * The NLB sends a PROXY protocol (v2) header on every connection: the inference binds `accept-proxy`, so
   * `src` and `X-Forwarded-For` are the client's address, not the NLB's; so does the health bind, because the
   * NLB's health checks then open with a header as well. Must match the target groups' setting; a connection
   * without a header is refused (nothing but the NLB may then reach those ports).
   * @default false
   */
  readonly acceptProxyProtocol?: boolean;
  /** Address the listeners bind to. @default '' (every IPv4 address, as `bind :<port>`) */
  readonly bindAddress?: string;
  /** Listener ports. @default GATEWAY.ports */
  readonly ports?: { readonly http: number; readonly grpc: number; readonly health: number; readonly metrics: number };
  /** Where haproxy.cfg and the Lua files are mounted. @default GATEWAY.configDir */
  readonly configDir?: string;
  /** The key hash map file. @default GATEWAY.keysFile */
  readonly keysFile?: string;
  /** The degradation level file. @default GATEWAY.levelFile */
  readonly levelFile?: string;
  /** How often the Lua task re-reads the keys and level files, in milliseconds. @default 1000 */
  readonly reloadIntervalMilliseconds?: number;
  /** Seconds of inactivity before HAProxy closes a client or server side (`timeout client` / `timeout server`). @default 120 */
  readonly idleTimeoutSeconds?: number;
  /** HAProxy worker threads (`nbthread`); more than 1 is not recommended (see haproxy/cfg.ts). @default 1 */
  readonly threads?: number;
}
