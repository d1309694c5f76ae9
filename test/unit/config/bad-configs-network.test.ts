import { parseConfig } from '../../../config/load';
import { exampleWith } from '../../support/example-variants';
import { runSynth } from '../../support/synth-command';

/**
 * Network, schedule and GPU-shape inputs that used to slip through: each is refused by the synth command with
 * exit 1, a line naming the field path and saying what is wrong, and nothing written. Boundary values that
 * must stay valid are checked alongside, so a rule cannot grow past what AWS and Kubernetes accept.
 */
type Case = [title: string, change: (config: any) => void, path: string, detail: string];

const gatewayIp = (ip: string) => (c: any) => (c.regions[0].hybridNodes.connectivity.customerGatewayIp = ip);
const GATEWAY = 'regions[0].hybridNodes.connectivity.customerGatewayIp';
const NEEDS_PUBLIC = "a site-to-site VPN needs the on-prem device's public IPv4 address";

const customerGateway: Case[] = [
  ['an octet above 255', gatewayIp('999.1.1.1'), GATEWAY, 'IPv4 address has an octet above 255; allowed: a public dotted quad like 203.0.113.10'],
  ['a typo of the example address', gatewayIp('303.0.113.10'), GATEWAY, 'IPv4 address has an octet above 255'],
  ['leading zeros', gatewayIp('203.000.113.010'), GATEWAY, 'IPv4 address has leading zeros; write 203.0.113.10'],
  ['three octets', gatewayIp('203.0.113'), GATEWAY, 'IPv4 address is not a dotted quad a.b.c.d'],
  ['a CGNAT address', gatewayIp('100.64.0.1'), GATEWAY, `"100.64.0.1" is a carrier-grade NAT address (100.64.0.0/10, RFC 6598); ${NEEDS_PUBLIC}`],
  ['the top of CGNAT', gatewayIp('100.127.255.254'), GATEWAY, '"100.127.255.254" is a carrier-grade NAT address'],
  ['an RFC 1918 address', gatewayIp('172.31.0.9'), GATEWAY, `"172.31.0.9" is a private address; ${NEEDS_PUBLIC}`],
  ['loopback', gatewayIp('127.0.0.1'), GATEWAY, '"127.0.0.1" is a loopback address (127.0.0.0/8)'],
  ['link-local', gatewayIp('169.254.169.254'), GATEWAY, '"169.254.169.254" is a link-local address (169.254.0.0/16)'],
  ['multicast', gatewayIp('224.0.0.5'), GATEWAY, '"224.0.0.5" is a multicast address (224.0.0.0/4)'],
  ['broadcast', gatewayIp('255.255.255.255'), GATEWAY, '"255.255.255.255" is in 240.0.0.0/4 (reserved, and the broadcast address)'],
  ['"this network"', gatewayIp('0.1.2.3'), GATEWAY, '"0.1.2.3" is in 0.0.0.0/8'],
  ['benchmarking', gatewayIp('198.18.0.1'), GATEWAY, '"198.18.0.1" is in 198.18.0.0/15 (benchmarking, RFC 2544)'],
];

const canonicalCidrs: Case[] = [
  ['a VPC with a leading zero', (c) => (c.regions[1].vpcCidr = '010.20.0.0/16'), 'regions[1].vpcCidr', 'CIDR has leading zeros; the canonical form is 10.20.0.0/16'],
  [
    'a subnet with a padded octet',
    (c) => (c.regions[0].availabilityZones[0].privateSubnetCidr = '10.10.00.0/19'),
    'regions[0].availabilityZones[0].privateSubnetCidr',
    'CIDR has leading zeros; the canonical form is 10.10.0.0/19',
  ],
  ['a padded prefix length', (c) => (c.regions[0].hybridNodes.remoteNodeCidrs = ['10.80.0.0/08']), 'regions[0].hybridNodes.remoteNodeCidrs[0]', 'canonical form is 10.80.0.0/8'],
  ['a padded service CIDR', (c) => (c.cluster.serviceCidr = '172.020.0.0/16'), 'cluster.serviceCidr', 'canonical form is 172.20.0.0/16'],
  ['a padded source CIDR', (c) => (c.frontDoor.regions[0].allowedSourceCidrs = ['00.0.0.0/0']), 'frontDoor.regions[0].allowedSourceCidrs[0]', 'canonical form is 0.0.0.0/0'],
];

const cron = (key: 'startCron' | 'endCron', expression: string) => (c: any) => (c.regions[0].gpuPools[1].prewarm[0][key] = expression);
const START = 'regions[0].gpuPools[1].prewarm[0].startCron';
const END = 'regions[0].gpuPools[1].prewarm[0].endCron';

