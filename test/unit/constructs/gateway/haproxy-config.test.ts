import { perPodMaxConn, renderGatewayConfig, type GatewayConfigSpec } from '../../../../constructs/gateway/haproxy-config';
import { GATEWAY } from '../../../../model/contracts';

const spec: GatewayConfigSpec = {
  tritonHost: 'triton-inference-server-pods.inference.svc.cluster.local',
  tritonHttpPort: 8000,
  tritonGrpcPort: 8001,
  maxTritonPods: 8,
  perPodMaxConn: 96,
  tiers: [
    { name: 'premium', priorityLevel: 1, requestsPerSecondPerKey: 200, requestsPerSecond: 2000, concurrentRequestsPerKey: 64, maxQueuedRequests: 512, retryAfterSeconds: 1 },
    { name: 'free', priorityLevel: 3, requestsPerSecondPerKey: 5, requestsPerSecond: 200, concurrentRequestsPerKey: 2, maxQueuedRequests: 32, retryAfterSeconds: 5 },
  ],
  models: [{ name: 'resnet50', maxTimeoutMicroseconds: { premium: 100000, free: 500000 } }],
  levels: { normal: { admitTiers: ['premium', 'free'], disabledModels: [] }, 'premium-only': { admitTiers: ['premium'], disabledModels: ['resnet50'] } },
  defaultLevel: 'normal',
  queueTimeoutMilliseconds: 1000,
  maxJsonHeaderBytes: 262144,
};

describe('renderGatewayConfig', () => {
  const files = renderGatewayConfig(spec);
  const cfg = files['haproxy.cfg'];
  const lua = files['gateway.lua'];

  it('renders flat file names only (one ConfigMap key each)', () => {
    expect(Object.keys(files).sort()).toEqual(['gateway.lua', 'haproxy.cfg']);
  });

  it('discovers Triton pods through DNS with leastconn, readiness checks and a per-pod maxconn', () => {
    expect(cfg).toContain('  server-template pod 1-8 triton-inference-server-pods.inference.svc.cluster.local:8000');
    expect(cfg).toContain('  server-template pod 1-8 triton-inference-server-pods.inference.svc.cluster.local:8001');
    expect(cfg.match(/balance leastconn/g)).toHaveLength(2);
    expect(cfg.match(/option httpchk GET \/v2\/health\/ready/g)).toHaveLength(1);
    expect(cfg).toMatch(/default-server check inter 2s .*maxconn 96 resolvers cluster init-addr none .*proto h2/);
    expect(cfg).toContain('  parse-resolv-conf');
    expect(cfg).toContain(`  timeout queue 1000ms`);
  });

  it('gives every tier its rate, concurrency and queue limits and its priority class', () => {
    for (const tier of spec.tiers) {
      expect(cfg).toContain(`if tier_${tier.name} { sc_http_req_rate(0) gt ${tier.requestsPerSecondPerKey} }`);
      expect(cfg).toContain(`if tier_${tier.name} { sc_conn_cur(0) gt ${tier.concurrentRequestsPerKey} }`);
      expect(cfg).toContain(`if tier_${tier.name} { sc_http_req_rate(1) gt ${tier.requestsPerSecond} }`);
      expect(cfg).toContain(`if tier_${tier.name} !is_grpc { queue(triton) ge ${tier.maxQueuedRequests} }`);
      expect(cfg).toContain(`http-request set-priority-class int(${tier.priorityLevel}) if tier_${tier.name}`);
    }
  });

  it('binds the contract ports and fails the health endpoint with no Triton up', () => {
    for (const port of Object.values(GATEWAY.ports)) expect(cfg).toContain(`  bind :${port}`);
    expect(cfg).toContain(`  monitor-uri ${GATEWAY.healthPath}`);
    expect(cfg).toContain('  monitor fail if { nbsrv(triton) lt 1 }');
    expect(cfg).toContain(`  lua-load ${GATEWAY.configDir}/gateway.lua`);
    expect(cfg).toContain('  tune.bufsize 278528');
  });

  it('hands the Lua its settings: files, tiers, per-model timeouts and levels', () => {
    expect(lua).toContain(`keys_file = "${GATEWAY.keysFile}"`);
    expect(lua).toContain(`level_file = "${GATEWAY.levelFile}"`);
    expect(lua).toContain('["free"] = { priority = 3, retry_after = 5, max_timeout = 500000 }');
    expect(lua).toContain('["resnet50"] = { ["premium"] = 100000, ["free"] = 500000 }');
    expect(lua).toContain('["premium-only"] = { admit = { ["premium"] = true }, disabled = { ["resnet50"] = true } }');
    expect(lua).toContain('core.register_filter("gateway_body"');
  });

  it('accepts the PROXY protocol on the inference and health binds only when asked, never on the metrics bind', () => {
    expect(cfg).not.toContain('accept-proxy');
    const proxied = renderGatewayConfig({ ...spec, acceptProxyProtocol: true })['haproxy.cfg'];
    expect(proxied).toContain(`  bind :${GATEWAY.ports.http} accept-proxy\n`);
    expect(proxied).toContain(`  bind :${GATEWAY.ports.grpc} accept-proxy proto h2\n`);
    expect(proxied).toContain(`  bind :${GATEWAY.ports.health} accept-proxy\n`);
    expect(proxied).toContain(`  bind :${GATEWAY.ports.metrics}\n`);
  });

  it('refuses a spec whose levels name unknown tiers or models', () => {
    expect(() => renderGatewayConfig({ ...spec, levels: { normal: { admitTiers: ['gold'], disabledModels: ['bert'] } } })).toThrow(
      'renderGatewayConfig: levels.normal admits unknown tier "gold"; levels.normal switches off unknown model "bert"',
    );
    expect(() => renderGatewayConfig({ ...spec, defaultLevel: 'panic' })).toThrow('defaultLevel "panic" is not a level');
  });

  it('derives the per-pod slots from instances x GPUs x the largest preferred batch, summed over models', () => {
    expect(perPodMaxConn([{ instanceCount: 2, preferredBatchSizes: [8, 16, 32], maxBatchSize: 32 }, { instanceCount: 1, preferredBatchSizes: [], maxBatchSize: 64 }], 1)).toBe(128);
    expect(perPodMaxConn([{ instanceCount: 2, preferredBatchSizes: [8], maxBatchSize: 32 }], 2)).toBe(32);
  });
});
