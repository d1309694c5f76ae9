/**
 * acceptProxyProtocol with the real haproxy: behind an NLB that sends a PROXY protocol header, the address in
 * X-Forwarded-For is the client's from the header; a connection without the header is refused.
 */
import { execFileSync } from 'child_process';
import * as net from 'net';
import { startFakeDns, type FakeDns } from '../../../scripts/lib/gateway-loopback/fake-dns';
import { startFakeTriton, type FakeTritonPod } from '../../../scripts/lib/gateway-loopback/fake-triton';
import { startGateway, type LiveGateway } from '../../../scripts/lib/gateway-loopback/haproxy';

const haproxyMissing = (() => {
  try {
    execFileSync('haproxy', ['-v']);
    return false;
  } catch {
    return true;
  }
})();
const HOST = 'triton-proxy.inference.test';

/** Sends raw bytes and resolves with everything the gateway answered until it closed or 3 s passed. */
function raw(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\r\n\r\n') && /content-length: (\d+)/i.test(text)) socket.end();
    });
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
    setTimeout(() => socket.destroy(), 3000);
  });
}

(haproxyMissing ? describe.skip : describe)('the gateway behind a PROXY-protocol NLB (real haproxy)', () => {
  let dns: FakeDns;
  let pods: FakeTritonPod[];
  let gateway: LiveGateway;

  beforeAll(async () => {
    const triton = await startFakeTriton(['127.0.0.31']);
    pods = triton.pods;
    dns = await startFakeDns(HOST, ['127.0.0.31']);
    const tier = { requestsPerSecondPerKey: 100, requestsPerSecond: 100, concurrentRequestsPerKey: 10, maxQueuedRequests: 10, retryAfterSeconds: 1 };
    gateway = await startGateway(
      {
        tritonHost: HOST, tritonHttpPort: triton.httpPort, tritonGrpcPort: triton.grpcPort, maxTritonPods: 1, perPodMaxConn: 4,
        tiers: [{ name: 'premium', priorityLevel: 1, ...tier }], models: [],
        levels: { normal: { admitTiers: ['premium'], disabledModels: [] } }, defaultLevel: 'normal',
        queueTimeoutMilliseconds: 500, maxJsonHeaderBytes: 65536, acceptProxyProtocol: true,
      },
      dns.port,
    );
    gateway.writeKeys([{ key: 'sk-proxy', id: 'proxy-client', tier: 'premium' }]);
  }, 30_000);

  afterAll(async () => {
    await gateway?.stop();
    await dns?.close();
    await Promise.all((pods ?? []).map((pod) => pod.close()));
  });

  it('puts the client address from the PROXY header in X-Forwarded-For, and refuses a connection without one', async () => {
    const request = `POST /v2/models/m/infer HTTP/1.1\r\nhost: gw\r\nauthorization: Bearer sk-proxy\r\nx-forwarded-for: 6.6.6.6\r\ncontent-length: 13\r\n\r\n{"inputs":[]}`;
    const deadline = Date.now() + 15_000;
    let answer = '';
    while (Date.now() < deadline && !answer.startsWith('HTTP/1.1 200')) {
      answer = await raw(gateway.ports.http, `PROXY TCP4 203.0.113.7 127.0.0.1 40000 ${gateway.ports.http}\r\n${request}`);
      if (!answer.startsWith('HTTP/1.1 200')) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
    expect(pods[0].received.at(-1)!.headers['x-forwarded-for']).toBe('203.0.113.7');
    const before = pods[0].received.length;
    expect(await raw(gateway.ports.http, request)).not.toMatch(/^HTTP\/1\.1 200/);
    expect(pods[0].received).toHaveLength(before);
  }, 30_000);
});
