import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { FleetConfig } from '../config/schema';
import { RegionalLoadBalancer } from '../constructs/front-door/regional-load-balancer';
import { GlobalAccelerator } from '../constructs/front-door/global-accelerator';
import { ArtifactCdn } from '../constructs/cdn/artifact-cdn';
import { WebAcl } from '../constructs/cdn/web-acl';
import { bucketPrefix } from '../model/names';
import { WebAclLogging } from '../constructs/cdn/web-acl-logging';
import { CustomerKey } from '../constructs/primitives/customer-key';
import { RegionalCluster } from './regional-cluster';

/** CloudFront certificates and CLOUDFRONT-scope web ACLs live in us-east-1. */
export const GLOBAL_REGION = 'us-east-1';
/** Alias of the extra provider for us-east-1 when no configured region is us-east-1. */
export const GLOBAL_PROVIDER_ALIAS = 'global';

export interface GlobalEdge {
  /** The us-east-1 provider (a configured region's, or the `global` alias); only when the CDN is configured. */
  readonly globalProvider?: AwsProvider;
  readonly accelerator?: GlobalAccelerator;
  readonly cdn?: ArtifactCdn;
  readonly webAcl?: WebAcl;
  readonly webAclLogging?: WebAclLogging;
  /** The customer key of us-east-1 for the WAF log group: that region's own key, or one made here. */
  readonly edgeKey?: CustomerKey;
  /**
   * The artifact bucket's own key, in the primary region. Not the region's logs-and-data key: CloudFront is
   * admitted by the distribution's ARN, and that key would make every log group of the region wait for the
   * distribution to exist.
   */
  readonly artifactKey?: CustomerKey;
}

/**
 * InfraStack's global resources: Global Accelerator over the regional NLBs (`frontDoor`), and CloudFront
 * with its WAF web ACL over the artifact bucket (`cdn`). Buckets live in the primary region.
 */
