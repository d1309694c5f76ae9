import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';

/** Triton's readiness endpoint (KServe v2 protocol): 200 once the server and its models are ready. */
export const TRITON_READY_PATH = '/v2/health/ready';

/** A target group Spillway owns and the AWS Load Balancer Controller fills with pod IPs. */
export interface RegionalTargetGroup {
  /** `http` or `grpc`: the Triton port it serves. */
  readonly name: 'http' | 'grpc';
  /** The port on the Service and the pods (also the listener port). */
  readonly port: number;
  readonly arn: string;
}

export interface RegionalLoadBalancerHealthCheck {
  /** Port the HTTP check is sent to on each target. @default the HTTP port (`httpPort`) */
  readonly port?: number;
  /** Path of the HTTP check; a 200 means healthy. @default `TRITON_READY_PATH` */
  readonly path?: string;
  /** @default 10 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
}

export interface RegionalLoadBalancerProps {
  /** AWS provider of the region the NLB serves. */
  readonly provider: TerraformProvider;
  /** Prefix of Name tags, e.g. the cluster name. */
  readonly name: string;
  /** The cluster's VPC, which holds the NLB, its security group and the target groups. */
  readonly vpcId: string;
  /** The VPC's CIDR: the only destination the NLB's security group may send to (targets, health checks). */
  readonly vpcCidr: string;
  /** Subnets of an `internal` NLB (one per zone). */
  readonly privateSubnetIds: string[];
  /** Subnets of an `internet-facing` NLB (one per zone). */
  readonly publicSubnetIds: string[];
  /**
   * Whether the NLB sits in the private subnets (`internal`) or the public ones (`internet-facing`).
   * @default internal
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /** Sources admitted on exactly the listener ports. */
  readonly allowedSourceCidrs: readonly string[];
  /** The HTTP port: TCP listener, target group and (by default) health check port. */
  readonly httpPort: number;
  /** The gRPC port: TCP listener and target group. */
  readonly grpcPort: number;
  /**
   * Ports the targets (pods) listen on for traffic, which the security groups open from the NLB; the health
   * check port is opened as well. @default the listener ports, `httpPort` and `grpcPort`
   */
  readonly targetPorts?: readonly number[];
  /**
   * ACM certificate (in this region) for a TLS listener on `tlsPort` forwarding to the HTTP target group.
   * @default no TLS listener
   */
  readonly tlsCertificateArn?: string;
  /** Port of the TLS listener; used only with `tlsCertificateArn`. @default 443 */
  readonly tlsPort?: number;
  /**
   * Prefix every connection to a target with a PROXY protocol v2 header carrying the client address the NLB
   * saw, for targets that read it (the gateway's `accept-proxy` listeners) and put it in X-Forwarded-For.
   * @default false
   */
  readonly proxyProtocolV2?: boolean;
  /** Seconds a deregistered pod keeps its connections before the NLB closes them. @default 60 */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Where and how often both target groups check their targets over HTTP.
   * @default `TRITON_READY_PATH` on `httpPort`; interval 10 s, timeout 5 s, 3 healthy / 3 unhealthy checks
   */
  readonly healthCheck?: RegionalLoadBalancerHealthCheck;
  /**
   * Security group of the pods (the EKS cluster security group, which managed nodes and their pods carry):
   * it gets ingress from the NLB's group on the target ports.
   * @default no rule is added
   */
  readonly targetSecurityGroupId?: string;
  /**
   * AWS deletion protection; off only for a deliberate teardown (`stateSafety.allowDestroy` of `aws_lb`).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * A Terraform-owned Network Load Balancer in front of Triton in one region: security groups, cross-zone,
 * TCP listeners for HTTP and gRPC (optionally TLS), and `ip` target groups whose members the AWS Load
 * Balancer Controller registers from a TargetGroupBinding. Its ARN is known at plan time, so Global
 * Accelerator can point at it in the same plan.
 */
export class RegionalLoadBalancer extends Construct {
  readonly arn: string;
  /** `net/<name>/<id>`: the `LoadBalancer` dimension of its CloudWatch metrics. */
  readonly arnSuffix: string;
  readonly dnsName: string;
  readonly securityGroupId: string;
  readonly targetGroups: RegionalTargetGroup[];
  /** Each target group's `targetgroup/<name>/<id>`: the `TargetGroup` dimension of its CloudWatch metrics. */
  readonly targetGroupArnSuffixes: { readonly name: RegionalTargetGroup['name']; readonly arnSuffix: string }[];
  /** Every listener port, in order: http, grpc, then tls when configured. */
  readonly listenerPorts: number[];

