import { Construct } from 'constructs';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { VpcFlowLogs } from '../../../../../constructs/network/vpc-flow-logs';
import { RuleCase } from '../helpers';

export interface NlbOptions {
  /** Ports the rules open to 0.0.0.0/0. */
  readonly openPorts: number[];
  /** Listener ports of the NLB. @default [8000, 8001] */
  readonly listenerPorts?: number[];
  /** Whether the NLB carries the security group. @default true */
  readonly attached?: boolean;
}

/** An NLB with TCP listeners and a security group whose rules admit 0.0.0.0/0 on `openPorts`. */
export function openNlb(options: NlbOptions) {
  return (scope: Construct, provider: AwsProvider) => {
    const group = new SecurityGroup(scope, 'nlb-sg', { provider, name: 'nlb', vpcId: 'vpc-1' });
    const nlb = new Lb(scope, 'nlb', {
      provider,
      loadBalancerType: 'network',
      internal: false,
      subnets: ['subnet-1'],
      securityGroups: options.attached === false ? [] : [group.id],
    });
    for (const port of options.listenerPorts ?? [8000, 8001]) {
      new LbListener(scope, `listener-${port}`, {
        provider,
        loadBalancerArn: nlb.arn,
        port,
        protocol: 'TCP',
        defaultAction: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/t/1' }],
      });
    }
    for (const port of options.openPorts) {
      new VpcSecurityGroupIngressRule(scope, `open-${port}`, { provider, securityGroupId: group.id, ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv4: '0.0.0.0/0' });
    }
  };
}

export const NETWORK_CASES: RuleCase[] = [
  {
    rule: 'SPW-NET-001',
    name: 'internet ingress only on NLB listener ports',
    pass: openNlb({ openPorts: [8000, 8001] }),
    fail: openNlb({ openPorts: [8000, 22] }),
    problem: /admits 0.0.0.0\/0 on tcp port 22; its NLB listener ports are 8000, 8001/,
    address: /^aws_vpc_security_group_ingress_rule\.open-22$/,
  },
  {
    rule: 'SPW-NET-001',
    name: 'listener ports of an NLB that does not carry the group do not count',
    pass: openNlb({ openPorts: [8000] }),
    fail: openNlb({ openPorts: [8000], attached: false }),
    problem: /no network load balancer listener uses this group/,
  },
  {
    rule: 'SPW-NET-001',
    name: 'inline ingress blocks and ::/0',
    pass: (scope, provider) =>
      new SecurityGroup(scope, 'sg', { provider, vpcId: 'vpc-1', ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['10.0.0.0/16'] }] }),
    fail: (scope, provider) =>
      new SecurityGroup(scope, 'sg', { provider, vpcId: 'vpc-1', ingress: [{ fromPort: 0, toPort: 0, protocol: '-1', ipv6CidrBlocks: ['::/0'] }] }),
    problem: /ingress\[0\] admits ::\/0 on all protocols and ports/,
    address: /^aws_security_group\.sg$/,
  },
  {
    rule: 'SPW-NET-001',
    name: 'aws_security_group_rule ranges',
    pass: (scope, provider) => {
      openNlb({ openPorts: [] })(scope, provider);
      const group = scope.node.findChild('nlb-sg') as SecurityGroup;
      new SecurityGroupRule(scope, 'range', { provider, type: 'ingress', securityGroupId: group.id, protocol: 'tcp', fromPort: 8000, toPort: 8001, cidrBlocks: ['0.0.0.0/0'] });
    },
    fail: (scope, provider) => {
      openNlb({ openPorts: [] })(scope, provider);
      const group = scope.node.findChild('nlb-sg') as SecurityGroup;
      new SecurityGroupRule(scope, 'range', { provider, type: 'ingress', securityGroupId: group.id, protocol: 'tcp', fromPort: 8000, toPort: 8010, cidrBlocks: ['0.0.0.0/0'] });
    },
    problem: /rule admits 0.0.0.0\/0 on tcp ports 8000-8010/,
    address: /^aws_security_group_rule\.range$/,
  },
  {
    rule: 'SPW-NET-002',
    name: 'default security group denies everything',
    pass: (scope, provider) => new DefaultSecurityGroup(scope, 'default', { provider, vpcId: 'vpc-1' }),
    fail: (scope, provider) =>
      new DefaultSecurityGroup(scope, 'default', {
        provider,
        vpcId: 'vpc-1',
        egress: [{ fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['10.0.0.0/8'] }],
      }),
    problem: /has 1 rule\(s\) \(egress\); it must be empty/,
    address: /^aws_default_security_group\.default$/,
  },
  {
    rule: 'SPW-NET-003',
    name: 'no automatic public IPs',
    pass: (scope, provider) => new Subnet(scope, 'public', { provider, vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: false }),
    fail: (scope, provider) => new Subnet(scope, 'public', { provider, vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true }),
    problem: /map_public_ip_on_launch is true/,
    address: /^aws_subnet\.public$/,
  },
  {
    rule: 'SPW-NET-004',
    name: 'VPC flow logs',
    pass: (scope, provider) => {
      const vpc = new Vpc(scope, 'vpc', { provider, cidrBlock: '10.0.0.0/16' });
      new VpcFlowLogs(scope, 'flow-logs', {
        provider,
        name: 'c1',
        vpcId: vpc.id,
        destination: { type: 'cloud-watch-logs', kmsKeyArn: 'arn:aws:kms:us-west-2:111122223333:key/1', retentionDays: 90 },
      });
    },
    fail: (scope, provider) => {
      new Vpc(scope, 'vpc', { provider, cidrBlock: '10.0.0.0/16' });
      // A flow log of another VPC does not count.
      new FlowLog(scope, 'other', { provider, vpcId: 'vpc-other', logDestinationType: 's3', logDestination: 'arn:aws:s3:::logs/vpc/' });
    },
    problem: /has no aws_flow_log/,
    address: /^aws_vpc\.vpc$/,
  },
];
