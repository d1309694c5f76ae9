import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { GlobalacceleratorAccelerator } from '@cdktf/provider-aws/lib/globalaccelerator-accelerator';
import { GlobalacceleratorListener } from '@cdktf/provider-aws/lib/globalaccelerator-listener';
import { GlobalacceleratorEndpointGroup } from '@cdktf/provider-aws/lib/globalaccelerator-endpoint-group';
import { PrivateBucket } from '../primitives/private-bucket';
import { waiveGuardrail } from '../primitives/guardrail-waiver';

/** One region's entry point behind the accelerator. */
export interface AcceleratorRegion {
  readonly region: string;
  /** The region's Network Load Balancer. */
  readonly loadBalancerArn: string;
  /** Ports the NLB listens on; the region joins the accelerator listener of each of them. */
  readonly ports: readonly number[];
  /** 0-255. */
  readonly weight: number;
  /** 0-100. */
  readonly trafficDialPercentage: number;
}

export interface GlobalAcceleratorFlowLogs {
  /** Days before flow log objects expire. */
  readonly retentionDays: number;
  /** Exact bucket name; otherwise one is generated from `bucketPrefix`. */
  readonly bucketName?: string;
  readonly bucketPrefix: string;
}

export interface GlobalAcceleratorProps {
  /** Any AWS provider: the accelerator API lives in us-west-2 whatever the provider's region. */
  readonly provider: TerraformProvider;
  /** Provider of the region that holds the flow log bucket. @default provider */
  readonly bucketProvider?: TerraformProvider;
  /** Accelerator name: letters, digits and hyphens, at most 64. */
  readonly name: string;
  /** Address family of the static anycast addresses: IPv4 only, or IPv4 and IPv6. @default IPV4 */
  readonly ipAddressType?: 'IPV4' | 'DUAL_STACK';
  /**
   * Whether one client keeps reaching the same NLB (by source IP) or each connection is routed anew.
   * @default SOURCE_IP
   */
  readonly clientAffinity?: 'SOURCE_IP' | 'NONE';
  /** Pass client IPs to the NLBs (they need security groups and no TLS listener). @default false */
  readonly clientIpPreservation?: boolean;
  /** Accelerator listener ports, in order; every region lists which of them it serves. */
  readonly ports: readonly number[];
  /** Regions behind the accelerator: each one's NLB, the ports it serves, its weight and traffic dial. */
  readonly regions: readonly AcceleratorRegion[];
  /** Flow logs to a private bucket of their own, expiring after `retentionDays`. @default flow logs off */
  readonly flowLogs?: GlobalAcceleratorFlowLogs;
}

/**
 * A standard accelerator: two static anycast IPv4 addresses, one TCP listener per exposed port and, per
 * listener, one endpoint group per region holding that region's NLB. Health comes from the NLB's own
 * target health; when every endpoint is unhealthy the accelerator fails open to all of them.
 */
export class GlobalAccelerator extends Construct {
  readonly arn: string;
  readonly dnsName: string;
  /** The static anycast addresses, as a Terraform expression (list of strings). */
  readonly ipAddresses: string[];
  readonly flowLogBucket?: PrivateBucket;
  /** Listener and endpoint groups, keyed by port then region. */
  readonly endpointGroups: Map<number, Map<string, GlobalacceleratorEndpointGroup>> = new Map();

  constructor(scope: Construct, id: string, props: GlobalAcceleratorProps) {
    super(scope, id);
    const { provider } = props;
    const flowLogPrefix = 'flow-logs';

    if (props.flowLogs) {
      const bucket = new PrivateBucket(this, 'flow-logs', {
        provider: props.bucketProvider ?? provider,
        bucketName: props.flowLogs.bucketName,
        bucketPrefix: props.flowLogs.bucketName === undefined ? props.flowLogs.bucketPrefix : undefined,
        versioning: true,
        expireAfterDays: props.flowLogs.retentionDays,
      });
      waiveGuardrail(bucket, 'SPW-S3-008', 'A flow-log bucket: its writer is log delivery, and access logging it would add a log of the logs (CKV_AWS_18 accepted here).');
      // Log delivery writes under <prefix>/AWSLogs/<account>/ and checks the bucket ACL first.
      bucket.attachPolicy([
        {
          Sid: 'FlowLogDeliveryWrite',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucket.arn}/${flowLogPrefix}/AWSLogs/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        {
          Sid: 'FlowLogDeliveryAclCheck',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: bucket.arn,
        },
      ]);
      this.flowLogBucket = bucket;
    }

    const accelerator = new GlobalacceleratorAccelerator(this, 'accelerator', {
      provider,
      name: props.name,
      ipAddressType: props.ipAddressType ?? 'IPV4',
      enabled: true,
      attributes: this.flowLogBucket
        ? { flowLogsEnabled: true, flowLogsS3Bucket: this.flowLogBucket.bucketName, flowLogsS3Prefix: flowLogPrefix }
        : { flowLogsEnabled: false },
      tags: { Name: props.name },
      dependsOn: this.flowLogBucket ? [...this.flowLogBucket.ready] : undefined,
    });
    this.arn = accelerator.arn;
    this.dnsName = accelerator.dnsName;
    this.ipAddresses = accelerator.ipSets.get(0).ipAddresses;

    for (const port of props.ports) {
      const listener = new GlobalacceleratorListener(this, `listener-${port}`, {
        provider,
        acceleratorArn: accelerator.arn,
        protocol: 'TCP',
        clientAffinity: props.clientAffinity ?? 'SOURCE_IP',
        portRange: [{ fromPort: port, toPort: port }],
      });
      const groups = new Map<string, GlobalacceleratorEndpointGroup>();
      for (const region of props.regions.filter((candidate) => candidate.ports.includes(port))) {
        // Health checks of NLB endpoints are the NLB's own target health checks; the health_check_*
        // arguments apply only to EC2 and Elastic IP endpoints, so none are set here.
        groups.set(
          region.region,
          new GlobalacceleratorEndpointGroup(this, `listener-${port}-${region.region}`, {
            provider,
            listenerArn: listener.arn,
            endpointGroupRegion: region.region,
            trafficDialPercentage: region.trafficDialPercentage,
            endpointConfiguration: [
              {
                endpointId: region.loadBalancerArn,
                weight: region.weight,
                clientIpPreservationEnabled: props.clientIpPreservation ?? false,
              },
            ],
          }),
        );
      }
      this.endpointGroups.set(port, groups);
    }
  }
}