const cronSyntax: Case[] = [
  ['minute and hour out of range', cron('startCron', '99 99 * * *'), START, 'the minute field "99" is not in 0-59; the hour field "99" is not in 0-23'],
  ['letters in every field', cron('startCron', 'a b c d e'), START, 'the minute field "a" is not in 0-59'],
  ['hour 24', cron('endCron', '0 24 * * MON-FRI'), END, 'the hour field "24" is not in 0-23'],
  ['day-of-month 0', cron('startCron', '0 6 0 * *'), START, 'the day-of-month field "0" is not in 1-31'],
  ['month 13', cron('startCron', '0 6 * 13 *'), START, 'the month field "13" is not in 1-12 or JAN-DEC'],
  ['day-of-week 7', cron('startCron', '0 6 * * 7'), START, 'the day-of-week field "7" is not in 0-6 or SUN-SAT'],
  ['an EventBridge "?"', cron('startCron', '0 6 ? * MON'), START, 'the day-of-month field "?" is not in 1-31'],
  ['an EventBridge "L"', cron('startCron', '0 6 L * *'), START, 'the day-of-month field "L" is not in 1-31'],
  ['a seconds field', cron('startCron', '0 30 15 * * MON-FRI'), START, 'needs five fields separated by single spaces'],
  ['a zero step', cron('startCron', '*/0 * * * *'), START, 'the minute field "*/0" needs a step from 1 to 59'],
  ['a step on a single value', cron('startCron', '5/15 * * * *'), START, 'the minute field "5/15" steps a single value'],
  ['a backwards range', cron('endCron', '0 19 * * FRI-MON'), END, 'the day-of-week field "FRI-MON" is a range that runs backwards'],
  ['an empty list item', cron('startCron', '0,,30 15 * * *'), START, 'the minute field "0,,30" has an empty list item'],
];

const withHybridInEu = (remoteNodeCidrs: string[]) => (c: any) => {
  c.regions[1].hybridNodes = { ...structuredClone(c.regions[0].hybridNodes), remoteNodeCidrs, remotePodCidrs: [] };
};
const ROUTED_TOGETHER = "the on-prem networks are routed together with every region's VPC";

const remoteAcrossRegions: Case[] = [
  [
    'an on-prem network equal to another VPC',
    (c) => (c.regions[0].hybridNodes.remoteNodeCidrs = ['10.20.0.0/16']),
    'regions[0].hybridNodes.remoteNodeCidrs[0]',
    `"10.20.0.0/16" overlaps regions[1].vpcCidr "10.20.0.0/16" (eu-west-1); ${ROUTED_TOGETHER}`,
  ],
  [
    'an on-prem pod network inside another VPC',
    (c) => (c.regions[0].hybridNodes.remotePodCidrs = ['10.20.32.0/19']),
    'regions[0].hybridNodes.remotePodCidrs[0]',
    '"10.20.32.0/19" overlaps regions[1].vpcCidr "10.20.0.0/16" (eu-west-1)',
  ],
  [
    'an on-prem network spanning every VPC',
    (c) => (c.regions[0].hybridNodes.remoteNodeCidrs = ['10.0.0.0/11']),
    'regions[0].hybridNodes.remoteNodeCidrs[0]',
    '"10.0.0.0/11" overlaps regions[1].vpcCidr "10.20.0.0/16" (eu-west-1)',
  ],
  [
    'a second region whose on-prem network is inside the first VPC',
    withHybridInEu(['10.10.64.0/18']),
    'regions[1].hybridNodes.remoteNodeCidrs[0]',
    '"10.10.64.0/18" overlaps regions[0].vpcCidr "10.10.0.0/16" (us-west-2)',
  ],
];

const CUTOFF = 'autoscaler.expendablePodsPriorityCutoff';
const INT32 = 'a 32-bit signed integer (-2147483648 to 2147483647), as Kubernetes pod priorities are';

const priorityCutoff: Case[] = [
  ['1e21, which would be written 1e+21', (c) => (c.autoscaler.expendablePodsPriorityCutoff = 1e21), CUTOFF, INT32],
  ['-1e21', (c) => (c.autoscaler.expendablePodsPriorityCutoff = -1e21), CUTOFF, INT32],
  ['one above int32', (c) => (c.autoscaler.expendablePodsPriorityCutoff = 2147483648), CUTOFF, INT32],
  ['one below int32', (c) => (c.autoscaler.expendablePodsPriorityCutoff = -2147483649), CUTOFF, INT32],
];

/** Every pool on-demand g4dn.12xlarge (4 GPUs), with a budget that fits: the shape a 4-GPU Triton pod needs. */
function allFourGpuPools(c: any): void {
  for (const region of c.regions) {
    for (const pool of region.gpuPools) {
      pool.instanceTypes = ['g4dn.12xlarge'];
      pool.capacity = 'on-demand';
    }
  }
  // us-west-2 (2 + 6) x 4 + eu-west-1 (2 + 4) x 4; eu-west-1 then holds 6 pods of 4 GPUs.
  c.maxGpus = 56;
  c.triton.gpusPerPod = 4;
  c.triton.replicas.max = 6;
}

