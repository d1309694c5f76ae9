import { Construct } from 'constructs';
import { Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { FleetConfig } from '../config/schema';
import { RegionalCluster } from './regional-cluster';
import { GpuNodeGroupInfo } from '../constructs/gpu-capacity/gpu-node-pool';
import { RegionalLoadBalancer, RegionalTargetGroup } from '../constructs/front-door/regional-load-balancer';
import { LoadBalancerControllerRole } from '../constructs/front-door/load-balancer-controller-role';
import { ModelRepository } from '../constructs/triton/model-repository';
import { modelConfigs } from '../constructs/triton/model-config';
import { GatewayKeySecret } from '../constructs/gateway/gateway-key-secret';
import { GATEWAY, EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from '../model/contracts';
import { buildGlobalEdge, GlobalEdge } from './global-edge';
import { buildChaos, RegionalChaos } from './chaos';
import { configureBackend } from './backend';
import { gatewayBehindProxyProtocol } from './inference-gateway';
import { PreventDestroyAspect } from '../constructs/guardrails/prevent-destroy';
import { bucketPrefix, clusterName, gatewayKeySecretName, infraStackName, modelBucketName } from '../model/names';

/** What a workloads stack needs from its region's cluster; tokens that cdktf turns into cross-stack outputs. */
export interface ClusterConnection {
  readonly region: string;
  readonly clusterName: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly vpcId: string;
  /** GPU node groups (names from config, not tokens), for the autoscaler's priority expander. */
  readonly gpuNodeGroups: readonly GpuNodeGroupInfo[];
  /** Whether on-prem EKS Hybrid Nodes join this cluster as the private baseline. */
  readonly hybridNodes: boolean;
  /** The region's Terraform-owned NLB target groups, for TargetGroupBindings; absent when the front door skips the region. */
  readonly targetGroups?: readonly RegionalTargetGroup[];
  /** `s3://<bucket>/<prefix>` of Triton's model repository in this region (a plain string from config); absent without `triton`. */
  readonly modelRepositoryUri?: string;
}

/**
 * Everything that needs only the AWS API, for one environment: per region the network, the private
 * cluster with its GPU capacity, the NLB and the model repository; globally the accelerator, CDN and WAF.
 * It plans anywhere, with real credentials or in preview mode.
 */
export class InfraStack extends TerraformStack {
  readonly regions: Map<string, RegionalCluster> = new Map();
  readonly connections: ClusterConnection[] = [];
  /** Per region served by `frontDoor`: its NLB. */
  readonly loadBalancers: Map<string, RegionalLoadBalancer> = new Map();
  /** Per region, when `triton` is configured: the model bucket, its config.pbtxt objects and Triton's read role. */
  readonly modelRepositories: Map<string, ModelRepository> = new Map();
  /** Per region, when `gateway` is configured: the Secrets Manager secret of the API-key hashes and its sync role. */
  readonly gatewayKeySecrets: Map<string, GatewayKeySecret> = new Map();
  /** Global Accelerator, CDN and WAF (whichever are configured). */
  readonly globalEdge: GlobalEdge;
  /** Per front-door region, with `chaos`: alarms, their SNS topic and the FIS experiment templates. */
  readonly chaos: Map<string, RegionalChaos>;

  constructor(scope: Construct, config: FleetConfig) {
    const stackName = infraStackName(config.environment);
    super(scope, stackName);
    configureBackend(this, stackName, config.stateBackend);
    Aspects.of(this).add(new PreventDestroyAspect(config.stateSafety.allowDestroy.map((entry) => entry.resourceType)));

    const defaultTags = { ...config.tags, 'spillway:environment': config.environment, 'spillway:managed-by': 'cdktf' };

    const providers = new Map<string, AwsProvider>();
    const primaryRegion = config.regions.find((region) => region.primary)?.name ?? config.regions[0].name;
    for (const region of config.regions) {
      const provider = new AwsProvider(this, `aws-${region.name}`, {
        alias: region.name,
        region: region.name,
        defaultTags: [{ tags: defaultTags }],
      });
      const name = clusterName(config.environment, region.name);
      const regional = new RegionalCluster(this, region.name, {
        provider,
        clusterName: name,
        region,
        cluster: config.cluster,
        tags: defaultTags,
        security: config.security,
        logBucketPrefix: bucketPrefix(config.environment, 's3log'),
        hasDataBuckets: config.triton !== undefined || (config.cdn !== undefined && region.name === primaryRegion),
        readsSecretsManager: config.gateway !== undefined,
      });
      this.regions.set(region.name, regional);
      if (config.triton) {
        const modelBucket = modelBucketName(config.triton.modelRepository.bucketNamePrefix, config.environment, region.name);
        const repository = new ModelRepository(this, `${region.name}-model-repository`, {
          provider,
          bucketName: modelBucket,
          kmsKeyArn: regional.customerKeyArn,
          accessLogs: regional.logBucket!.accessLogsFor(`arn:aws:s3:::${modelBucket}`, 's3/model-repository/'),
          keyPrefix: config.triton.modelRepository.keyPrefix,
          modelConfigs: modelConfigs({
            models: config.triton.models,
            tiers: config.triton.tiers,
            defaultTier: config.triton.defaultTier,
            keyPrefix: config.triton.modelRepository.keyPrefix,
          }),
          // The literal name, not the cluster's attribute: the role is named in the region key's policy, which the
          // control-plane log group (and so the cluster) waits for. The association still waits for the add-ons.
          clusterName: name,
          dependsOn: regional.addons.beforeCompute,
        });
        // Triton decrypts what it reads; publishers of weights use the key through S3 as their IAM policy allows.
        regional.customerKey.allowS3Readers('TritonReadsModelRepository', [repository.roleArn]).allowS3ForAccountPrincipals();
        this.modelRepositories.set(region.name, repository);
      }
      if (config.gateway) {
        this.gatewayKeySecrets.set(region.name, new GatewayKeySecret(this, `${region.name}-gateway-keys`, {
          provider,
          secretName: gatewayKeySecretName(config.environment, region.name),
          clusterName: regional.cluster.name,
          syncServiceAccount: { namespace: EXTERNAL_SECRETS_NAMESPACE, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
          keyAdministratorArns: config.cluster.adminPrincipalArns,
          kmsKeyArn: regional.customerKey.allowSecretsManager().arn,
          dependsOn: regional.addons.beforeCompute,
        }));
      }
      providers.set(region.name, provider);
      const frontDoorRegion = config.frontDoor?.regions.find((entry) => entry.name === region.name);
      if (config.frontDoor && frontDoorRegion) {
        this.loadBalancers.set(region.name, new RegionalLoadBalancer(this, `${region.name}-load-balancer`, {
          provider,
          name,
          vpcId: regional.network.vpcId,
          vpcCidr: region.vpcCidr,
          privateSubnetIds: regional.network.privateSubnetIds,
          publicSubnetIds: regional.network.publicSubnetIds,
          scheme: frontDoorRegion.scheme,
          allowedSourceCidrs: frontDoorRegion.allowedSourceCidrs,
          httpPort: config.frontDoor.service.ports.http,
          grpcPort: config.frontDoor.service.ports.grpc,
          tlsCertificateArn: frontDoorRegion.tlsCertificateArn,
          tlsPort: config.frontDoor.tlsPort,
          deregistrationDelaySeconds: config.frontDoor.deregistrationDelaySeconds,
          // With the gateway the NLB sends to its pods, and asks it whether any Triton pod is up behind it; a
          // PROXY protocol header carries the client's address to the gateway's X-Forwarded-For.
          ...(config.gateway && {
            targetPorts: [GATEWAY.ports.http, GATEWAY.ports.grpc],
            healthCheck: { port: GATEWAY.ports.health, path: GATEWAY.healthPath },
            proxyProtocolV2: gatewayBehindProxyProtocol(config, region.name),
          }),
          targetSecurityGroupId: regional.cluster.clusterSecurityGroupId,
          // A reasoned teardown of the NLBs lifts both prevent_destroy and AWS's own deletion protection.
          deletionProtection: !config.stateSafety.allowDestroy.some((entry) => entry.resourceType === 'aws_lb'),
        }));
        new LoadBalancerControllerRole(this, `${region.name}-lb-controller-role`, { provider, clusterName: regional.cluster.name, region: region.name });
      }

      const connection: ClusterConnection = {
        region: region.name,
        clusterName: regional.cluster.name,
        endpoint: regional.cluster.endpoint,
        certificateAuthorityData: regional.cluster.certificateAuthorityData,
        vpcId: regional.network.vpcId,
        gpuNodeGroups: regional.gpuPools.flatMap((pool) => pool.nodeGroupInfos),
        hybridNodes: regional.hybridNodes !== undefined,
        modelRepositoryUri: this.modelRepositories.get(region.name)?.uri,
        targetGroups: this.loadBalancers.get(region.name)?.targetGroups,
      };
      this.connections.push(connection);

      this.addRegionOutputs(region.name, regional, connection);
    }

    this.globalEdge = buildGlobalEdge(this, config, providers, this.loadBalancers, defaultTags, this.regions);
    this.chaos = buildChaos(this, config, providers, this.regions, this.loadBalancers, this.globalEdge.accelerator);
  }

  /** For operators (kubeconfig, VPN routing, publishing models); workloads stacks read the same values by reference. */
  private addRegionOutputs(regionName: string, regional: RegionalCluster, connection: ClusterConnection): void {
    const output = (key: string, value: string, description: string) =>
      new TerraformOutput(this, `${regionName}-${key}`, { value, description });
    output('cluster-name', connection.clusterName, `EKS cluster in ${regionName}`);
    output('cluster-endpoint', connection.endpoint, `Private API endpoint of the ${regionName} cluster`);
    output('cluster-certificate-authority', connection.certificateAuthorityData, 'Base64 cluster CA certificate');
    output('cluster-arn', regional.cluster.arn, 'EKS cluster ARN');
    output('vpc-id', connection.vpcId, `VPC of the ${regionName} cluster`);
    output('oidc-issuer-url', regional.cluster.oidcIssuerUrl, 'OIDC issuer, for IRSA trust policies');
    output('cluster-autoscaler-role-arn', regional.clusterAutoscalerRole.roleArn, 'Pod Identity role of cluster-autoscaler');
    output('customer-key-arn', regional.customerKeyArn, `Customer KMS key of ${regionName}'s logs and data: publishers of model weights need kms:GenerateDataKey on it`);
    const models = this.modelRepositories.get(regionName);
    if (models) {
      output('model-repository-uri', models.uri, `Triton model repository in ${regionName}: publish weights under it`);
      output('triton-role-arn', models.roleArn, 'Pod Identity role of Triton (reads the model repository)');
    }
    const keys = this.gatewayKeySecrets.get(regionName);
    if (keys) {
      output('gateway-key-secret-name', keys.secretName, `Secrets Manager secret of the gateway API-key hashes in ${regionName} (npm run gateway)`);
      output('gateway-key-sync-role-arn', keys.syncRole.roleArn, 'Pod Identity role of External Secrets Operator (reads the key hashes only)');
    }
    const hybrid = regional.hybridNodes;
    if (hybrid) {
      output('hybrid-node-role-arn', hybrid.nodeRoleArn, 'IAM role of on-prem hybrid nodes (SSM activation or Roles Anywhere profile)');
      if (hybrid.rolesAnywhereProfileArn && hybrid.rolesAnywhereTrustAnchorArn) {
        output('hybrid-roles-anywhere-profile-arn', hybrid.rolesAnywhereProfileArn, 'IAM Roles Anywhere profile for nodeadm');
        output('hybrid-roles-anywhere-trust-anchor-arn', hybrid.rolesAnywhereTrustAnchorArn, 'IAM Roles Anywhere trust anchor for nodeadm');
      }
      if (hybrid.vpnConnectionId) output('hybrid-vpn-connection-id', hybrid.vpnConnectionId, 'Site-to-Site VPN to the on-prem GPU network');
    }
  }
}
