/** Small HTTP/1.1 and gRPC (HTTP/2) clients for the live gateway tests. */
import * as http from 'http';
import * as http2 from 'http2';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export function httpRequest(port: number, options: { path: string; method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? (body ? 'POST' : 'GET'), headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface GrpcAnswer {
  readonly httpStatus: number;
  readonly grpcStatus: number | undefined;
  readonly grpcMessage: string | undefined;
  readonly headers: http2.IncomingHttpHeaders;
}

/** One unary gRPC call over h2c with Node's HTTP/2 client; the status comes from headers or trailers. */
export function grpcCall(port: number, method: string, frame: Buffer, metadata: Record<string, string> = {}): Promise<GrpcAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': `/inference.GRPCInferenceService/${method}`, 'content-type': 'application/grpc', te: 'trailers', ...metadata });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', () => undefined);
    stream.on('error', reject);
    stream.on('end', () => {
      session.close();
      const status = trailers['grpc-status'] ?? headers['grpc-status'];
      const message = trailers['grpc-message'] ?? headers['grpc-message'];
      resolve({ httpStatus: Number(headers[':status']), grpcStatus: status === undefined ? undefined : Number(status), grpcMessage: message === undefined ? undefined : String(message), headers });
    });
    stream.end(frame);
  });
}