export function buildGlobalEdge(
  stack: TerraformStack,
  config: FleetConfig,
  providers: ReadonlyMap<string, AwsProvider>,
  loadBalancers: ReadonlyMap<string, RegionalLoadBalancer>,
  defaultTags: Readonly<Record<string, string>>,
  regions: ReadonlyMap<string, RegionalCluster>,
): GlobalEdge {
  const primaryRegion = config.regions.find((region) => region.primary)?.name ?? config.regions[0].name;
  const primary = providers.get(primaryRegion)!;
  const output = (id: string, value: unknown, description: string) => new TerraformOutput(stack, id, { value, description });
  let accelerator: GlobalAccelerator | undefined;
  let globalProvider: AwsProvider | undefined;
  let cdn: ArtifactCdn | undefined;
  let webAcl: WebAcl | undefined;
  let webAclLogging: WebAclLogging | undefined;
  let edgeKey: CustomerKey | undefined;
  let artifactKey: CustomerKey | undefined;
  const primaryRegional = regions.get(primaryRegion)!;

  const frontDoor = config.frontDoor;
  if (frontDoor) {
    const ports = [frontDoor.service.ports.http, frontDoor.service.ports.grpc];
    if (frontDoor.regions.some((entry) => entry.tlsCertificateArn !== undefined)) ports.push(frontDoor.tlsPort);
    const flowLogs = frontDoor.accelerator.flowLogs;
    accelerator = new GlobalAccelerator(stack, 'front-door-accelerator', {
      provider: primary,
      name: `spillway-${config.environment}`,
      ipAddressType: frontDoor.accelerator.ipAddressType,
      clientAffinity: frontDoor.accelerator.clientAffinity,
      clientIpPreservation: frontDoor.accelerator.clientIpPreservation,
      ports,
      regions: frontDoor.regions.map((entry) => {
        const loadBalancer = loadBalancers.get(entry.name)!;
        return {
          region: entry.name,
          loadBalancerArn: loadBalancer.arn,
          ports: loadBalancer.listenerPorts,
          weight: entry.weight,
          trafficDialPercentage: entry.trafficDialPercentage,
        };
      }),
      flowLogs: flowLogs.enabled
        ? { retentionDays: flowLogs.retentionDays, bucketName: flowLogs.bucketName, bucketPrefix: bucketPrefix(config.environment, 'galog') }
        : undefined,
    });
    output('front-door-ip-addresses', accelerator.ipAddresses, 'Static anycast IPv4 addresses of the inference API');
    output('front-door-dns-name', accelerator.dnsName, 'DNS name of the accelerator');
    loadBalancers.forEach((loadBalancer, region) => output(`${region}-nlb-dns-name`, loadBalancer.dnsName, `Triton NLB in ${region}`));
  }

  const cdnConfig = config.cdn;
  if (cdnConfig) {
    globalProvider =
      providers.get(GLOBAL_REGION) ??
      new AwsProvider(stack, `aws-${GLOBAL_PROVIDER_ALIAS}`, {
        alias: GLOBAL_PROVIDER_ALIAS,
        region: GLOBAL_REGION,
        defaultTags: [{ tags: { ...defaultTags } }],
      });
    webAcl = new WebAcl(stack, 'cdn-web-acl', {
      provider: globalProvider,
      name: `spillway-${config.environment}-cdn`,
      rateLimitPer5Minutes: cdnConfig.waf.rateLimitPer5Minutes,
    });
    edgeKey =
      regions.get(GLOBAL_REGION)?.customerKey ??
      new CustomerKey(stack, 'edge-customer-key', {
        provider: globalProvider,
        region: GLOBAL_REGION,
        name: `spillway-${config.environment}-edge-logs`,
        description: `Logs of spillway-${config.environment} in ${GLOBAL_REGION}: the CDN's WAF log group`,
      }).allowCloudWatchLogs();
    webAclLogging = new WebAclLogging(stack, 'cdn-web-acl-logging', {
      provider: globalProvider,
      webAclName: `spillway-${config.environment}-cdn`,
      webAclArn: webAcl.arn,
      kmsKeyArn: edgeKey.arn,
      retentionDays: config.security.wafLogs.retentionDays,
      redactedHeaders: config.security.wafLogs.redactedHeaders,
    });
    artifactKey = new CustomerKey(stack, 'cdn-artifact-key', {
      provider: primary,
      region: primaryRegion,
      name: `spillway-${config.environment}-cdn-artifacts`,
      description: `CDN artifacts of spillway-${config.environment}: read by CloudFront through Origin Access Control`,
    }).allowS3ForAccountPrincipals();
    cdn = new ArtifactCdn(stack, 'cdn', {
      provider: globalProvider,
      bucketProvider: primary,
      name: `spillway-${config.environment}`,
      artifactBucketName: cdnConfig.bucketNames.artifacts,
      artifactBucketPrefix: bucketPrefix(config.environment, 'cdn'),
      logBucketName: cdnConfig.bucketNames.logs,
      logBucketPrefix: bucketPrefix(config.environment, 'cdnlog'),
      logRetentionDays: cdnConfig.logRetentionDays,
      aliases: cdnConfig.aliases,
      certificateArn: cdnConfig.certificateArn,
      originShieldRegion: cdnConfig.originShieldRegion,
      viewerProtocolPolicy: cdnConfig.viewerProtocolPolicy,
      immutablePathPatterns: cdnConfig.immutablePathPatterns,
      immutableTtlSeconds: cdnConfig.ttlSeconds.immutable,
      mutableDefaultTtlSeconds: cdnConfig.ttlSeconds.mutableDefault,
      mutableMaxTtlSeconds: cdnConfig.ttlSeconds.mutableMax,
      webAclArn: webAcl.arn,
      artifactKmsKeyArn: artifactKey.arn,
      artifactAccessLogs: primaryRegional.logBucket!.accessLogsTarget('s3/cdn-artifacts/'),
    });
    primaryRegional.logBucket!.admitAccessLogsFrom(cdn.artifactBucket.arn);
    artifactKey.allowCloudFrontDistribution('CloudFrontReadsArtifacts', cdn.distributionArn);
    output('cdn-domain-name', cdn.domainName, 'CloudFront domain of static files and model artifacts');
    output('cdn-distribution-id', cdn.distributionId, 'CloudFront distribution (for invalidations)');
    output('cdn-artifact-bucket', cdn.artifactBucket.bucketName, 'Bucket that publishes to the CDN');
  }

  return { globalProvider, accelerator, cdn, webAcl, webAclLogging, edgeKey, artifactKey };
}
