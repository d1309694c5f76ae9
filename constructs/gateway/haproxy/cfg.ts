/**
 * haproxy.cfg of the inference gateway, section by section. Keywords are limited to what HAProxy 2.6 (Debian,
 * the tests) and the pinned 3.2 LTS image both accept.
 */
import { GATEWAY } from '../../../model/contracts';
import { resolvedPaths } from './paths';
import type { GatewayConfigSpec, GatewayTierSpec } from './spec';

/** Reply bodies in Triton's error shape; `%[...]` is filled in by HAProxy (lf-string). */
const jsonError = (message: string) => `lf-string '{"error":"${message}"}' content-type application/json`;
/** A gRPC "trailers-only" answer: HTTP 200 with grpc-status and grpc-message, no body (content-type: see http-after-response). */
const grpcError = (code: number, message: string) => `status 200 hdr grpc-status ${code} hdr grpc-message "${message}"`;

/** gRPC status codes (grpc/grpc doc/statuscodes.md). */
const GRPC = { INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

const tierAcl = (tier: GatewayTierSpec) => `tier_${tier.name.replace(/-/g, '_')}`;

function bind(spec: GatewayConfigSpec, port: number, extra = ''): string {
  return `  bind ${spec.bindAddress ?? ''}:${port}${extra}`;
}

function global(spec: GatewayConfigSpec): string[] {
  const { configDir } = resolvedPaths(spec);
  return [
    'global',
    '  log stdout format raw local0 info',
    // 3.1+ warns (and so fails `haproxy -c -dW`) unless the boolean-sample behaviour of Lua is chosen; 2.6 has
    // no such keyword. The script reads no boolean sample, so "normal" changes nothing for it.
    '.if version_atleast(3.1)',
    '  tune.lua.bool-sample-conversion normal',
    '.endif',
    `  lua-load ${configDir}/gateway.lua`,
    // The JSON header (or gRPC message start) must fit the buffer to be rewritten; headers need room beside it.
    `  tune.bufsize ${spec.maxJsonHeaderBytes + 16384}`,
    // One thread by default: the Lua state is shared (one lock) and HAProxy 2.6's Lua filters failed under
    // load with two threads ("attempt to index a thread value"); the HPA adds pods instead.
    `  nbthread ${spec.threads ?? 1}`,
    '',
  ];
}

function defaults(spec: GatewayConfigSpec): string[] {
  const idle = spec.idleTimeoutSeconds ?? 120;
  return [
    'defaults',
    '  mode http',
    '  log global',
    '  option dontlognull',
    '  timeout connect 3s',
    `  timeout client ${idle}s`,
    `  timeout server ${idle}s`,
    '  timeout http-request 30s',
    '  timeout http-keep-alive 30s',
    `  timeout queue ${spec.queueTimeoutMilliseconds}ms`,
    '  timeout check 2s',
    '',
  ];
}

function resolvers(spec: GatewayConfigSpec): string[] {
  const servers = spec.nameservers?.length
    ? spec.nameservers.map((address, index) => `  nameserver dns${index} ${address}`)
    : ['  parse-resolv-conf'];
  return [
    'resolvers cluster',
    ...servers,
    '  accepted_payload_size 8192',
    '  resolve_retries 3',
    '  timeout resolve 1s',
    '  timeout retry 1s',
    // A pod that leaves the headless Service's answer is dropped within seconds.
    '  hold valid 5s',
    '  hold obsolete 5s',
    '  hold nx 5s',
    '  hold other 5s',
    '  hold refused 5s',
    '  hold timeout 5s',
    '',
  ];
}

/** Rejects with `status` for HTTP and `grpcCode` for gRPC when `condition` holds; counts the outcome first. */
function reject(status: number, grpcCode: number, outcome: string, message: string, condition: string, retryAfter = true): string[] {
  const retry = retryAfter ? ' hdr Retry-After "%[var(txn.retry_after)]"' : '';
  return [
    `  http-request set-var(txn.outcome) str(${outcome}) if ${condition}`,
    `  http-request lua.gateway_count if ${condition}`,
    `  http-request return status ${status} ${jsonError(message)}${retry} if ${condition} !is_grpc`,
    `  http-request return ${grpcError(grpcCode, message)}${retry} if ${condition} is_grpc`,
  ];
}

function inferenceFrontend(spec: GatewayConfigSpec): string[] {
  const { ports } = resolvedPaths(spec);
  const tiers = spec.tiers;
  const lines = [
    'frontend inference',
    bind(spec, ports.http, spec.acceptProxyProtocol ? ' accept-proxy' : ''),
    bind(spec, ports.grpc, `${spec.acceptProxyProtocol ? ' accept-proxy' : ''} proto h2`),
    '  log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq tier=%[var(txn.tier)] key=%[var(txn.key_id)] level=%[var(txn.level)] %{+Q}r"',
    '  option http-buffer-request',
    '  filter lua.gateway_body',
    // The client's address (from the PROXY header with acceptProxyProtocol); a client-sent X-Forwarded-For is replaced.
    '  http-request set-header X-Forwarded-For %[src]',
    '  acl is_grpc var(txn.grpc) -m int 1',
    ...tiers.map((tier) => `  acl ${tierAcl(tier)} var(txn.tier) -m str ${tier.name}`),
    '  http-request lua.gateway_classify',
    ...reject(403, GRPC.PERMISSION_DENIED, 'forbidden', 'this endpoint is not available through the inference gateway', '{ var(txn.kind) -m str forbidden }', false),
    '  http-request set-var(txn.outcome) str(unauthenticated) if !{ var(txn.tier) -m found }',
    '  http-request lua.gateway_count if !{ var(txn.tier) -m found }',
    `  http-request return status 401 ${jsonError('missing or unknown API key')} hdr WWW-Authenticate "Bearer realm=\\"inference\\"" if !{ var(txn.tier) -m found } !is_grpc`,
    `  http-request return ${grpcError(GRPC.UNAUTHENTICATED, 'missing or unknown API key')} if !{ var(txn.tier) -m found } is_grpc`,
    ...reject(503, GRPC.UNAVAILABLE, 'switched_off', '%[var(txn.shed)]', '{ var(txn.shed) -m found }'),
    // Per key: counted before the tier's counter, so one noisy key does not use up its tier's rate.
    '  http-request track-sc0 var(txn.key_id) table st_keys',
    ...tiers.map((tier) => `  http-request set-var(txn.limit) str(key-rate) if ${tierAcl(tier)} { sc_http_req_rate(0) gt ${tier.requestsPerSecondPerKey} }`),
    ...tiers.map((tier) => `  http-request set-var(txn.limit) str(key-concurrency) if ${tierAcl(tier)} { sc_conn_cur(0) gt ${tier.concurrentRequestsPerKey} }`),
    ...reject(429, GRPC.RESOURCE_EXHAUSTED, 'rate_limited', 'limit exceeded for this API key (%[var(txn.limit)]); retry after %[var(txn.retry_after)] s', '{ var(txn.limit) -m found }'),
    '  http-request track-sc1 var(txn.tier) table st_tiers',
    ...tiers.map((tier) => `  http-request set-var(txn.limit) str(tier-rate) if ${tierAcl(tier)} { sc_http_req_rate(1) gt ${tier.requestsPerSecond} }`),
    ...reject(429, GRPC.RESOURCE_EXHAUSTED, 'rate_limited', 'request rate limit of tier %[var(txn.tier)] exceeded; retry after %[var(txn.retry_after)] s', '{ var(txn.limit) -m found }'),
    // Lower tiers stop queueing first: each tier has its own depth at which it is answered 503 at once.
    ...tiers.flatMap((tier) => [
      `  http-request set-var(txn.full) bool(true) if ${tierAcl(tier)} !is_grpc { queue(${GATEWAY.backendName}) ge ${tier.maxQueuedRequests} }`,
      `  http-request set-var(txn.full) bool(true) if ${tierAcl(tier)} is_grpc { queue(${GATEWAY.backendName}_grpc) ge ${tier.maxQueuedRequests} }`,
    ]),
    ...reject(503, GRPC.UNAVAILABLE, 'shed', 'Triton is saturated: tier %[var(txn.tier)] is shed; retry after %[var(txn.retry_after)] s', '{ var(txn.full) -m found }'),
    ...tiers.map((tier) => `  http-request set-priority-class int(${tier.priorityLevel}) if ${tierAcl(tier)}`),
    '  http-request lua.gateway_rewrite',
    '  http-request set-var(txn.outcome) str(bad_request) if { var(txn.reject_status) -m found }',
    '  http-request lua.gateway_count',
    `  http-request return status 400 ${jsonError('%[var(txn.reject_message)]')} if { var(txn.reject_status) -m int 400 } !is_grpc`,
    `  http-request return status 413 ${jsonError('%[var(txn.reject_message)]')} if { var(txn.reject_status) -m int 413 } !is_grpc`,
    '  http-request return status 200 hdr grpc-status "%[var(txn.reject_grpc)]" hdr grpc-message "%[var(txn.reject_message)]" if { var(txn.reject_status) -m found } is_grpc',
    // Keys never reach Triton (or its logs).
    ...GATEWAY.apiKeyHeaders.map((header) => `  http-request del-header ${header}`),
    // HAProxy's own 503 (queue timeout, no server) is a gRPC UNAVAILABLE for gRPC clients.
    '  http-after-response set-status 200 if is_grpc { status 503 } { res.hdr(grpc-status) -m found }',
    // HAProxy sets no content-type on a reply without a body; gRPC clients need it on a trailers-only answer.
    '  http-after-response set-header content-type application/grpc if is_grpc { res.hdr(grpc-status) -m found }',
    `  use_backend ${GATEWAY.backendName}_grpc if is_grpc`,
    `  default_backend ${GATEWAY.backendName}`,
    '',
  ];
  return lines;
}

function tritonBackend(spec: GatewayConfigSpec, grpc: boolean): string[] {
  const name = grpc ? `${GATEWAY.backendName}_grpc` : GATEWAY.backendName;
  const port = grpc ? spec.tritonGrpcPort : spec.tritonHttpPort;
  const queueTimeout = 'no Triton capacity within the queue timeout; retry after %[var(txn.retry_after)] s';
  return [
    `backend ${name}`,
    '  balance leastconn',
    // gRPC pods: a TCP check of the gRPC port (HAProxy 2.6 marks h2 servers down when their check speaks
    // HTTP/1.1 to the HTTP port); readiness, and so the health endpoint, come from the HTTP backend's checks.
    ...(grpc ? [] : ['  option httpchk GET /v2/health/ready', '  http-check expect status 200']),
    grpc
      ? `  http-error status 503 hdr grpc-status ${GRPC.UNAVAILABLE} hdr grpc-message "${queueTimeout}" hdr Retry-After "%[var(txn.retry_after)]"`
      : `  http-error status 503 ${jsonError(queueTimeout)} hdr Retry-After "%[var(txn.retry_after)]"`,
    `  default-server check inter 2s fall 2 rise 2 maxconn ${spec.perPodMaxConn} resolvers cluster init-addr none resolve-prefer ipv4${grpc ? ' proto h2' : ''}`,
    `  server-template pod 1-${spec.maxTritonPods} ${spec.tritonHost}:${port}`,
    '',
  ];
}

function healthFrontend(spec: GatewayConfigSpec): string[] {
  const { ports } = resolvedPaths(spec);
  return [
    'frontend health',
    // With PROXY protocol on, the NLB's health checks open with a header too (command LOCAL, no client address).
    bind(spec, ports.health, spec.acceptProxyProtocol ? ' accept-proxy' : ''),
    '  no log',
    `  monitor-uri ${GATEWAY.healthPath}`,
    // The NLB (and so Global Accelerator) stops sending here when no Triton pod is up.
    `  monitor fail if { nbsrv(${GATEWAY.backendName}) lt 1 }`,
    '  http-request return status 404',
    '',
  ];
}

function metricsFrontend(spec: GatewayConfigSpec): string[] {
  const { ports } = resolvedPaths(spec);
  return [
    'frontend metrics',
    bind(spec, ports.metrics),
    '  no log',
    `  http-request use-service prometheus-exporter if { path ${GATEWAY.metricsPath} }`,
    `  http-request use-service lua.gateway_metrics if { path ${GATEWAY.levelMetricsPath} }`,
    '  http-request return status 404',
    '',
  ];
}

function stickTables(spec: GatewayConfigSpec): string[] {
  return [
    // Per key id: request rate over 1 s and requests in flight (a tracked stream counts until it ends).
    'backend st_keys',
    '  stick-table type string len 64 size 1m expire 60s store http_req_rate(1s),conn_cur',
    '',
    'backend st_tiers',
    `  stick-table type string len 32 size ${Math.max(16, spec.tiers.length * 2)} expire 60s store http_req_rate(1s)`,
    '',
  ];
}

export function renderHaproxyCfg(spec: GatewayConfigSpec): string {
  return [
    '# Rendered by Spillway (constructs/gateway/haproxy-config.ts); do not edit by hand.',
    ...global(spec),
    ...defaults(spec),
    ...resolvers(spec),
    ...inferenceFrontend(spec),
    ...tritonBackend(spec, false),
    ...tritonBackend(spec, true),
    ...healthFrontend(spec),
    ...metricsFrontend(spec),
    ...stickTables(spec),
  ].join('\n');
}
