import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { RolesanywhereTrustAnchor } from '@cdktf/provider-aws/lib/rolesanywhere-trust-anchor';
import { RolesanywhereProfile } from '@cdktf/provider-aws/lib/rolesanywhere-profile';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { CustomerGateway } from '@cdktf/provider-aws/lib/customer-gateway';
import { VpnGateway } from '@cdktf/provider-aws/lib/vpn-gateway';
import { VpnConnection } from '@cdktf/provider-aws/lib/vpn-connection';
import { VpnConnectionRoute } from '@cdktf/provider-aws/lib/vpn-connection-route';
import { Ec2TransitGateway } from '@cdktf/provider-aws/lib/ec2-transit-gateway';
import { Ec2TransitGatewayVpcAttachment } from '@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment';
import { Ec2TransitGatewayRoute } from '@cdktf/provider-aws/lib/ec2-transit-gateway-route';
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { managedPolicyArn, policyDocument, PolicyStatement } from '../primitives/iam-documents';

/** How the VPC reaches the on-prem network. */
export type HybridConnectivity =
  | {
      readonly type: 'site-to-site-vpn';
      /** Public IPv4 address of the on-prem VPN device. */
      readonly customerGatewayIp: string;
      readonly customerGatewayBgpAsn: number;
      readonly gateway: 'virtual-private-gateway' | 'transit-gateway';
      readonly routing: 'static' | 'bgp';
    }
  | { readonly type: 'existing-transit-gateway'; readonly transitGatewayId: string };

export interface HybridNodesProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** AWS region of the cluster; scopes the node role's SSM deregistration to its managed instances. */
  readonly region: string;
  /** EKS cluster the on-prem servers join; also the prefix of the role and network resource names. */
  readonly clusterName: string;
  /** ARN of that cluster, the only one the node role may describe and use Pod Identity with. */
  readonly clusterArn: string;
  /** The EKS-created cluster security group (control plane ENIs and managed nodes). */
  readonly clusterSecurityGroupId: string;
  /** The cluster's VPC, which the VPN gateway or the transit gateway attachment joins. */
  readonly vpcId: string;
  /** Subnets of a transit gateway attachment, one per zone. */
  readonly privateSubnetIds: string[];
  /** Route tables that get a route to every remote CIDR. */
  readonly privateRouteTableIds: string[];
  /** On-prem networks of the hybrid nodes: routed from the VPC, allowed to the API, reached on kubelet's 10250. */
  readonly remoteNodeCidrs: readonly string[];
  /**
   * On-prem networks of pods on hybrid nodes: routed like the node networks, allowed to the API and CoreDNS,
   * reached on the webhook ports.
   * @default [] (no routes or security group rules for remote pods)
   */
  readonly remotePodCidrs?: readonly string[];
  /** How nodeadm on the on-prem servers gets AWS credentials: SSM hybrid activations or IAM Roles Anywhere. */
  readonly credentialProvider: 'ssm' | 'iam-roles-anywhere';
  /** Trust anchor source; required with `iam-roles-anywhere` (exactly one of the two). @default none */
  readonly rolesAnywhere?: { readonly acmPcaArn?: string; readonly certificateBundlePem?: string };
  /** Network path to the on-prem networks: a new Site-to-Site VPN, or an existing transit gateway. */
  readonly connectivity: HybridConnectivity;
}

/** Ports the control plane opens to pods on hybrid nodes for admission webhooks. */
export const WEBHOOK_PORTS = [443, 8443, 9443] as const;

/**
 * The AWS side of EKS Hybrid Nodes for one cluster: the node IAM role (credentials from SSM hybrid
 * activations or IAM Roles Anywhere) with its `HYBRID_LINUX` access entry, the network path to the on-prem
 * networks (Site-to-Site VPN over a virtual private gateway or a new transit gateway, or an existing transit
 * gateway), routes to the remote node and pod CIDRs in every private route table, and the cluster security
 * group rules those networks need. The cluster's `remote_network_config` is set by PrivateEksCluster.
 */
export class HybridNodes extends Construct {
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  /** IAM Roles Anywhere profile for nodeadm (`iam-roles-anywhere` only). */
  readonly rolesAnywhereProfileArn?: string;
  readonly rolesAnywhereTrustAnchorArn?: string;
  /** The Site-to-Site VPN connection (`site-to-site-vpn` only). */
  readonly vpnConnectionId?: string;