const gpuShapes: Case[] = [
  [
    'a pool mixing 1-GPU and 4-GPU sizes, for 4-GPU pods',
    (c) => {
      c.triton.gpusPerPod = 4;
      c.regions[0].gpuPools[1].instanceTypes = ['g4dn.xlarge', 'g4dn.12xlarge'];
    },
    'regions[0].gpuPools[1].instanceTypes',
    '["g4dn.xlarge","g4dn.12xlarge"] mixes GPU counts (1 GPU: g4dn.xlarge; 4 GPUs: g4dn.12xlarge); the autoscaler advertises one GPU count per node group, the smallest (1)',
  ],
  [
    'the same pod size against the 1-GPU baseline',
    (c) => {
      c.triton.gpusPerPod = 4;
      c.regions[0].gpuPools[1].instanceTypes = ['g4dn.xlarge', 'g4dn.12xlarge'];
    },
    'triton.gpusPerPod',
    '4 is more GPUs than a node of these node groups has: us-west-2/baseline 1 (g4dn.xlarge)',
  ],
  [
    'a mixed baseline pool, even for 1-GPU pods',
    (c) => (c.regions[1].gpuPools[0].instanceTypes = ['g4dn.12xlarge', 'g4dn.2xlarge']),
    'regions[1].gpuPools[0].instanceTypes',
    'mixes GPU counts (1 GPU: g4dn.2xlarge; 4 GPUs: g4dn.12xlarge)',
  ],
  [
    'one region left with 1-GPU nodes',
    (c) => {
      allFourGpuPools(c);
      c.regions[1].gpuPools[0].instanceTypes = ['g4dn.xlarge'];
      c.maxGpus = 50;
    },
    'triton.gpusPerPod',
    '4 is more GPUs than a node of these node groups has: eu-west-1/baseline 1 (g4dn.xlarge); Triton may schedule on every baseline and burst pool',
  ],
  ['two GPUs per pod on the example', (c) => (c.triton.gpusPerPod = 2), 'triton.gpusPerPod', 'Lower gpusPerPod, or give those pools sizes with at least 2 GPUs (g4dn.12xlarge)'],
  ['more GPUs per pod than any catalog size', (c) => (c.triton.gpusPerPod = 8), 'triton.gpusPerPod', 'no catalog size has 8 GPUs'],
];

const titled = (cases: Case[]) => cases.map(([title, change, path, detail]) => [`${title} -> ${path}`, change, path, detail] as const);

describe('bad network, schedule and GPU-shape input never half-applies', () => {
  const sections = { customerGateway, canonicalCidrs, cronSyntax, remoteAcrossRegions, priorityCutoff, gpuShapes };

  describe.each(Object.entries(sections))('%s', (_section, cases) => {
    it.each(titled(cases))('%s: exit 1, field named, nothing written', (_title, change, path, detail) => {
      const result = runSynth(change);
      expect(result.exitCode).toBe(1);
      expect(result.message).toMatch(/^Invalid Spillway config /);
      const lines = result.message.split('\n').filter((line) => line.startsWith(`  - ${path}: `));
      expect(lines).toContainEqual(expect.stringContaining(detail));
      expect(result.written).toEqual([]);
    });
  });
});

describe('boundary values that stay valid', () => {
  it.each([
    ['the example address (a documentation range, allowed on purpose)', '203.0.113.10'],
    ['another documentation range', '198.51.100.7'],
    ['just above CGNAT', '100.128.0.1'],
    ['just above 172.16.0.0/12', '172.32.0.1'],
    ['an ordinary public address', '8.8.8.8'],
  ])('customerGatewayIp: %s', (_title, ip) => {
    expect(parseConfig(exampleWith(gatewayIp(ip))).regions[0].hybridNodes?.connectivity).toMatchObject({ customerGatewayIp: ip });
  });

  it.each([
    ['the example window', '30 15 * * MON-FRI'],
    ['Sunday as 0', '0 6 * * 0'],
    ['the last minute of the year', '59 23 31 12 6'],
    ['lists, ranges, steps and lower-case names', '*/15 0-6,18-23 1-31/2 JAN,jul-DEC SUN-SAT'],
  ])('startCron: %s', (_title, expression) => {
    const pool = parseConfig(exampleWith(cron('startCron', expression))).regions[0].gpuPools[1];
    expect(pool.prewarm[0].startCron).toBe(expression);
  });

  it.each([2147483647, -2147483648])('expendablePodsPriorityCutoff %d (int32 bounds)', (cutoff) => {
    const config = parseConfig(exampleWith((c) => (c.autoscaler.expendablePodsPriorityCutoff = cutoff)));
    expect(config.autoscaler.expendablePodsPriorityCutoff).toBe(cutoff);
  });

  it('a 4-GPU Triton pod when every pool is 4-GPU nodes', () => {
    expect(parseConfig(exampleWith(allFourGpuPools)).triton?.gpusPerPod).toBe(4);
  });
});