  constructor(scope: Construct, id: string, props: RegionalLoadBalancerProps) {
    super(scope, id);
    const { provider } = props;
    const named = (suffix: string) => ({ Name: `${props.name}-${suffix}` });
    const internal = (props.scheme ?? 'internal') === 'internal';
    const tlsPort = props.tlsCertificateArn ? (props.tlsPort ?? 443) : undefined;
    this.listenerPorts = [props.httpPort, props.grpcPort, ...(tlsPort !== undefined ? [tlsPort] : [])];
    const check = props.healthCheck ?? {};
    const healthPort = check.port ?? props.httpPort;
    const targetPorts = [...new Set([...(props.targetPorts ?? [props.httpPort, props.grpcPort]), healthPort])];

    const securityGroup = new SecurityGroup(this, 'security-group', {
      provider,
      name: `${props.name}-nlb`,
      description: 'Triton NLB: listener ports from the allowed sources, target ports to the VPC',
      vpcId: props.vpcId,
      tags: named('nlb'),
    });
    this.securityGroupId = securityGroup.id;
    this.listenerPorts.forEach((port) => {
      props.allowedSourceCidrs.forEach((cidr, index) => {
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${index}`, {
          provider,
          securityGroupId: securityGroup.id,
          description: `Listener ${port} from ${cidr}`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
        });
      });
    });
    targetPorts.forEach((port) => {
      new VpcSecurityGroupEgressRule(this, `egress-${port}`, {
        provider,
        securityGroupId: securityGroup.id,
        description: `Targets and health checks on ${port} in the VPC`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: props.vpcCidr,
      });
      if (props.targetSecurityGroupId) {
        new VpcSecurityGroupIngressRule(this, `targets-from-nlb-${port}`, {
          provider,
          securityGroupId: props.targetSecurityGroupId,
          description: `Targets ${port} from the NLB`,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          referencedSecurityGroupId: securityGroup.id,
        });
      }
    });

    const loadBalancer = new Lb(this, 'nlb', {
      provider,
      loadBalancerType: 'network',
      internal,
      subnets: internal ? props.privateSubnetIds : props.publicSubnetIds,
      securityGroups: [securityGroup.id],
      ipAddressType: 'ipv4',
      enableCrossZoneLoadBalancing: true,
      // Its ARN is an accelerator endpoint and its DNS name may be in clients: deleting it takes a reviewed change.
      enableDeletionProtection: props.deletionProtection ?? true,
      tags: named('nlb'),
    });
    this.arn = loadBalancer.arn;
    this.arnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;

    const targetGroup = (name: RegionalTargetGroup['name'], port: number) => {
      return new LbTargetGroup(this, `${name}-targets`, {
        provider,
        targetType: 'ip',
        protocol: 'TCP',
        port,
        vpcId: props.vpcId,
        ipAddressType: 'ipv4',
        deregistrationDelay: String(props.deregistrationDelaySeconds ?? 60),
        // Close a deregistered pod's connections when the delay ends, so long gRPC streams move on too.
        connectionTermination: true,
        // The NLB sources traffic from its own addresses: pods admit the NLB's security group only, and
        // cross-zone routing cannot produce colliding client tuples.
        preserveClientIp: 'false',
        // Unset when off (the provider's default false), so fleets without it plan no change.
        proxyProtocolV2: props.proxyProtocolV2 ? true : undefined,
        healthCheck: {
          enabled: true,
          protocol: 'HTTP',
          path: check.path ?? TRITON_READY_PATH,
          port: String(healthPort),
          matcher: '200',
          interval: check.intervalSeconds ?? 10,
          timeout: check.timeoutSeconds ?? 5,
          healthyThreshold: check.healthyThreshold ?? 3,
          unhealthyThreshold: check.unhealthyThreshold ?? 3,
        },
        tags: named(`${name}-targets`),
      });
    };
    const http = targetGroup('http', props.httpPort);
    const grpc = targetGroup('grpc', props.grpcPort);
    this.targetGroups = [
      { name: 'http', port: props.httpPort, arn: http.arn },
      { name: 'grpc', port: props.grpcPort, arn: grpc.arn },
    ];
    this.targetGroupArnSuffixes = [
      { name: 'http', arnSuffix: http.arnSuffix },
      { name: 'grpc', arnSuffix: grpc.arnSuffix },
    ];

    const listener = (listenerId: string, port: number, group: LbTargetGroup, tls?: string) =>
      new LbListener(this, listenerId, {
        provider,
        loadBalancerArn: loadBalancer.arn,
        port,
        protocol: tls ? 'TLS' : 'TCP',
        certificateArn: tls,
        sslPolicy: tls ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
        defaultAction: [{ type: 'forward', targetGroupArn: group.arn }],
        tags: named(listenerId),
      });
    listener('http-listener', props.httpPort, http);
    listener('grpc-listener', props.grpcPort, grpc);
    if (tlsPort !== undefined) listener('tls-listener', tlsPort, http, props.tlsCertificateArn);
  }
}
