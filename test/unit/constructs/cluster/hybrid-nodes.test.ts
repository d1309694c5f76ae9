import { HybridNodes, HybridNodesProps } from '../../../../constructs/cluster/hybrid-nodes';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';

const base: Omit<HybridNodesProps, 'provider'> = {
  region: 'us-west-2',
  clusterName: 'spillway-test-us-west-2',
  clusterArn: 'arn:aws:eks:us-west-2:111122223333:cluster/spillway-test-us-west-2',
  clusterSecurityGroupId: 'sg-cluster',
  vpcId: 'vpc-1',
  privateSubnetIds: ['subnet-a', 'subnet-b'],
  privateRouteTableIds: ['rtb-a', 'rtb-b'],
  remoteNodeCidrs: ['10.80.0.0/16'],
  remotePodCidrs: ['10.85.0.0/16'],
  credentialProvider: 'ssm',
  connectivity: {
    type: 'site-to-site-vpn',
    customerGatewayIp: '203.0.113.10',
    customerGatewayBgpAsn: 65010,
    gateway: 'virtual-private-gateway',
    routing: 'static',
  },
};

function synthHybrid(props: Partial<HybridNodesProps> = {}) {
  return synthWithAws((scope, provider) => new HybridNodes(scope, 'hybrid', { ...base, ...props, provider }));
}

describe('HybridNodes', () => {
  it('grants the SSM node role a HYBRID_LINUX access entry and only what nodeadm needs', () => {
    const synth = synthHybrid();
    const role = onlyResource(synth, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
    expect(onlyResource(synth, 'aws_eks_access_entry')).toMatchObject({ type: 'HYBRID_LINUX', principal_arn: '${aws_iam_role.hybrid_node-role_32DD4264.arn}' });
    expect(resourcesOf(synth, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn).sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ]);
    const statements = JSON.parse(onlyResource(synth, 'aws_iam_role_policy').policy).Statement;
    expect(statements.find((s: any) => s.Sid === 'DescribeCluster').Resource).toBe(base.clusterArn);
  });

  it('builds a VPN over a virtual private gateway with static routes and VPC routes for every remote CIDR', () => {
    const synth = synthHybrid();
    expect(onlyResource(synth, 'aws_customer_gateway')).toMatchObject({ ip_address: '203.0.113.10', bgp_asn: '65010', type: 'ipsec.1' });
    expect(onlyResource(synth, 'aws_vpn_connection')).toMatchObject({ static_routes_only: true, preshared_key_storage: 'SecretsManager' });
    expect(resourcesOf(synth, 'aws_vpn_connection_route').map((r) => r.destination_cidr_block).sort()).toEqual(['10.80.0.0/16', '10.85.0.0/16']);
    const routes = resourcesOf(synth, 'aws_route');
    expect(routes.map((r) => `${r.route_table_id} ${r.destination_cidr_block}`).sort()).toEqual([
      'rtb-a 10.80.0.0/16',
      'rtb-a 10.85.0.0/16',
      'rtb-b 10.80.0.0/16',
      'rtb-b 10.85.0.0/16',
    ]);
    expect(routes[0].gateway_id).toMatch(/aws_vpn_gateway\./);
  });

  it('opens the cluster security group to the remote node and pod networks', () => {
    const synth = synthHybrid();
    const ingress = resourcesOf(synth, 'aws_vpc_security_group_ingress_rule').map((r) => `${r.cidr_ipv4} ${r.ip_protocol}/${r.from_port}`);
    expect(ingress.sort()).toEqual(['10.80.0.0/16 tcp/443', '10.85.0.0/16 tcp/443', '10.85.0.0/16 tcp/53', '10.85.0.0/16 udp/53']);
    const egress = resourcesOf(synth, 'aws_vpc_security_group_egress_rule').map((r) => `${r.cidr_ipv4} ${r.from_port}`);
    expect(egress.sort()).toEqual(['10.80.0.0/16 10250', '10.85.0.0/16 443', '10.85.0.0/16 8443', '10.85.0.0/16 9443']);
    for (const rule of resourcesOf(synth, 'aws_vpc_security_group_ingress_rule')) expect(rule.security_group_id).toBe('sg-cluster');
  });

  it('uses IAM Roles Anywhere with a trust anchor, a profile and a CN-bound trust policy', () => {
    const synth = synthHybrid({
      credentialProvider: 'iam-roles-anywhere',
      rolesAnywhere: { acmPcaArn: 'arn:aws:acm-pca:us-west-2:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555' },
    });
    expect(onlyResource(synth, 'aws_rolesanywhere_trust_anchor').source.source_type).toBe('AWS_ACM_PCA');
    expect(onlyResource(synth, 'aws_rolesanywhere_profile').role_arns).toEqual(['${aws_iam_role.hybrid_node-role_32DD4264.arn}']);
    const trust = JSON.parse(onlyResource(synth, 'aws_iam_role').assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: 'rolesanywhere.amazonaws.com' });
    // Terraform turns `$${` into a literal `${`: the IAM policy variable survives.
    expect(trust.Condition.StringEquals['sts:RoleSessionName']).toBe('$${aws:PrincipalTag/x509Subject/CN}');
    expect(resourcesOf(synth, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).not.toContain(
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    );
  });

  it('routes through a new transit gateway with BGP, or attaches to an existing one', () => {
    const tgw = synthHybrid({
      connectivity: { type: 'site-to-site-vpn', customerGatewayIp: '203.0.113.10', customerGatewayBgpAsn: 65010, gateway: 'transit-gateway', routing: 'bgp' },
    });
    expect(resourcesOf(tgw, 'aws_ec2_transit_gateway')).toHaveLength(1);
    expect(onlyResource(tgw, 'aws_vpn_connection')).toMatchObject({ static_routes_only: false });
    expect(resourcesOf(tgw, 'aws_ec2_transit_gateway_route')).toHaveLength(0);
    expect(resourcesOf(tgw, 'aws_route')[0].transit_gateway_id).toMatch(/aws_ec2_transit_gateway\./);

    const existing = synthHybrid({ connectivity: { type: 'existing-transit-gateway', transitGatewayId: 'tgw-0123456789abcdef0' } });
    expect(onlyResource(existing, 'aws_ec2_transit_gateway_vpc_attachment')).toMatchObject({ transit_gateway_id: 'tgw-0123456789abcdef0', vpc_id: 'vpc-1' });
    expect(resourcesOf(existing, 'aws_vpn_connection')).toHaveLength(0);
    expect(resourcesOf(existing, 'aws_route').every((r) => r.transit_gateway_id === 'tgw-0123456789abcdef0')).toBe(true);
  });
});
