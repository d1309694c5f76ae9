import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { FleetConfig } from '../config/schema';
import { ClusterProviders } from '../constructs/workloads/cluster-providers';
import { InferenceNamespace } from '../constructs/workloads/inference-namespace';
import { configureBackend } from './backend';
import { ClusterConnection } from './infra-stack';
import { workloadsStackName } from './naming';

/**
 * What runs inside one cluster. It needs the private API endpoint, so it is planned and applied from
 * inside network reach, after InfraStack; it reads InfraStack's outputs through `connection`.
 */
export class WorkloadsStack extends TerraformStack {
  readonly providers: ClusterProviders;
  readonly namespace: InferenceNamespace;

  constructor(scope: Construct, config: FleetConfig, connection: ClusterConnection) {
    const stackName = workloadsStackName(config.environment, connection.region);
    super(scope, stackName);
    configureBackend(this, stackName, config.stateBackend);

    this.providers = new ClusterProviders(this, 'providers', connection);
    this.namespace = new InferenceNamespace(this, 'inference', { provider: this.providers.kubernetes });
  }
}
