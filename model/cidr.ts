/** IPv4 CIDR arithmetic for config validation: parse, contain, overlap. No dependencies, no surprises. */

export interface Ipv4Block {
  readonly text: string;
  readonly start: number;
  readonly prefix: number;
  /** Last address, inclusive. */
  readonly end: number;
}

const ADDRESS_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const CIDR_PATTERN = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\/(\d{1,2})$/;
/** `0` alone is fine; `010` is not: some parsers read it as octal, and two spellings of one block defeat comparisons. */
const LEADING_ZERO = /^0\d/;

/** Parses a dotted-quad IPv4 address (`a.b.c.d`, octets 0-255, no leading zeros); returns a reason string when it is not one. */
export function parseAddress(text: string): number | string {
  const match = ADDRESS_PATTERN.exec(text);
  if (!match) return 'is not a dotted quad a.b.c.d';
  const parts = match.slice(1, 5);
  if (parts.some((part) => Number(part) > 255)) return 'has an octet above 255';
  if (parts.some((part) => LEADING_ZERO.test(part))) return `has leading zeros; write ${parts.map(Number).join('.')}`;
  return parts.reduce((acc, part) => acc * 256 + Number(part), 0);
}

/** Parses `a.b.c.d/n`; returns a reason string when it is not a canonical IPv4 CIDR block. */
export function parseCidr(text: string): Ipv4Block | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return 'is not an IPv4 CIDR block like 10.0.0.0/16';
  const octets = match[1].split('.');
  const prefix = Number(match[2]);
  if (octets.some((octet) => Number(octet) > 255)) return 'has an octet above 255';
  if (prefix > 32) return 'has a prefix length above 32';
  if ([...octets, match[2]].some((part) => LEADING_ZERO.test(part))) {
    return `has leading zeros; the canonical form is ${octets.map(Number).join('.')}/${prefix}`;
  }
  const address = parseAddress(match[1]) as number;
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

const block = (cidr: string) => parseCidr(cidr) as Ipv4Block;
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(block);

/** RFC 1918: what EKS accepts for VPC, service and hybrid remote networks. */
export function isPrivate(block: Ipv4Block): boolean {
  return PRIVATE_RANGES.some((range) => contains(range, block));
}

export interface SpecialRange {
  readonly block: Ipv4Block;
  /** What the range is, as a noun phrase: "a private address", "a loopback address (127.0.0.0/8)". */
  readonly kind: string;
}

/**
 * IANA special-purpose ranges (RFC 6890 and successors) that are not globally routable, so the internet (and a
 * site-to-site VPN across it) cannot reach an address in them. The documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24) are left out on purpose: they are the conventional placeholders of examples
 * and tests, look like any public address to AWS, and a real deploy with one shows up as a VPN that never comes up.
 */
const NOT_ROUTABLE: readonly SpecialRange[] = [
  { block: block('0.0.0.0/8'), kind: 'in 0.0.0.0/8 ("this network", RFC 791)' },
  ...PRIVATE_RANGES.map((range) => ({ block: range, kind: 'a private address' })),
  { block: block('100.64.0.0/10'), kind: 'a carrier-grade NAT address (100.64.0.0/10, RFC 6598)' },
  { block: block('127.0.0.0/8'), kind: 'a loopback address (127.0.0.0/8)' },
  { block: block('169.254.0.0/16'), kind: 'a link-local address (169.254.0.0/16)' },
  { block: block('192.0.0.0/24'), kind: 'in 192.0.0.0/24 (IETF protocol assignments, RFC 6890)' },
  { block: block('192.88.99.0/24'), kind: 'in 192.88.99.0/24 (the deprecated 6to4 relay anycast, RFC 7526)' },
  { block: block('198.18.0.0/15'), kind: 'in 198.18.0.0/15 (benchmarking, RFC 2544)' },
  { block: block('224.0.0.0/4'), kind: 'a multicast address (224.0.0.0/4)' },
  { block: block('240.0.0.0/4'), kind: 'in 240.0.0.0/4 (reserved, and the broadcast address)' },
];

/** The non-routable range an address falls in, if any (see NOT_ROUTABLE for which ranges and why). */
export function nonRoutableRangeOf(address: number): SpecialRange | undefined {
  return NOT_ROUTABLE.find((range) => range.block.start <= address && address <= range.block.end);
}
