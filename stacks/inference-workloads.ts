import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { FleetConfig } from '../config/schema';
import { gpuNodeGroupsOf } from '../model/pools';
import { MonitoringStack } from '../constructs/monitoring/kube-prometheus-stack';
import { PrometheusAdapter } from '../constructs/triton/prometheus-adapter';
import { DcgmExporter } from '../constructs/monitoring/dcgm-exporter';
import { TritonRelease } from '../constructs/triton/triton-release';
import { tritonAlertRules } from '../constructs/triton/triton-alerts';
import { TritonDashboard } from '../constructs/triton/triton-dashboard';
import type { ClusterConnection } from './infra-stack';
import { buildInferenceGateway, gatewayAlerts, InferenceGateway } from './inference-gateway';
import { TRITON_NAMESPACE, ROLE_LABEL, PROMETHEUS_URL, TRITON_RELEASE_NAME } from '../model/contracts';

export interface InferenceWorkloads {
  readonly monitoring: MonitoringStack;
  /** Only where GPU nodes can exist (GPU pools or hybrid nodes). */
  readonly dcgmExporter?: DcgmExporter;
  /** The rest only with `triton` configured. */
  readonly prometheusAdapter?: PrometheusAdapter;
  readonly triton?: TritonRelease;
  readonly dashboard?: TritonDashboard;
  /** With `gateway` (and `triton`): the key sync, the gateway release and its dashboard. */
  readonly gateway?: InferenceGateway;
}

export interface InferenceWorkloadsProps {
  readonly helm: TerraformProvider;
  readonly kubernetes: TerraformProvider;
  /** The inference namespace's name (a reference orders Triton after the namespace). */
  readonly inferenceNamespace: string;
}

/**
 * Monitoring (kube-prometheus-stack with Triton's and the gateway's alerts, dcgm-exporter on GPU nodes), Triton
 * with its autoscaling signal (prometheus-adapter) and dashboard, and the inference gateway in front of it, for
 * one cluster.
 */
export function buildInferenceWorkloads(
  scope: Construct,
  config: FleetConfig,
  connection: ClusterConnection,
  props: InferenceWorkloadsProps,
): InferenceWorkloads {
  const triton = config.triton;
  const nodeSelector = { [ROLE_LABEL]: 'system' };
  const region = config.regions.find((entry) => entry.name === connection.region);
  const burstPools = (region?.gpuPools ?? [])
    .filter((pool) => pool.role === 'burst')
    .map((pool) => ({ pool: pool.name, maxNodes: gpuNodeGroupsOf(pool).reduce((sum, group) => sum + group.maxSize, 0) }));

  const monitoring = new MonitoringStack(scope, 'monitoring', {
    helmProvider: props.helm,
    kubernetesProvider: props.kubernetes,
    nodeSelector,
    roleLabel: ROLE_LABEL,
    rules: triton && {
      'spillway-triton': tritonAlertRules({
        queueTimeSloMicroseconds: triton.autoscaling.queueTimeSloMicroseconds,
        ...triton.alerts,
        namespace: TRITON_NAMESPACE,
        deploymentName: TRITON_RELEASE_NAME,
        burstPools,
      }),
      ...(config.gateway && { 'spillway-gateway': gatewayAlerts(config)! }),
    },
  });

  const dcgmExporter =
    connection.gpuNodeGroups.length > 0 || connection.hybridNodes
      ? new DcgmExporter(scope, 'dcgm-exporter', { helmProvider: props.helm, namespace: monitoring.namespace, dependsOn: [monitoring.release] })
      : undefined;

  if (!triton) return { monitoring, dcgmExporter };
  if (connection.modelRepositoryUri === undefined) {
    throw new Error(`WorkloadsStack ${connection.region}: triton is configured but InfraStack made no model repository for the region`);
  }

  const prometheusAdapter = new PrometheusAdapter(scope, 'prometheus-adapter', {
    helmProvider: props.helm,
    namespace: monitoring.namespace,
    prometheusUrl: PROMETHEUS_URL,
    nodeSelector,
    dependsOn: [monitoring.release],
  });
  const service = config.frontDoor?.service;
  const release = new TritonRelease(scope, 'triton', {
    helmProvider: props.helm,
    kubernetesProvider: props.kubernetes,
    triton,
    region: connection.region,
    modelRepositoryUri: connection.modelRepositoryUri,
    namespace: props.inferenceNamespace,
    service: service && { name: service.name, httpPort: service.ports.http, grpcPort: service.ports.grpc },
    dependsOn: [monitoring.release, prometheusAdapter.release],
  });
  const dashboard = new TritonDashboard(scope, 'triton-dashboard', {
    provider: props.kubernetes,
    configMapNamespace: monitoring.namespace,
    namespace: TRITON_NAMESPACE,
    deploymentName: TRITON_RELEASE_NAME,
    queueTimeSloMicroseconds: triton.autoscaling.queueTimeSloMicroseconds,
    roleLabel: ROLE_LABEL,
  });
  const gateway = buildInferenceGateway(scope, config, {
    helm: props.helm,
    kubernetes: props.kubernetes,
    region: connection.region,
    inferenceNamespace: props.inferenceNamespace,
    monitoringNamespace: monitoring.namespace,
    tritonPorts: release.values.ports,
    nodeSelector,
    dependsOn: [monitoring.release],
  });
  return { monitoring, dcgmExporter, prometheusAdapter, triton: release, dashboard, gateway };
}
