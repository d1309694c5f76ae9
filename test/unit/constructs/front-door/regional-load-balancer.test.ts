import { RegionalLoadBalancer, TRITON_READY_PATH } from '../../../../constructs/front-door/regional-load-balancer';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const base = {
  name: 'spillway-test-us-west-2',
  vpcId: 'vpc-1',
  vpcCidr: '10.10.0.0/16',
  privateSubnetIds: ['subnet-private-a', 'subnet-private-b'],
  publicSubnetIds: ['subnet-public-a', 'subnet-public-b'],
  allowedSourceCidrs: ['0.0.0.0/0', '198.51.100.0/24'],
  httpPort: 8000,
  grpcPort: 8001,
  targetSecurityGroupId: 'sg-cluster',
};

describe('RegionalLoadBalancer', () => {
  it('is an internal, cross-zone NLB with a security group in the private subnets by default', () => {
    const synth = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    const lb = onlyResource(synth, 'aws_lb');
    expect(lb).toMatchObject({
      load_balancer_type: 'network',
      internal: true,
      enable_cross_zone_load_balancing: true,
      subnets: ['subnet-private-a', 'subnet-private-b'],
    });
    expect(lb.security_groups).toHaveLength(1);
  });

  it('has deletion protection unless a teardown turns it off', () => {
    const on = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    expect(onlyResource(on, 'aws_lb').enable_deletion_protection).toBe(true);
    const off = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider, deletionProtection: false }));
    expect(onlyResource(off, 'aws_lb').enable_deletion_protection).toBe(false);
  });

  it('uses the public subnets when internet-facing', () => {
    const synth = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider, scheme: 'internet-facing' }));
    expect(onlyResource(synth, 'aws_lb')).toMatchObject({ internal: false, subnets: ['subnet-public-a', 'subnet-public-b'] });
  });

  it('health-checks ip targets over HTTP /v2/health/ready on port 8000, with connection termination', () => {
    const synth = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    const groups = resourcesOf(synth, 'aws_lb_target_group');
    expect(groups.map((group) => group.port).sort()).toEqual([8000, 8001]);
    for (const group of groups) {
      expect(group).toMatchObject({
        target_type: 'ip',
        protocol: 'TCP',
        connection_termination: true,
        deregistration_delay: '60',
        health_check: { enabled: true, protocol: 'HTTP', path: TRITON_READY_PATH, port: '8000', matcher: '200' },
      });
      expect(group.health_check.path).toBe('/v2/health/ready');
      expect(group.health_check.healthy_threshold).toBeGreaterThanOrEqual(2);
      expect(group.health_check.unhealthy_threshold).toBeGreaterThanOrEqual(2);
    }
  });

  it('listens on TCP 8000 and 8001 and adds TLS only with a certificate', () => {
    const plain = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    expect(resourcesOf(plain, 'aws_lb_listener').map((listener) => `${listener.port}/${listener.protocol}`).sort()).toEqual([
      '8000/TCP',
      '8001/TCP',
    ]);
    const certificateArn = 'arn:aws:acm:us-west-2:111122223333:certificate/12345678-1234-1234-1234-123456789012';
    const tls = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider, tlsCertificateArn: certificateArn }));
    const tlsListener = resourcesOf(tls, 'aws_lb_listener').find((listener) => listener.protocol === 'TLS');
    expect(tlsListener).toMatchObject({ port: 443, certificate_arn: certificateArn });
    expect(tlsListener.ssl_policy).toMatch(/^ELBSecurityPolicy-TLS13-1-2/);
  });

  it('admits exactly the listener ports from the allowed sources and sends only target ports into the VPC', () => {
    const synth = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    const ingress = resourcesOf(synth, 'aws_vpc_security_group_ingress_rule');
    const fromSources = ingress.filter((rule) => rule.cidr_ipv4 !== undefined);
    expect(fromSources.map((rule) => `${rule.from_port}-${rule.to_port} ${rule.cidr_ipv4}`).sort()).toEqual([
      '8000-8000 0.0.0.0/0',
      '8000-8000 198.51.100.0/24',
      '8001-8001 0.0.0.0/0',
      '8001-8001 198.51.100.0/24',
    ]);
    const toPods = ingress.filter((rule) => rule.security_group_id === 'sg-cluster');
    expect(toPods.map((rule) => rule.from_port).sort()).toEqual([8000, 8001]);
    expect(toPods.every((rule) => typeof rule.referenced_security_group_id === 'string')).toBe(true);
    const egress = resourcesOf(synth, 'aws_vpc_security_group_egress_rule');
    expect(egress.map((rule) => `${rule.from_port} ${rule.cidr_ipv4}`).sort()).toEqual(['8000 10.10.0.0/16', '8001 10.10.0.0/16']);
  });
  it('checks a separate health port and path, opens the target ports and the health port, and can send PROXY v2 headers', () => {
    const synth = synthWithAws((scope, provider) =>
      new RegionalLoadBalancer(scope, 'nlb', { ...base, provider, targetPorts: [9000, 9001], healthCheck: { port: 9402, path: '/healthz' }, proxyProtocolV2: true }),
    );
    for (const group of resourcesOf(synth, 'aws_lb_target_group')) {
      expect(group.health_check).toMatchObject({ port: '9402', path: '/healthz' });
      expect(group.proxy_protocol_v2).toBe(true);
    }
    const fromNlb = resourcesOf(synth, 'aws_vpc_security_group_ingress_rule').filter((rule) => rule.security_group_id === 'sg-cluster');
    expect(fromNlb.map((rule) => rule.from_port).sort()).toEqual([9000, 9001, 9402]);
    const byDefault = synthWithAws((scope, provider) => new RegionalLoadBalancer(scope, 'nlb', { ...base, provider }));
    for (const group of resourcesOf(byDefault, 'aws_lb_target_group')) {
      expect(group.health_check).toMatchObject({ port: '8000', path: TRITON_READY_PATH });
      expect(group.proxy_protocol_v2).toBeUndefined();
    }
  });
});
