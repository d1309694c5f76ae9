import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/**
 * Interface endpoints private nodes and controllers need without the internet: ECR (api and dkr) for
 * images, STS and EKS Auth for credentials (IRSA and Pod Identity), EC2 for the VPC CNI, and the APIs
 * the cluster autoscaler (autoscaling, eks:DescribeNodegroup) and the load balancer controller
 * (elasticloadbalancing) call. S3 is a gateway endpoint because ECR stores image layers there.
 */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'ec2', 'eks-auth', 'eks', 'autoscaling', 'elasticloadbalancing'] as const;

export interface PrivateServiceEndpointsProps {
  /** AWS provider of the VPC's region. */
  readonly provider: TerraformProvider;
  /** Prefix of the endpoints' Name tags and security group name, e.g. the cluster name. */
  readonly name: string;
  /** AWS region of the VPC, which forms the endpoint service names (`com.amazonaws.<region>.<service>`). */
  readonly region: string;
  /** VPC that gets the endpoints. */
  readonly vpcId: string;
  /** The VPC's CIDR, allowed to reach the interface endpoints on 443. */
  readonly vpcCidr: string;
  /** Private subnets the interface endpoints' network interfaces go in. */
  readonly subnetIds: string[];
  /** Private route tables that get the S3 gateway endpoint's route. */
  readonly routeTableIds: string[];
  /**
   * Also a Secrets Manager endpoint, for an in-cluster sync of secrets (the gateway's API-key hashes), so it
   * does not go out through the NAT gateway. @default false
   */
  readonly secretsManager?: boolean;
}

export class PrivateServiceEndpoints extends Construct {
  readonly securityGroupId: string;

  constructor(scope: Construct, id: string, props: PrivateServiceEndpointsProps) {
    super(scope, id);
    const { provider } = props;

    const securityGroup = new SecurityGroup(this, 'security-group', {
      provider,
      name: `${props.name}-vpc-endpoints`,
      description: 'HTTPS from inside the VPC to AWS service interface endpoints',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      provider,
      securityGroupId: securityGroup.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    this.securityGroupId = securityGroup.id;

    new VpcEndpoint(this, 's3', {
      provider,
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
      tags: { Name: `${props.name}-s3` },
    });

    for (const service of [...INTERFACE_ENDPOINT_SERVICES, ...(props.secretsManager ? ['secretsmanager'] : [])]) {
      new VpcEndpoint(this, service.replace('.', '-'), {
        provider,
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
  }
}
