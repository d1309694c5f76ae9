/**
 * A DNS server on loopback UDP that answers A queries for one name with a list of addresses that the test
 * can change: the stand-in for the cluster DNS answering for Triton's headless Service, so HAProxy's
 * `resolvers` + `server-template` discovery runs exactly as in production.
 */
import * as dgram from 'dgram';

export interface FakeDns {
  readonly port: number;
  /** The addresses the name resolves to; empty = NXDOMAIN-free empty answer. */
  addresses: string[];
  close(): Promise<void>;
}

function questionEnd(packet: Buffer): number {
  let offset = 12;
  while (packet[offset] !== 0) offset += packet[offset] + 1;
  return offset + 5; // zero label, qtype, qclass
}

function questionName(packet: Buffer): string {
  const labels: string[] = [];
  let offset = 12;
  while (packet[offset] !== 0) {
    labels.push(packet.subarray(offset + 1, offset + 1 + packet[offset]).toString('ascii'));
    offset += packet[offset] + 1;
  }
  return labels.join('.').toLowerCase();
}

export function startFakeDns(name: string, addresses: string[]): Promise<FakeDns> {
  const socket = dgram.createSocket('udp4');
  const dns: FakeDns = {
    port: 0,
    addresses,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (query, peer) => {
    const end = questionEnd(query);
    const qtype = query.readUInt16BE(end - 4);
    const known = questionName(query) === name.toLowerCase();
    const answers = known && qtype === 1 ? dns.addresses : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // response, recursion available; NXDOMAIN for other names
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((address) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the name in the question
      record.writeUInt16BE(1, 2); // A
      record.writeUInt16BE(1, 4); // IN
      record.writeUInt32BE(1, 6); // TTL 1 s
      record.writeUInt16BE(4, 10);
      address.split('.').forEach((octet, index) => record.writeUInt8(Number(octet), 12 + index));
      return record;
    });
    socket.send(Buffer.concat([header, query.subarray(12, end), ...records]), peer.port, peer.address);
  });
  return new Promise((resolve) =>
    socket.bind(0, '127.0.0.1', () => {
      (dns as { port: number }).port = socket.address().port;
      resolve(dns);
    }),
  );
}
