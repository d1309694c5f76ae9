/**
 * The real haproxy with renderGatewayConfig's output, on loopback, in front of three fake Triton pods found
 * through a fake DNS server (server-template + resolvers, as in the cluster). Needs no example plan.
 */
import { startFakeDns, type FakeDns } from '../../../scripts/lib/gateway-loopback/fake-dns';
import { startFakeTriton, type FakeTritonPod } from '../../../scripts/lib/gateway-loopback/fake-triton';
import { startGateway, type GatewayTestSpec, type LiveGateway } from '../../../scripts/lib/gateway-loopback/haproxy';
import { grpcCall, httpRequest } from './support/clients';
import { describeEachHaproxy } from './support/each-haproxy';
import { decodeInferRequest, encodeInferRequest, grpcFrame, grpcUnframe } from './support/protobuf';


const TRITON_HOST = 'triton-headless.inference.test';
const POD_ADDRESSES = ['127.0.0.11', '127.0.0.12', '127.0.0.13'];
const QUEUE_TIMEOUT_MS = 600;
export const LIVE_SPEC: Omit<GatewayTestSpec, 'tritonHttpPort' | 'tritonGrpcPort'> = {
  tritonHost: TRITON_HOST,
  maxTritonPods: 4,
  perPodMaxConn: 2,
  tiers: [
    { name: 'premium', priorityLevel: 1, requestsPerSecondPerKey: 1000, requestsPerSecond: 10000, concurrentRequestsPerKey: 50, maxQueuedRequests: 50, retryAfterSeconds: 1 },
    { name: 'enterprise', priorityLevel: 2, requestsPerSecondPerKey: 1000, requestsPerSecond: 4, concurrentRequestsPerKey: 50, maxQueuedRequests: 20, retryAfterSeconds: 2 },
    { name: 'free', priorityLevel: 3, requestsPerSecondPerKey: 3, requestsPerSecond: 1000, concurrentRequestsPerKey: 2, maxQueuedRequests: 1, retryAfterSeconds: 5 },
  ],
  models: [
    { name: 'resnet50', maxTimeoutMicroseconds: { premium: 100000, enterprise: 250000, free: 500000 } },
    { name: 'text-embedder', maxTimeoutMicroseconds: { premium: 200000, enterprise: 400000, free: 1000000 } },
  ],
  levels: {
    normal: { admitTiers: ['premium', 'enterprise', 'free'], disabledModels: [] },
    'premium-only': { admitTiers: ['premium'], disabledModels: [] },
    'core-models': { admitTiers: ['premium', 'enterprise', 'free'], disabledModels: ['text-embedder'] },
  },
  defaultLevel: 'normal',
  queueTimeoutMilliseconds: QUEUE_TIMEOUT_MS,
  maxJsonHeaderBytes: 65536,
  reloadIntervalMilliseconds: 1000,
};

const KEYS = [
  { key: 'sk-premium-1', id: 'acme-premium', tier: 'premium' },
  { key: 'sk-enterprise-1', id: 'corp-a', tier: 'enterprise' },
  { key: 'sk-enterprise-2', id: 'corp-b', tier: 'enterprise' },
  { key: 'sk-free-1', id: 'hobbyist-1', tier: 'free' },
  { key: 'sk-free-2', id: 'hobbyist-2', tier: 'free' },
  { key: 'sk-free-3', id: 'hobbyist-3', tier: 'free' },
  { key: 'sk-free-4', id: 'hobbyist-4', tier: 'free' },
  { key: 'sk-filler', id: 'load-filler', tier: 'premium' },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const inferJson = (body: unknown) => JSON.stringify(body);

/** Polls `probe` until it returns true; resolves with the milliseconds it took. */
async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (await probe()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`not within ${limitMs} ms`);
}

