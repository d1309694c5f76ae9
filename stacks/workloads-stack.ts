import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { FleetConfig } from '../config/schema';
import { ClusterProviders } from '../constructs/cluster/cluster-providers';
import { InferenceNamespace } from '../constructs/triton/inference-namespace';
import { ClusterAutoscaler } from '../constructs/gpu-capacity/cluster-autoscaler';
import { NvidiaDevicePlugin } from '../constructs/gpu-capacity/nvidia-device-plugin';
import { AwsLoadBalancerController } from '../constructs/front-door/aws-load-balancer-controller';
import { TargetGroupBinding } from '../constructs/front-door/target-group-binding';
import { buildInferenceWorkloads, InferenceWorkloads } from './inference-workloads';
import { FisPodDeleteAccess } from '../constructs/chaos/fis-pod-delete-access';
import { podDeleteRuns } from './chaos';
import { configureBackend } from './backend';
import { ClusterConnection } from './infra-stack';
import { workloadsStackName } from '../model/names';
import { FIS_KUBERNETES_USER, FIS_POD_SERVICE_ACCOUNT, GATEWAY, ROLE_LABEL } from '../model/contracts';

/**
 * What runs inside one cluster. It needs the private API endpoint, so it is planned and applied from
 * inside network reach, after InfraStack; it reads InfraStack's outputs through `connection`.
 */
export class WorkloadsStack extends TerraformStack {
  readonly providers: ClusterProviders;
  readonly namespace: InferenceNamespace;
  readonly clusterAutoscaler: ClusterAutoscaler;
  /** Only where GPU nodes can exist (GPU pools or hybrid nodes). */
  readonly nvidiaDevicePlugin?: NvidiaDevicePlugin;
  /** Only where the front door serves the region: keeps the NLB target groups filled with gateway pods (Triton pods without a gateway). */
  readonly loadBalancerController?: AwsLoadBalancerController;
  readonly targetGroupBindings: TargetGroupBinding[] = [];
  /** Monitoring, dcgm-exporter, and (with `triton`) prometheus-adapter, the Triton release and its dashboard. */
  readonly inference: InferenceWorkloads;
  /** Only where InfraStack made the pod-delete FIS template: its service account and RBAC. */
  readonly fisPodDeleteAccess?: FisPodDeleteAccess;

  constructor(scope: Construct, config: FleetConfig, connection: ClusterConnection) {
    const stackName = workloadsStackName(config.environment, connection.region);
    super(scope, stackName);
    configureBackend(this, stackName, config.stateBackend);

    this.providers = new ClusterProviders(this, 'providers', connection);
    this.namespace = new InferenceNamespace(this, 'inference', { provider: this.providers.kubernetes });
    this.inference = buildInferenceWorkloads(this, config, connection, {
      helm: this.providers.helm,
      kubernetes: this.providers.kubernetes,
      inferenceNamespace: this.namespace.name,
    });

    if (podDeleteRuns(config, connection.region)) {
      this.fisPodDeleteAccess = new FisPodDeleteAccess(this, 'fis-pod-delete-access', {
        provider: this.providers.kubernetes,
        // Triton's namespace, created here: the reference orders the RBAC after it.
        namespace: this.namespace.name,
        serviceAccountName: FIS_POD_SERVICE_ACCOUNT,
        kubernetesUser: FIS_KUBERNETES_USER,
      });
    }

    this.clusterAutoscaler = new ClusterAutoscaler(this, 'cluster-autoscaler', {
      helmProvider: this.providers.helm,
      kubernetesProvider: this.providers.kubernetes,
      clusterName: connection.clusterName,
      region: connection.region,
      kubernetesVersion: config.cluster.kubernetesVersion,
      settings: config.autoscaler,
      nodeGroups: connection.gpuNodeGroups,
      nodeSelector: { [ROLE_LABEL]: 'system' },
    });
    if (connection.gpuNodeGroups.length > 0 || connection.hybridNodes) {
      this.nvidiaDevicePlugin = new NvidiaDevicePlugin(this, 'nvidia-device-plugin', { helmProvider: this.providers.helm });
    }

    const service = config.frontDoor?.service;
    if (service && connection.targetGroups && connection.targetGroups.length > 0) {
      this.loadBalancerController = new AwsLoadBalancerController(this, 'aws-load-balancer-controller', {
        provider: this.providers.helm,
        clusterName: connection.clusterName,
        region: connection.region,
        vpcId: connection.vpcId,
      });
      // Referencing the namespace resource (when it is the one created here) orders the bindings after it.
      const namespace = service.namespace === 'inference' ? this.namespace.name : service.namespace;
      // With the gateway the NLB sends to the gateway's Service (its http and grpc ports), never to Triton's.
      const gateway = this.inference.gateway?.release;
      for (const group of connection.targetGroups) {
        this.targetGroupBindings.push(
          new TargetGroupBinding(this, `target-group-binding-${group.name}`, {
            provider: this.providers.kubernetes,
            name: `${service.name}-${group.name}`,
            namespace: gateway ? this.namespace.name : namespace,
            serviceName: gateway ? gateway.serviceName : service.name,
            servicePort: gateway ? GATEWAY.ports[group.name] : group.port,
            targetGroupArn: group.arn,
            dependsOn: [this.loadBalancerController.release, ...(gateway ? [gateway.release] : [])],
          }),
        );
      }
    }
  }
}
