/** Security groups and subnets. */
import { blocks, GuardrailRule, isTrue, numberOf, referencedAddresses, RuleContext, show, strings, SynthesizedResource } from './rule';

/** An ingress permission in any of its Terraform spellings. */
interface Ingress {
  readonly where: string;
  /** The security group it opens: an address (`aws_security_group.x`) or a literal group id. */
  readonly group: string;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly sources: string[];
}

/** 0.0.0.0/0 or ::/0 in any spelling (any /0 block). */
export function isAnywhere(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

/** The group a `security_group_id` value designates: the referenced resource's address, or the literal id. */
function groupOf(value: unknown): string {
  const addresses = referencedAddresses(value).filter((address) => /^aws_(default_)?security_group\./.test(address));
  return addresses[0] ?? String(value);
}

function ingressOf(resource: SynthesizedResource): Ingress[] {
  const config = resource.config;
  switch (resource.type) {
    case 'aws_security_group':
    case 'aws_default_security_group':
      return blocks(config.ingress).map((rule, index) => ({
        where: `ingress[${index}]`,
        group: resource.address,
        protocol: String(rule.protocol),
        fromPort: numberOf(rule.from_port),
        toPort: numberOf(rule.to_port),
        sources: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
      }));
    case 'aws_security_group_rule':
      if (config.type !== 'ingress') return [];
      return [
        {
          where: 'rule',
          group: groupOf(config.security_group_id),
          protocol: String(config.protocol),
          fromPort: numberOf(config.from_port),
          toPort: numberOf(config.to_port),
          sources: [...strings(config.cidr_blocks), ...strings(config.ipv6_cidr_blocks)],
        },
      ];
    case 'aws_vpc_security_group_ingress_rule':
      return [
        {
          where: 'rule',
          group: groupOf(config.security_group_id),
          protocol: String(config.ip_protocol),
          fromPort: numberOf(config.from_port),
          toPort: numberOf(config.to_port),
          sources: [config.cidr_ipv4, config.cidr_ipv6].filter((cidr): cidr is string => typeof cidr === 'string'),
        },
      ];
    default:
      return [];
  }
}

/**
 * Listener ports of the network load balancers that carry `group`: the only ports the internet may reach.
 * The NLB must be in the same stack, list the group in `security_groups`, and have literal listener ports.
 */
export function nlbListenerPorts(group: string, context: RuleContext): Set<number> {
  const ports = new Set<number>();
  const balancers = context
    .resourcesOf('aws_lb', 'aws_alb')
    .filter((balancer) => balancer.config.load_balancer_type === 'network')
    .filter((balancer) => strings(balancer.config.security_groups).some((value) => groupOf(value) === group));
  for (const balancer of balancers) {
    for (const listener of context.resourcesOf('aws_lb_listener', 'aws_alb_listener')) {
      if (!referencedAddresses(listener.config.load_balancer_arn).includes(balancer.address)) continue;
      const port = numberOf(listener.config.port);
      if (port !== undefined) ports.add(port);
    }
  }
  return ports;
}

const ALL_PROTOCOLS = ['-1', 'all'];

export const NETWORK_RULES: readonly GuardrailRule[] = [
  {
    id: 'SPW-NET-001',
    title: 'No security group admits the whole internet (0.0.0.0/0 or ::/0), except on the listener ports of a network load balancer that carries the group.',
    fix: 'Narrow the source to the networks that need access (VPC, VPN, frontDoor.regions[].allowedSourceCidrs), or expose the service through the NLB listener ports only.',
    appliesTo: ['aws_security_group', 'aws_default_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
    check: (resource, context) => {
      const problems: string[] = [];
      for (const ingress of ingressOf(resource)) {
        const open = ingress.sources.filter(isAnywhere);
        if (open.length === 0) continue;
        const range =
          ingress.fromPort === undefined || ingress.toPort === undefined ? 'unknown ports' : ingress.fromPort === ingress.toPort ? `port ${ingress.fromPort}` : `ports ${ingress.fromPort}-${ingress.toPort}`;
        const allowed = nlbListenerPorts(ingress.group, context);
        const allProtocols = ALL_PROTOCOLS.includes(ingress.protocol.toLowerCase());
        const withinListeners =
          !allProtocols &&
          ingress.fromPort !== undefined &&
          ingress.toPort !== undefined &&
          ingress.toPort - ingress.fromPort < 65536 &&
          Array.from({ length: ingress.toPort - ingress.fromPort + 1 }, (_, offset) => ingress.fromPort! + offset).every((port) => allowed.has(port));
        if (withinListeners) continue;
        const what = allProtocols ? 'all protocols and ports' : `${ingress.protocol} ${range}`;
        const listeners = allowed.size > 0 ? `its NLB listener ports are ${[...allowed].sort((a, b) => a - b).join(', ')}` : 'no network load balancer listener uses this group';
        problems.push(`${ingress.where} admits ${open.join(', ')} on ${what}; ${listeners}`);
      }
      return problems;
    },
  },
  {
    id: 'SPW-NET-002',
    title: "Each VPC's default security group allows nothing, so resources launched without a group are isolated.",
    fix: 'Manage aws_default_security_group with no ingress and no egress blocks (VpcNetwork does).',
    appliesTo: ['aws_default_security_group'],
    check: (resource) => {
      const rules = [...blocks(resource.config.ingress).map(() => 'ingress'), ...blocks(resource.config.egress).map(() => 'egress')];
      return rules.length > 0 ? [`has ${rules.length} rule(s) (${[...new Set(rules)].join(', ')}); it must be empty`] : [];
    },
  },
  {
    id: 'SPW-NET-003',
    title: 'Subnets never hand out public IPs automatically; only load balancers and NAT gateways are public.',
    fix: 'Set map_public_ip_on_launch = false (VpcNetwork does for its public subnets).',
    appliesTo: ['aws_subnet'],
    check: (resource) =>
      isTrue(resource.config.map_public_ip_on_launch) ? [`map_public_ip_on_launch is ${show(resource.config.map_public_ip_on_launch)}`] : [],
  },
  {
    id: 'SPW-NET-004',
    title: 'Every VPC has flow logs, so connections in and out of the cluster network can be investigated (checkov CKV2_AWS_11).',
    fix: 'Add an aws_flow_log with vpc_id = the VPC (VpcFlowLogs does; security.flowLogs picks CloudWatch Logs or S3).',
    appliesTo: ['aws_vpc'],
    check: (vpc, context) =>
      context.resourcesOf('aws_flow_log').some((log) => referencedAddresses(log.config.vpc_id).includes(vpc.address)) ? [] : ['has no aws_flow_log'],
  },
];
