import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { FleetConfig } from '../config/schema';
import { RegionalCluster } from '../constructs/cluster/regional-cluster';
import { configureBackend } from './backend';
import { clusterName, infraStackName } from './naming';

/** What a workloads stack needs from its region's cluster; tokens that cdktf turns into cross-stack outputs. */
export interface ClusterConnection {
  readonly region: string;
  readonly clusterName: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly vpcId: string;
}

/**
 * Everything that needs only the AWS API, for one environment: per region a private cluster and its
 * network. It plans anywhere, with real credentials or in preview mode.
 */
export class InfraStack extends TerraformStack {
  readonly regions: Map<string, RegionalCluster> = new Map();
  readonly connections: ClusterConnection[] = [];

  constructor(scope: Construct, config: FleetConfig) {
    const stackName = infraStackName(config.environment);
    super(scope, stackName);
    configureBackend(this, stackName, config.stateBackend);

    const defaultTags = { ...config.tags, 'spillway:environment': config.environment, 'spillway:managed-by': 'cdktf' };

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
      });
      this.regions.set(region.name, regional);

      const connection: ClusterConnection = {
        region: region.name,
        clusterName: regional.cluster.name,
        endpoint: regional.cluster.endpoint,
        certificateAuthorityData: regional.cluster.certificateAuthorityData,
        vpcId: regional.network.vpcId,
      };
      this.connections.push(connection);

      // For operators (kubeconfig, VPN routing); workloads stacks read the same values by reference.
      const output = (key: string, value: string, description: string) =>
        new TerraformOutput(this, `${region.name}-${key}`, { value, description });
      output('cluster-name', connection.clusterName, `EKS cluster in ${region.name}`);
      output('cluster-endpoint', connection.endpoint, `Private API endpoint of the ${region.name} cluster`);
      output('cluster-certificate-authority', connection.certificateAuthorityData, 'Base64 cluster CA certificate');
      output('cluster-arn', regional.cluster.arn, 'EKS cluster ARN');
      output('vpc-id', connection.vpcId, `VPC of the ${region.name} cluster`);
      output('oidc-issuer-url', regional.cluster.oidcIssuerUrl, 'OIDC issuer, for IRSA trust policies');
    }
  }
}
