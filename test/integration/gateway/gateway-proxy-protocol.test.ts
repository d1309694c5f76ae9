/**
 * acceptProxyProtocol with the real haproxy: behind an NLB that sends a PROXY protocol v2 header (binary, as
 * the NLB writes it, with an AWS TLV), the address in X-Forwarded-For is the client's from the header; the
 * NLB's health checks, which then open with a LOCAL header, are answered; a connection without a header is refused.
 */
import * as net from 'net';
import { startFakeDns, type FakeDns } from '../../../scripts/lib/gateway-loopback/fake-dns';
import { startFakeTriton, type FakeTritonPod } from '../../../scripts/lib/gateway-loopback/fake-triton';
import { startGateway, type LiveGateway } from '../../../scripts/lib/gateway-loopback/haproxy';
import { describeEachHaproxy } from './support/each-haproxy';

const HOST = 'triton-proxy.inference.test';

const PROXY_V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** A PROXY protocol v2 header (haproxy's proxy-protocol.txt, section 2.2): PROXY over TCP/IPv4, or LOCAL. */
function proxyV2(from?: { address: string; port: number; toPort: number }): Buffer {
  if (!from) return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x20, 0x00, 0x00, 0x00])]);
  const ipv4 = (address: string) => Buffer.from(address.split('.').map(Number));
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(from.port, 0);
  ports.writeUInt16BE(from.toPort, 2);
  // PP2_TYPE_AWS (0xEA), subtype PP2_SUBTYPE_AWS_VPCE_ID: what an NLB behind PrivateLink adds.
  const vpce = Buffer.from('vpce-0123456789abcdef0');
  const tlv = Buffer.concat([Buffer.from([0xea, 0x00, vpce.length + 1, 0x01]), vpce]);
  const addresses = Buffer.concat([ipv4(from.address), ipv4('10.0.1.20'), ports, tlv]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(addresses.length);
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([0x21, 0x11]), length, addresses]);
}

/** Sends raw bytes and resolves with everything the gateway answered until it closed or 3 s passed. */
function raw(port: number, data: string | Buffer): Promise<string> {
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

describeEachHaproxy('the gateway behind a PROXY-protocol NLB (real haproxy)', (haproxy) => {
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
      { binary: haproxy.command },
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
      answer = await raw(gateway.ports.http, Buffer.concat([proxyV2({ address: '203.0.113.7', port: 40000, toPort: gateway.ports.http }), Buffer.from(request)]));
      if (!answer.startsWith('HTTP/1.1 200')) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
    expect(pods[0].received.at(-1)!.headers['x-forwarded-for']).toBe('203.0.113.7');
    const before = pods[0].received.length;
    expect(await raw(gateway.ports.http, request)).not.toMatch(/^HTTP\/1\.1 200/);
    expect(pods[0].received).toHaveLength(before);
  }, 30_000);

  it("answers the NLB's health checks, which open with a LOCAL header, and refuses one without a header", async () => {
    const check = `GET /healthz HTTP/1.1\r\nhost: 10.0.1.20\r\nconnection: close\r\n\r\n`;
    expect(await raw(gateway.ports.health, Buffer.concat([proxyV2(), Buffer.from(check)]))).toMatch(/^HTTP\/1\.1 200/);
    expect(await raw(gateway.ports.health, check)).not.toMatch(/^HTTP\/1\.1/);
  }, 30_000);
});
