import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { FleetConfig } from '../config/schema';
import { RegionalLoadBalancer } from '../constructs/front-door/regional-load-balancer';
import { GlobalAccelerator } from '../constructs/front-door/global-accelerator';
import { ArtifactCdn } from '../constructs/cdn/artifact-cdn';
import { WebAcl } from '../constructs/cdn/web-acl';
import { bucketPrefix } from '../model/names';

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
): GlobalEdge {
  const primaryRegion = config.regions.find((region) => region.primary)?.name ?? config.regions[0].name;
  const primary = providers.get(primaryRegion)!;
  const output = (id: string, value: unknown, description: string) => new TerraformOutput(stack, id, { value, description });
  let accelerator: GlobalAccelerator | undefined;
  let globalProvider: AwsProvider | undefined;
  let cdn: ArtifactCdn | undefined;
  let webAcl: WebAcl | undefined;

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
    });
    output('cdn-domain-name', cdn.domainName, 'CloudFront domain of static files and model artifacts');
    output('cdn-distribution-id', cdn.distributionId, 'CloudFront distribution (for invalidations)');
    output('cdn-artifact-bucket', cdn.artifactBucket.bucketName, 'Bucket that publishes to the CDN');
  }

  return { globalProvider, accelerator, cdn, webAcl };
}