describeEachHaproxy('the inference gateway, live: real haproxy, fake Triton, fake DNS', (haproxy) => {
  let dns: FakeDns;
  let pods: FakeTritonPod[];
  let gateway: LiveGateway;
  const all = () => pods.flatMap((pod) => pod.received);
  /** The one request Triton received since the last clearReceived(). */
  const lastReceived = () => {
    const received = all();
    expect(received).toHaveLength(1);
    return received[0];
  };
  const clearReceived = () => pods.forEach((pod) => pod.received.splice(0));

  beforeAll(async () => {
    const triton = await startFakeTriton(POD_ADDRESSES);
    pods = triton.pods;
    dns = await startFakeDns(TRITON_HOST, POD_ADDRESSES);
    gateway = await startGateway({ ...LIVE_SPEC, tritonHttpPort: triton.httpPort, tritonGrpcPort: triton.grpcPort }, dns.port, { binary: haproxy.command });
    gateway.writeKeys(KEYS);
    // Up when DNS has filled the server slots, their health checks passed and the Lua task has read the keys.
    await within(15_000, async () => (await httpRequest(gateway.ports.health, { path: '/healthz' })).status === 200);
    await within(5_000, async () => (await httpRequest(gateway.ports.http, { path: '/v2/health/ready', headers: bearer('sk-premium-1') })).status === 200);
  }, 30_000);

  afterAll(async () => {
    await gateway?.stop();
    await dns?.close();
    await Promise.all((pods ?? []).map((pod) => pod.close()));
  });

  afterEach(() => {
    clearReceived();
    pods.forEach((pod) => (pod.delayMs = 0));
  });

  // Rate windows are 1 s; tests that count requests start in a fresh second.
  const freshWindow = () => sleep(1100);

  it('answers 401 in Triton error shape without a key or with a wrong one, and UNAUTHENTICATED over gRPC', async () => {
    const body = inferJson({ inputs: [] });
    const none = await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body });
    const wrong = await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body, headers: bearer('sk-not-a-key') });
    const wrongHeader = await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body, headers: { 'x-api-key': 'sk-premium-1x' } });
    for (const answer of [none, wrong, wrongHeader]) {
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ error: 'missing or unknown API key' });
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="inference"');
    }
    const grpc = await grpcCall(gateway.ports.grpc, 'ModelInfer', grpcFrame(encodeInferRequest('model_name: "resnet50"')), bearer('sk-wrong'));
    expect(grpc).toMatchObject({ httpStatus: 200, grpcStatus: 16, grpcMessage: 'missing or unknown API key' });
    expect(grpc.headers['content-type']).toBe('application/grpc');
    expect(all()).toHaveLength(0);
  });

  it('sends each tier to Triton with its own priority (JSON), whatever the client sent, and strips the key', async () => {
    const cases = [
      { key: 'sk-premium-1', header: bearer('sk-premium-1'), expected: 1, body: { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: [0.5] }] } },
      { key: 'sk-enterprise-1', header: { 'x-api-key': 'sk-enterprise-1' }, expected: 2, body: { id: 'r1', parameters: { priority: 1, sequence_id: 7 }, inputs: [] } },
      // A spoof through a JSON escape: "priorit\u0079" is "priority" to Triton's parser, so to the gateway too.
      { key: 'sk-free-1', header: bearer('sk-free-1'), expected: 3, raw: '{"parameters":{"priorit\\u0079":1,"priority":1},"inputs":[]}' },
    ];
    for (const c of cases) {
      clearReceived();
      const answer = await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: c.raw ?? inferJson(c.body), headers: { ...c.header, 'x-forwarded-for': '6.6.6.6' } });
      expect(answer.status).toBe(200);
      const got = lastReceived();
      const parsed = JSON.parse(got.body.toString());
      expect(parsed.parameters.priority).toBe(c.expected);
      expect(got.body.toString().match(/priorit/g)).toHaveLength(1);
      expect(got.headers.authorization).toBeUndefined();
      expect(got.headers['x-api-key']).toBeUndefined();
      expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(Number(got.headers['content-length'])).toBe(got.body.length);
    }
  });

  it('rewrites the JSON header of a binary-tensor request and fixes Inference-Header-Content-Length; tensors arrive byte for byte', async () => {
    const header = Buffer.from(inferJson({ parameters: { priority: 1, binary_data_output: true }, inputs: [{ name: 'x', shape: [1, 50000], datatype: 'UINT8', parameters: { binary_data_size: 50000 } }] }));
    const tensor = Buffer.alloc(50000, 0).map((_, index) => (index * 31) % 251);
    const answer = await httpRequest(gateway.ports.http, {
      path: '/v2/models/resnet50/versions/1/infer',
      body: Buffer.concat([header, tensor]),
      headers: { ...bearer('sk-free-2'), 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
    });
    expect(answer.status).toBe(200);
    const got = lastReceived();
    const headerLength = Number(got.headers['inference-header-content-length']);
    const json = JSON.parse(got.body.subarray(0, headerLength).toString());
    expect(json.parameters).toEqual({ binary_data_output: true, priority: 3 });
    expect(Buffer.compare(got.body.subarray(headerLength), tensor)).toBe(0);
  });

  it('lets a client shorten its timeout but not lengthen it past the tier\'s queue timeout for the model', async () => {
    await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: inferJson({ parameters: { timeout: 999999999 }, inputs: [] }), headers: bearer('sk-free-3') });
    expect(JSON.parse(lastReceived().body.toString()).parameters).toEqual({ priority: 3, timeout: 500000 });
    clearReceived();
    await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: inferJson({ parameters: { timeout: 1000 }, inputs: [] }), headers: bearer('sk-premium-1') });
    expect(JSON.parse(lastReceived().body.toString()).parameters).toEqual({ priority: 1, timeout: 1000 });
  });

  it('appends the tier\'s priority to a gRPC ModelInferRequest: the decoder reads the tier\'s level, the rest intact', async () => {
    const tensor = Buffer.alloc(200_000, 7); // larger than HAProxy's buffer: the tail is added while streaming
    const spoofed = [
      'model_name: "text-embedder"',
      'id: "g1"',
      'parameters { key: "priority" value { int64_param: 1 } }',
      'parameters { key: "timeout" value { int64_param: 999999999 } }',
      'parameters { key: "sequence_id" value { int64_param: 42 } }',
      `raw_input_contents: "${'\\007'.repeat(16)}"`,
    ].join('\n');
    for (const [key, expected] of [['sk-premium-1', 1], ['sk-enterprise-1', 2], ['sk-free-4', 3]] as const) {
      clearReceived();
      const message = Buffer.concat([encodeInferRequest(spoofed), Buffer.from([0x3a, 0xc0, 0x9a, 0x0c]), tensor]); // + raw_input_contents #2, 200000 bytes
      const answer = await grpcCall(gateway.ports.grpc, 'ModelInfer', grpcFrame(message), bearer(key));
      expect(answer).toMatchObject({ httpStatus: 200, grpcStatus: 0 });
      const got = lastReceived();
      expect(got.protocol).toBe('grpc');
      const decoded = decodeInferRequest(grpcUnframe(got.body));
      expect(decoded.modelName).toBe('text-embedder');
      expect(decoded.parameters.priority).toEqual({ int64Param: expected });
      expect(decoded.parameters.timeout).toEqual({ int64Param: LIVE_SPEC.models[1].maxTimeoutMicroseconds[LIVE_SPEC.tiers[expected - 1].name] });
      expect(decoded.parameters.sequence_id).toEqual({ int64Param: 42 });
      expect(decoded.rawInputContents?.[1]?.length).toBe(200_000);
      expect(got.headers.authorization).toBeUndefined();
    }
  });

  it('refuses endpoints that are not inference or health: model control and shared memory', async () => {
    const load = await httpRequest(gateway.ports.http, { path: '/v2/repository/models/resnet50/unload', body: '{}', headers: bearer('sk-premium-1') });
    expect(load.status).toBe(403);
    expect(JSON.parse(load.body).error).toMatch(/not available through the inference gateway/);
    const grpc = await grpcCall(gateway.ports.grpc, 'RepositoryModelUnload', grpcFrame(Buffer.alloc(0)), bearer('sk-premium-1'));
    expect(grpc.grpcStatus).toBe(7);
    const stream = await grpcCall(gateway.ports.grpc, 'ModelStreamInfer', grpcFrame(Buffer.alloc(0)), bearer('sk-premium-1'));
    expect(stream.grpcStatus).toBe(7);
    expect(all()).toHaveLength(0);
  });

  it('answers 429 with Retry-After when a key goes over its rate (HTTP and gRPC RESOURCE_EXHAUSTED)', async () => {
    await freshWindow();
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-free-1') }));
    }
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
    const limited = answers.slice(3);
    for (const answer of limited) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('5');
      expect(JSON.parse(answer.body).error).toBe('limit exceeded for this API key (key-rate); retry after 5 s');
    }
    const grpc = await grpcCall(gateway.ports.grpc, 'ModelInfer', grpcFrame(encodeInferRequest('model_name: "resnet50"')), bearer('sk-free-1'));
    expect(grpc).toMatchObject({ httpStatus: 200, grpcStatus: 8 });
    expect(grpc.headers['retry-after']).toBe('5');
    expect(all()).toHaveLength(3);
  });

  it('answers 429 when a tier goes over its rate, all keys together', async () => {
    await freshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      for (const key of ['sk-enterprise-1', 'sk-enterprise-2']) {
        statuses.push((await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer(key) })).status);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('caps the requests one key has in flight', async () => {
    await freshWindow();
    const slow = { ...bearer('sk-free-2'), 'x-fake-delay-ms': '500' };
    const answers = await Promise.all([0, 1, 2].map(() => httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: slow })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(JSON.parse(answers.find((a) => a.status === 429)!.body).error).toContain('key-concurrency');
  });

  it('sheds the lower tier at once and after the queue timeout when Triton is full, while premium is still served', async () => {
    await freshWindow();
    const infer = (key: string, delayMs: number) => {
      const started = Date.now();
      return httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: { ...bearer(key), 'x-fake-delay-ms': String(delayMs) } }).then((answer) => ({ ...answer, ms: Date.now() - started }));
    };
    // 3 pods x 2 slots: five long requests and one short one fill them.
    const fillers = [...Array(5)].map(() => infer('sk-filler', 2500));
    const shortFiller = infer('sk-filler', 300);
    await sleep(100);
    const queuedFree = infer('sk-free-3', 0); // waits in the queue (none queued yet)
    await sleep(50);
    const shedFree = await infer('sk-free-4', 0); // one queued: free's maxQueuedRequests -> 503 at once
    const premium = infer('sk-premium-1', 2500); // queued ahead of the free request: takes the slot the short filler frees
    expect(shedFree.status).toBe(503);
    expect(shedFree.ms).toBeLessThan(200);
    expect(shedFree.headers['retry-after']).toBe('5');
    expect(JSON.parse(shedFree.body).error).toBe('Triton is saturated: tier free is shed; retry after 5 s');
    const premiumAnswer = await premium;
    expect(premiumAnswer.status).toBe(200);
    const queued = await queuedFree;
    expect(queued.status).toBe(503);
    expect(queued.ms).toBeGreaterThanOrEqual(QUEUE_TIMEOUT_MS - 50);
    expect(queued.ms).toBeLessThan(QUEUE_TIMEOUT_MS + 500);
    expect(queued.headers['retry-after']).toBe('5');
    expect(JSON.parse(queued.body).error).toBe('no Triton capacity within the queue timeout; retry after 5 s');
    await Promise.all([...fillers, shortFiller]);
    expect(all()).toHaveLength(7); // 6 fillers + premium: neither free request reached Triton
    expect(Math.max(...pods.map((pod) => pod.maxInFlight))).toBeLessThanOrEqual(LIVE_SPEC.perPodMaxConn);
  });

  it('balances by least connections: a busy pod gets no new requests while the others are idle', async () => {
    await freshWindow();
    const slow = () => httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: { ...bearer('sk-premium-1'), 'x-fake-delay-ms': '2000' } });
    const long = slow();
    await within(1_000, async () => pods.some((pod) => pod.inFlight === 1));
    const busy = pods.find((pod) => pod.inFlight === 1)!;
    for (let i = 0; i < 8; i += 1) {
      await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') });
    }
    // Round robin would have sent a third of the short ones to the busy pod; leastconn sends none.
    expect(busy.received).toHaveLength(1);
    expect(pods.reduce((sum, pod) => sum + pod.received.length, 0)).toBe(9);
    // Two more slow ones while the first is in flight: each goes to a pod with nothing in flight, so one per pod.
    // (How ties between idle pods are broken differs between HAProxy versions, so the short ones' split is not checked.)
    expect(busy.inFlight).toBe(1);
    const more = [slow(), slow()];
    await within(1_000, async () => pods.every((pod) => pod.inFlight === 1));
    await Promise.all([long, ...more]);
  });

  it('applies a degradation level from the level file within 2 s, without a restart, and shows it as a metric', async () => {
    const pid = gateway.process.pid;
    const free = () => httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-free-1') });
    await freshWindow();
    expect((await free()).status).toBe(200);
    gateway.writeLevel('premium-only');
    const took = await within(2_000, async () => (await free()).status === 503);
    expect(took).toBeLessThanOrEqual(2_000);
    const shed = await free();
    expect(JSON.parse(shed.body).error).toBe('the gateway is at degradation level premium-only, which does not admit tier free');
    expect((await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') })).status).toBe(200);
    const metrics = (await httpRequest(gateway.ports.metrics, { path: '/metrics/gateway' })).body;
    expect(metrics).toContain('spillway_gateway_level_info{level="premium-only"} 1');
    expect(metrics).toContain('spillway_gateway_level_info{level="normal"} 0');
    expect(metrics).toMatch(/spillway_gateway_requests_total\{tier="free",outcome="switched_off"\} [1-9]/);

    gateway.writeLevel('core-models'); // a per-model switch: text-embedder off for every tier
    await within(2_000, async () => (await httpRequest(gateway.ports.http, { path: '/v2/models/text-embedder/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') })).status === 503);
    expect((await httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') })).status).toBe(200);

    gateway.writeLevel('no-such-level'); // an unknown name keeps the level in force
    await sleep(1_500);
    expect((await httpRequest(gateway.ports.http, { path: '/v2/models/text-embedder/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') })).status).toBe(503);
    gateway.writeLevel('normal');
    await within(2_000, async () => (await httpRequest(gateway.ports.http, { path: '/v2/models/text-embedder/infer', body: '{"inputs":[]}', headers: bearer('sk-premium-1') })).status === 200);
    expect(gateway.process.pid).toBe(pid);
    expect(gateway.process.exitCode).toBeNull();
  });

  it('takes an added or revoked key within 2 s, without a restart', async () => {
    const pid = gateway.process.pid;
    const call = () => httpRequest(gateway.ports.http, { path: '/v2/models/resnet50/infer', body: '{"inputs":[]}', headers: bearer('sk-new-customer') });
    expect((await call()).status).toBe(401);
    gateway.writeKeys([...KEYS, { key: 'sk-new-customer', id: 'new-customer', tier: 'enterprise' }]);
    await within(2_000, async () => (await call()).status === 200);
    expect(JSON.parse(lastReceived().body.toString()).parameters.priority).toBe(2);
    gateway.writeKeys(KEYS);
    await within(2_000, async () => (await call()).status === 401);
    expect(gateway.process.pid).toBe(pid);
    expect(gateway.process.exitCode).toBeNull();
  });

  it('exports HAProxy\'s Prometheus metrics, both backends with every pod up', async () => {
    const metrics = await httpRequest(gateway.ports.metrics, { path: '/metrics' });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/haproxy_backend_active_servers\{proxy="triton"\} 3/);
    // The gRPC backend's pods stay up under their own (TCP) checks.
    await within(8_000, async () => /haproxy_backend_active_servers\{proxy="triton_grpc"\} 3/.test((await httpRequest(gateway.ports.metrics, { path: '/metrics' })).body));
  });

  it('fails the health endpoint when every Triton pod is down, and recovers when one is back', async () => {
    pods.forEach((pod) => (pod.ready = false));
    await within(10_000, async () => (await httpRequest(gateway.ports.health, { path: '/healthz' })).status === 503);
    pods[0].ready = true;
    await within(10_000, async () => (await httpRequest(gateway.ports.health, { path: '/healthz' })).status === 200);
    pods.forEach((pod) => (pod.ready = true));
  }, 30_000);
});

