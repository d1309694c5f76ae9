/**
 * Protobuf for the gRPC tests, with inference.proto beside this file: `protoc` (Debian's protobuf-compiler)
 * encodes what a client sends, from text format (so a test can repeat a map key as a spoofing client would);
 * protobufjs decodes what the fake Triton received with real map semantics (a repeated key: the last entry wins).
 */
import { execFileSync } from 'child_process';
import { join } from 'path';
import * as protobuf from 'protobufjs';

const PROTO = join(__dirname, 'inference.proto');
const InferRequest = protobuf.loadSync(PROTO).lookupType('inference.ModelInferRequest');

/** protoc's text format -> binary ModelInferRequest. */
export function encodeInferRequest(text: string): Buffer {
  return execFileSync('protoc', [`--proto_path=${__dirname}`, '--encode=inference.ModelInferRequest', PROTO], { input: text });
}

export interface DecodedInferRequest {
  readonly modelName: string;
  readonly parameters: Record<string, { int64Param?: number; stringParam?: string; boolParam?: boolean; uint64Param?: number }>;
  readonly rawInputContents?: Buffer[];
}

/** Binary ModelInferRequest -> object, as protobufjs reads it. */
export function decodeInferRequest(message: Buffer): DecodedInferRequest {
  return InferRequest.toObject(InferRequest.decode(message), { longs: Number, defaults: false }) as DecodedInferRequest;
}

/** A gRPC length-prefixed, uncompressed message. */
export function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** The message inside a gRPC length-prefixed frame, checking the prefix's length against the bytes received. */
export function grpcUnframe(frame: Buffer): Buffer {
  if (frame.length < 5 || frame[0] !== 0) throw new Error(`not an uncompressed gRPC frame: ${frame.subarray(0, 5).toString('hex')}`);
  const length = frame.readUInt32BE(1);
  if (frame.length !== 5 + length) throw new Error(`gRPC prefix says ${length} bytes, the frame holds ${frame.length - 5}`);
  return frame.subarray(5);
}
