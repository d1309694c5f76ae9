/** IPv4 CIDR arithmetic for config validation: parse, contain, overlap. No dependencies, no surprises. */

export interface Ipv4Block {
  readonly text: string;
  readonly start: number;
  readonly prefix: number;
  /** Last address, inclusive. */
  readonly end: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string when it is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Ipv4Block | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return 'is not an IPv4 CIDR block like 10.0.0.0/16';
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return 'has an octet above 255';
  if (prefix > 32) return 'has a prefix length above 32';
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(address / size) * size;
  if (start !== address) {
    return `has host bits set; the network address is ${formatAddress(start)}/${prefix}`;
  }
  return { text, start, prefix, end: start + size - 1 };
}

export function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => parseCidr(cidr) as Ipv4Block);

/** RFC 1918: what EKS accepts for VPC, service and hybrid remote networks. */
export function isPrivate(block: Ipv4Block): boolean {
  return PRIVATE_RANGES.some((range) => contains(range, block));
}
