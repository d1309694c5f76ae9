import { VpcNetwork } from '../../../../constructs/network/vpc-network';
import { PrivateServiceEndpoints } from '../../../../constructs/network/private-service-endpoints';
import { resourcesOf, synthWithAws } from '../helpers';

const zones = [
  { name: 'us-west-2a', privateSubnetCidr: '10.0.0.0/19', publicSubnetCidr: '10.0.192.0/24' },
  { name: 'us-west-2b', privateSubnetCidr: '10.0.32.0/19', publicSubnetCidr: '10.0.193.0/24' },
  { name: 'us-west-2c', privateSubnetCidr: '10.0.64.0/19', publicSubnetCidr: '10.0.194.0/24' },
];

function network(natGateways: 'one-per-zone' | 'single') {
  return synthWithAws((scope, provider) => {
    new VpcNetwork(scope, 'network', { provider, name: 'c1', clusterName: 'c1', cidr: '10.0.0.0/16', zones, natGateways });
  });
}

describe('VpcNetwork', () => {
  it('creates a private and a public subnet per zone, tagged for load balancer discovery', () => {
    const subnets = resourcesOf(network('one-per-zone'), 'aws_subnet');
    const privateSubnets = subnets.filter((subnet) => subnet.tags['kubernetes.io/role/internal-elb'] === '1');
    const publicSubnets = subnets.filter((subnet) => subnet.tags['kubernetes.io/role/elb'] === '1');
    expect(privateSubnets.map((subnet) => subnet.cidr_block)).toEqual(zones.map((zone) => zone.privateSubnetCidr));
    expect(publicSubnets.map((subnet) => subnet.availability_zone)).toEqual(zones.map((zone) => zone.name));
    expect(publicSubnets.every((subnet) => subnet.map_public_ip_on_launch === false)).toBe(true);
  });

  it('puts one NAT gateway in each zone by default', () => {
    const synth = network('one-per-zone');
    expect(resourcesOf(synth, 'aws_nat_gateway')).toHaveLength(3);
    const natRoutes = resourcesOf(synth, 'aws_route').filter((route) => route.nat_gateway_id);
    expect(new Set(natRoutes.map((route) => route.nat_gateway_id)).size).toBe(3);
  });

  it('shares a single NAT gateway when asked to save cost', () => {
    const synth = network('single');
    expect(resourcesOf(synth, 'aws_nat_gateway')).toHaveLength(1);
    const natRoutes = resourcesOf(synth, 'aws_route').filter((route) => route.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(new Set(natRoutes.map((route) => route.nat_gateway_id)).size).toBe(1);
  });

  it('strips all rules from the default security group', () => {
    const [defaultGroup] = resourcesOf(network('single'), 'aws_default_security_group');
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
  });
});

describe('PrivateServiceEndpoints', () => {
  const synth = synthWithAws((scope, provider) => {
    new PrivateServiceEndpoints(scope, 'endpoints', {
      provider,
      name: 'c1',
      region: 'us-west-2',
      vpcId: 'vpc-1',
      vpcCidr: '10.0.0.0/16',
      subnetIds: ['subnet-a', 'subnet-b'],
      routeTableIds: ['rtb-a', 'rtb-b'],
    });
  });

  it('reaches ECR, STS, EC2, EKS, EKS Auth, Auto Scaling and ELB privately and S3 through a gateway', () => {
    const endpoints = resourcesOf(synth, 'aws_vpc_endpoint');
    const byType = (type: string) => endpoints.filter((endpoint) => endpoint.vpc_endpoint_type === type).map((endpoint) => endpoint.service_name);
    expect(byType('Gateway')).toEqual(['com.amazonaws.us-west-2.s3']);
    expect(byType('Interface').sort()).toEqual(
      ['autoscaling', 'ec2', 'ecr.api', 'ecr.dkr', 'eks', 'eks-auth', 'elasticloadbalancing', 'sts'].map((service) => `com.amazonaws.us-west-2.${service}`),
    );
    expect(endpoints.filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface').every((endpoint) => endpoint.private_dns_enabled)).toBe(true);
  });

  it('adds a Secrets Manager endpoint only when asked (the gateway key sync)', () => {
    const withSecrets = synthWithAws((scope, provider) => {
      new PrivateServiceEndpoints(scope, 'endpoints', {
        provider, name: 'c1', region: 'us-west-2', vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', subnetIds: ['subnet-a'], routeTableIds: ['rtb-a'], secretsManager: true,
      });
    });
    const services = (json: string) => resourcesOf(json, 'aws_vpc_endpoint').map((endpoint) => endpoint.service_name);
    expect(services(withSecrets)).toContain('com.amazonaws.us-west-2.secretsmanager');
    expect(services(synth)).not.toContain('com.amazonaws.us-west-2.secretsmanager');
  });

  it('admits only HTTPS from the VPC', () => {
    const [rule] = resourcesOf(synth, 'aws_vpc_security_group_ingress_rule');
    expect(rule).toMatchObject({ from_port: 443, to_port: 443, ip_protocol: 'tcp', cidr_ipv4: '10.0.0.0/16' });
  });
});