  constructor(scope: Construct, id: string, props: HybridNodesProps) {
    super(scope, id);
    const { provider } = props;
    const remotePodCidrs = props.remotePodCidrs ?? [];
    const named = (suffix: string) => ({ Name: `${props.clusterName}-${suffix}` });
    const roleName = `${props.clusterName}-hybrid-node`;

    // ---- identity ----
    let trustStatement: PolicyStatement;
    let trustAnchor: RolesanywhereTrustAnchor | undefined;
    if (props.credentialProvider === 'ssm') {
      trustStatement = { Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Action: 'sts:AssumeRole' };
    } else {
      const source = props.rolesAnywhere?.acmPcaArn
        ? { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: props.rolesAnywhere.acmPcaArn } }
        : { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: props.rolesAnywhere?.certificateBundlePem } };
      trustAnchor = new RolesanywhereTrustAnchor(this, 'trust-anchor', {
        provider,
        name: `${props.clusterName}-hybrid-nodes`,
        enabled: true,
        source,
        tags: named('hybrid-nodes'),
      });
      trustStatement = {
        Effect: 'Allow',
        Principal: { Service: 'rolesanywhere.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:SourceArn': trustAnchor.arn },
          // The session name must be the certificate's CN, which nodeadm also uses as the node name.
          // `$${` is Terraform's escape for a literal `${` (an IAM policy variable).
          StringEquals: { 'sts:RoleSessionName': '$${aws:PrincipalTag/x509Subject/CN}' },
        },
      };
    }

    const role = new IamRole(this, 'node-role', {
      provider,
      name: roleName,
      description: `EKS Hybrid Nodes (on-prem GPU servers) of ${props.clusterName}, via ${props.credentialProvider}`,
      assumeRolePolicy: policyDocument([trustStatement]),
    });
    const managed = ['AmazonEC2ContainerRegistryPullOnly', ...(props.credentialProvider === 'ssm' ? ['AmazonSSMManagedInstanceCore'] : [])];
    managed.forEach(
      (policy) => new IamRolePolicyAttachment(this, policy, { provider, role: role.name, policyArn: managedPolicyArn(policy) }),
    );
    const statements: PolicyStatement[] = [
      // nodeadm reads the endpoint, CA and service CIDR of this cluster only.
      { Sid: 'DescribeCluster', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: props.clusterArn },
      { Sid: 'PodIdentity', Effect: 'Allow', Action: 'eks-auth:AssumeRoleForPodIdentity', Resource: props.clusterArn },
    ];
    if (props.credentialProvider === 'ssm') {
      // `nodeadm uninstall` deregisters the server's own managed instance.
      statements.push(
        { Sid: 'DescribeSelf', Effect: 'Allow', Action: 'ssm:DescribeInstanceInformation', Resource: '*' },
        {
          Sid: 'DeregisterSelf',
          Effect: 'Allow',
          Action: 'ssm:DeregisterManagedInstance',
          Resource: `arn:aws:ssm:${props.region}:*:managed-instance/*`,
        },
      );
    }
    new IamRolePolicy(this, 'node-policy', { provider, role: role.name, name: 'hybrid-node', policy: policyDocument(statements) });

    if (trustAnchor) {
      const profile = new RolesanywhereProfile(this, 'profile', {
        provider,
        name: `${props.clusterName}-hybrid-nodes`,
        enabled: true,
        roleArns: [role.arn],
        durationSeconds: 3600,
        tags: named('hybrid-nodes'),
      });
      this.rolesAnywhereProfileArn = profile.arn;
      this.rolesAnywhereTrustAnchorArn = trustAnchor.arn;
    }

    new EksAccessEntry(this, 'access-entry', {
      provider,
      clusterName: props.clusterName,
      principalArn: role.arn,
      type: 'HYBRID_LINUX',
    });

    // ---- network path ----
    const remoteCidrs = [...props.remoteNodeCidrs, ...remotePodCidrs];
    const link = props.connectivity;
    let routeTarget: { gatewayId?: string; transitGatewayId?: string };
    let routeDependsOn: Ec2TransitGatewayVpcAttachment[] = [];
    const attachVpc = (transitGatewayId: string) =>
      new Ec2TransitGatewayVpcAttachment(this, 'vpc-attachment', {
        provider,
        transitGatewayId,
        vpcId: props.vpcId,
        subnetIds: props.privateSubnetIds,
        dnsSupport: 'enable',
        tags: named('hybrid-nodes'),
      });

    if (link.type === 'existing-transit-gateway') {
      // Routes on the transit gateway side (to on-prem and back to this VPC) belong to its owner.
      routeDependsOn = [attachVpc(link.transitGatewayId)];
      routeTarget = { transitGatewayId: link.transitGatewayId };
    } else {
      const customerGateway = new CustomerGateway(this, 'customer-gateway', {
        provider,
        type: 'ipsec.1',
        ipAddress: link.customerGatewayIp,
        bgpAsn: String(link.customerGatewayBgpAsn),
        tags: named('on-prem'),
      });
      const staticRoutesOnly = link.routing === 'static';
      // Tunnel pre-shared keys go to Secrets Manager instead of Terraform state.
      const vpnCommon = {
        provider,
        customerGatewayId: customerGateway.id,
        type: 'ipsec.1',
        staticRoutesOnly,
        presharedKeyStorage: 'SecretsManager',
        tags: named('hybrid-nodes'),
      };
      if (link.gateway === 'virtual-private-gateway') {
        const vpnGateway = new VpnGateway(this, 'vpn-gateway', { provider, vpcId: props.vpcId, tags: named('vgw') });
        const vpn = new VpnConnection(this, 'vpn', { ...vpnCommon, vpnGatewayId: vpnGateway.id });
        if (staticRoutesOnly) {
          remoteCidrs.forEach(
            (cidr) =>
              new VpnConnectionRoute(this, `vpn-route-${cidrId(cidr)}`, { provider, vpnConnectionId: vpn.id, destinationCidrBlock: cidr }),
          );
        }
        this.vpnConnectionId = vpn.id;
        routeTarget = { gatewayId: vpnGateway.id };
      } else {
        const transitGateway = new Ec2TransitGateway(this, 'transit-gateway', {
          provider,
          description: `On-prem GPU servers of ${props.clusterName}`,
          autoAcceptSharedAttachments: 'disable',
          defaultRouteTableAssociation: 'enable',
          defaultRouteTablePropagation: 'enable',
          dnsSupport: 'enable',
          vpnEcmpSupport: 'enable',
          tags: named('tgw'),
        });
        routeDependsOn = [attachVpc(transitGateway.id)];
        const vpn = new VpnConnection(this, 'vpn', { ...vpnCommon, transitGatewayId: transitGateway.id });
        if (staticRoutesOnly) {
          remoteCidrs.forEach(
            (cidr) =>
              new Ec2TransitGatewayRoute(this, `tgw-route-${cidrId(cidr)}`, {
                provider,
                destinationCidrBlock: cidr,
                transitGatewayAttachmentId: vpn.transitGatewayAttachmentId,
                transitGatewayRouteTableId: transitGateway.associationDefaultRouteTableId,
              }),
          );
        }
        this.vpnConnectionId = vpn.id;
        routeTarget = { transitGatewayId: transitGateway.id };
      }
    }

    props.privateRouteTableIds.forEach((routeTableId, tableIndex) => {
      remoteCidrs.forEach((cidr) => {
        new Route(this, `route-${tableIndex}-${cidrId(cidr)}`, {
          provider,
          routeTableId,
          destinationCidrBlock: cidr,
          ...routeTarget,
          dependsOn: routeDependsOn,
        });
      });
    });

    // ---- cluster security group ----
    const ingress = (name: string, cidr: string, description: string, ipProtocol: string, port: number) =>
      new VpcSecurityGroupIngressRule(this, `${name}-${cidrId(cidr)}`, {
        provider,
        securityGroupId: props.clusterSecurityGroupId,
        description,
        ipProtocol,
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    const egress = (name: string, cidr: string, description: string, port: number) =>
      new VpcSecurityGroupEgressRule(this, `${name}-${cidrId(cidr)}`, {
        provider,
        securityGroupId: props.clusterSecurityGroupId,
        description,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: cidr,
      });
    props.remoteNodeCidrs.forEach((cidr) => {
      ingress('api-from-nodes', cidr, 'Kubernetes API from hybrid nodes', 'tcp', 443);
      egress('kubelet-to-nodes', cidr, 'Control plane to kubelet on hybrid nodes (logs, exec, metrics)', 10250);
    });
    remotePodCidrs.forEach((cidr) => {
      ingress('api-from-pods', cidr, 'Kubernetes API from pods on hybrid nodes', 'tcp', 443);
      ingress('dns-tcp-from-pods', cidr, 'CoreDNS from pods on hybrid nodes', 'tcp', 53);
      ingress('dns-udp-from-pods', cidr, 'CoreDNS from pods on hybrid nodes', 'udp', 53);
      WEBHOOK_PORTS.forEach((port) => egress(`webhook-${port}-to-pods`, cidr, `Control plane to webhooks on hybrid nodes (${port})`, port));
    });

    this.nodeRoleArn = role.arn;
    this.nodeRoleName = role.name;
  }
}

/** `10.80.0.0/16` -> `10-80-0-0-16`, for construct ids that stay stable when other CIDRs are added. */
function cidrId(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}
