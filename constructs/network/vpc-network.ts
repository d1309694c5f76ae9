import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';

export interface VpcNetworkZone {
  /** Availability zone name, e.g. us-west-2a. */
  readonly name: string;
  readonly privateSubnetCidr: string;
  readonly publicSubnetCidr: string;
}

export interface VpcNetworkProps {
  /** AWS provider of the region the VPC is created in. */
  readonly provider: TerraformProvider;
  /** Prefix for Name tags, e.g. the cluster name. */
  readonly name: string;
  /** The VPC's IPv4 CIDR; every zone's subnets are carved from it. */
  readonly cidr: string;
  /** Availability zones, each with one private subnet (nodes, pods) and one public subnet (NAT, load balancers). */
  readonly zones: readonly VpcNetworkZone[];
  /** `one-per-zone` keeps each zone's egress independent; `single` saves cost. */
  readonly natGateways: 'one-per-zone' | 'single';
  /** Cluster name, for the subnet tags the AWS Load Balancer Controller discovers subnets by. */
  readonly clusterName: string;
}

/**
 * A VPC with a private subnet per zone for nodes and pods and a public subnet per zone for NAT and
 * load balancers. Private subnets reach the internet only through NAT; the internet gateway also lets
 * Global Accelerator reach private-subnet endpoints.
 */
export class VpcNetwork extends Construct {
  readonly vpcId: string;
  readonly cidr: string;
  readonly privateSubnetIds: string[];
  /** ARNs of the private subnets, in zone order (FIS targets subnets by ARN). */
  readonly privateSubnetArns: string[];
  readonly publicSubnetIds: string[];
  /** One per zone, in zone order: where VPN routes and the S3 gateway endpoint attach. */
  readonly privateRouteTableIds: string[];

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    const { provider } = props;
    const named = (suffix: string) => ({ Name: `${props.name}-${suffix}` });

    const vpc = new Vpc(this, 'vpc', {
      provider,
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: named('vpc'),
    });
    this.vpcId = vpc.id;
    this.cidr = props.cidr;

    // The default security group allows all traffic between its members; nothing should use it.
    new DefaultSecurityGroup(this, 'default-security-group', { provider, vpcId: vpc.id, tags: named('default-deny') });

    const internetGateway = new InternetGateway(this, 'internet-gateway', { provider, vpcId: vpc.id, tags: named('igw') });

    const publicRoutes = new RouteTable(this, 'public-routes', { provider, vpcId: vpc.id, tags: named('public') });
    new Route(this, 'public-default-route', {
      provider,
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: internetGateway.id,
    });

    const publicSubnets = props.zones.map((zone) => {
      const subnet = new Subnet(this, `public-${zone.name}`, {
        provider,
        vpcId: vpc.id,
        availabilityZone: zone.name,
        cidrBlock: zone.publicSubnetCidr,
        mapPublicIpOnLaunch: false,
        tags: { ...named(`public-${zone.name}`), 'kubernetes.io/role/elb': '1', [`kubernetes.io/cluster/${props.clusterName}`]: 'shared' },
      });
      new RouteTableAssociation(this, `public-${zone.name}-routes`, { provider, subnetId: subnet.id, routeTableId: publicRoutes.id });
      return subnet;
    });

    const natZones = props.natGateways === 'single' ? props.zones.slice(0, 1) : props.zones;
    const natGateways = natZones.map((zone, index) => {
      const address = new Eip(this, `nat-${zone.name}-address`, { provider, domain: 'vpc', tags: named(`nat-${zone.name}`) });
      return new NatGateway(this, `nat-${zone.name}`, {
        provider,
        allocationId: address.allocationId,
        subnetId: publicSubnets[index].id,
        tags: named(`nat-${zone.name}`),
        dependsOn: [internetGateway],
      });
    });

    const privateRouteTables: RouteTable[] = [];
    const privateSubnets = props.zones.map((zone, index) => {
      const subnet = new Subnet(this, `private-${zone.name}`, {
        provider,
        vpcId: vpc.id,
        availabilityZone: zone.name,
        cidrBlock: zone.privateSubnetCidr,
        tags: {
          ...named(`private-${zone.name}`),
          'kubernetes.io/role/internal-elb': '1',
          [`kubernetes.io/cluster/${props.clusterName}`]: 'shared',
        },
      });
      const routes = new RouteTable(this, `private-${zone.name}-routes`, { provider, vpcId: vpc.id, tags: named(`private-${zone.name}`) });
      new Route(this, `private-${zone.name}-default-route`, {
        provider,
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateways[Math.min(index, natGateways.length - 1)].id,
      });
      new RouteTableAssociation(this, `private-${zone.name}-association`, { provider, subnetId: subnet.id, routeTableId: routes.id });
      privateRouteTables.push(routes);
      return subnet;
    });

    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.privateSubnetArns = privateSubnets.map((subnet) => subnet.arn);
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateRouteTableIds = privateRouteTables.map((table) => table.id);
  }
}
