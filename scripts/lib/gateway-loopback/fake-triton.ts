/**
 * A fake Triton pod for the live gateway tests and the gateway benchmark: KServe v2 over HTTP/1.1 (one server) and gRPC over h2c (a second,
 * HTTP/2 server), on its own loopback address. It records every request it receives (path, headers, body bytes)
 * and can be made slow (`delayMs`), unhealthy (`ready = false`) or stopped.
 */
import * as http from 'http';
import * as http2 from 'http2';
import type { AddressInfo } from 'net';

export interface RecordedRequest {
  readonly pod: string;
  readonly protocol: 'http' | 'grpc';
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface FakeTritonPod {
  readonly address: string;
  /** Requests received, oldest first. */
  readonly received: RecordedRequest[];
  /** Whether requests are recorded in `received` (off for the benchmark). */
  record: boolean;
  /** Milliseconds before each inference answer. */
  delayMs: number;
  /** `/v2/health/ready` answers 200 while true, 503 otherwise. */
  ready: boolean;
  /** Inference requests being worked on right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listen(server: http.Server | http2.Http2Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Starts pods on `addresses`, all on the same two ports (the headless Service gives addresses, not ports). */
export async function startFakeTriton(addresses: readonly string[]): Promise<{ pods: FakeTritonPod[]; httpPort: number; grpcPort: number }> {
  const pods: FakeTritonPod[] = [];
  let httpPort = 0;
  let grpcPort = 0;
  for (const address of addresses) {
    const pod: FakeTritonPod = { address, received: [], record: true, delayMs: 0, ready: true, inFlight: 0, maxInFlight: 0, close: async () => undefined };
    // A request may ask for its own delay (`x-fake-delay-ms`), so one test can hold some slots longer than others.
    const work = async (headers: Record<string, string | string[] | undefined>) => {
      pod.inFlight += 1;
      pod.maxInFlight = Math.max(pod.maxInFlight, pod.inFlight);
      await sleep(Number(headers['x-fake-delay-ms'] ?? pod.delayMs));
      pod.inFlight -= 1;
    };
    const web = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const path = req.url ?? '';
        if (path === '/v2/health/ready') {
          res.writeHead(pod.ready ? 200 : 503).end();
          return;
        }
        if (pod.record) pod.received.push({ pod: address, protocol: 'http', path, headers: req.headers, body: Buffer.concat(chunks) });
        await work(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model_name: path.split('/')[3], outputs: [] }));
      });
    });
    web.keepAliveTimeout = 60_000;
    const grpc = http2.createServer();
    const sessions = new Set<http2.ServerHttp2Session>();
    grpc.on('session', (session) => {
      sessions.add(session);
      session.on('close', () => sessions.delete(session));
    });
    grpc.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (pod.record) pod.received.push({ pod: address, protocol: 'grpc', path: String(headers[':path']), headers, body: Buffer.concat(chunks) });
        await work(headers);
        if (stream.destroyed) return;
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 0])); // an empty ModelInferResponse
      });
    });
    httpPort = await listen(web, address, httpPort);
    grpcPort = await listen(grpc, address, grpcPort);
    pod.close = async () => {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
      for (const session of sessions) session.destroy();
      await new Promise((resolve) => grpc.close(resolve));
    };
    pods.push(pod);
  }
  return { pods, httpPort, grpcPort };
}
