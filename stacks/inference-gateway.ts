import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { FleetConfig, GatewayConfig, TritonConfig } from '../config/schema';
import { GatewayConfigSpec, perPodMaxConn, renderGatewayConfig } from '../constructs/gateway/haproxy-config';
import { GatewayRelease } from '../constructs/gateway/gateway-release';
import { ExternalSecretsOperator } from '../constructs/gateway/external-secrets-operator';
import { GatewayDashboard } from '../constructs/gateway/gateway-dashboard';
import { gatewayAlertRules } from '../constructs/gateway/gateway-alerts';
import { GATEWAY, PrometheusRuleSpec, TRITON_HEADLESS_SERVICE, TRITON_NAMESPACE, TRITON_RELEASE_NAME } from '../model/contracts';
import { gatewayKeySecretName } from '../model/names';

/** Triton's ports as its chart values set them (TritonRelease.values.ports). */
export interface TritonPorts {
  readonly http: number;
  readonly grpc: number;
  readonly metrics: number;
}

/** Tier names, the one served first (lowest Triton priority level) first. */
export function tiersByPriority(triton: TritonConfig): string[] {
  return Object.entries(triton.tiers)
    .sort(([, a], [, b]) => a - b)
    .map(([name]) => name);
}

/**
 * Whether the region's NLB sends its gateway a PROXY protocol v2 header: in every front-door region with a
 * gateway, so the client's address reaches X-Forwarded-For (the targets are pod IPs and the NLB does not
 * preserve client IPs). InfraStack sets the target groups and the gateway's binds from this one answer.
 */
export function gatewayBehindProxyProtocol(config: FleetConfig, region: string): boolean {
  return config.gateway !== undefined && (config.frontDoor?.regions.some((entry) => entry.name === region) ?? false);
}

/**
 * The props of `renderGatewayConfig` from config: what haproxy.cfg and its Lua are rendered from.
 * `acceptProxyProtocol`: the region's gatewayBehindProxyProtocol.
 */
export function gatewayConfigSpec(gateway: GatewayConfig, triton: TritonConfig, tritonPorts: TritonPorts, acceptProxyProtocol: boolean): GatewayConfigSpec {
  const tiers = tiersByPriority(triton);
  return {
    tritonHost: `${TRITON_HEADLESS_SERVICE}.${TRITON_NAMESPACE}.svc.cluster.local`,
    tritonHttpPort: tritonPorts.http,
    tritonGrpcPort: tritonPorts.grpc,
    maxTritonPods: triton.replicas.max,
    perPodMaxConn: perPodMaxConn(triton.models, triton.gpusPerPod),
    tiers: tiers.map((name) => ({ name, priorityLevel: triton.tiers[name], ...gateway.tiers[name] })),
    models: triton.models.map((model) => ({
      name: model.name,
      maxTimeoutMicroseconds: Object.fromEntries(Object.entries(model.queuePolicy).map(([tier, policy]) => [tier, policy.timeoutMicroseconds])),
    })),
    levels: Object.fromEntries(
      Object.entries(gateway.levels).map(([name, level]) => [name, { admitTiers: level.admitTiers ?? tiers, disabledModels: level.disabledModels }]),
    ),
    defaultLevel: gateway.defaultLevel,
    queueTimeoutMilliseconds: gateway.queueTimeoutMilliseconds,
    maxJsonHeaderBytes: gateway.maxJsonHeaderBytes,
    acceptProxyProtocol,
  };
}

/** The gateway's alerting rules from config, for kube-prometheus-stack (built before the monitoring release). */
export function gatewayAlerts(config: FleetConfig): PrometheusRuleSpec | undefined {
  if (!config.gateway || !config.triton) return undefined;
  return gatewayAlertRules({
    namespace: TRITON_NAMESPACE,
    tiersByPriority: tiersByPriority(config.triton),
    shedRatio: config.triton.alerts.rejectedRatio,
    defaultLevel: config.gateway.defaultLevel,
    backends: [GATEWAY.backendName, `${GATEWAY.backendName}_grpc`],
  });
}

export interface InferenceGateway {
  readonly externalSecrets: ExternalSecretsOperator;
  readonly release: GatewayRelease;
  readonly dashboard: GatewayDashboard;
}

export interface InferenceGatewayProps {
  readonly helm: TerraformProvider;
  readonly kubernetes: TerraformProvider;
  /** The cluster's region: its key-hash secret. */
  readonly region: string;
  /** The inference namespace's name (a reference orders the release after the namespace). */
  readonly inferenceNamespace: string;
  /** Namespace of the dashboard ConfigMap (monitoring). */
  readonly monitoringNamespace: string;
  /** Triton's ports, from its release's values. */
  readonly tritonPorts: TritonPorts;
  /** Node labels of the system nodes. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** kube-prometheus-stack (ServiceMonitor CRD). */
  readonly dependsOn: ITerraformDependable[];
}

/** The gateway in one cluster: External Secrets Operator (the key sync), the gateway release and its dashboard. */
export function buildInferenceGateway(scope: Construct, config: FleetConfig, props: InferenceGatewayProps): InferenceGateway | undefined {
  const { gateway, triton } = config;
  if (!gateway || !triton) return undefined;
  const externalSecrets = new ExternalSecretsOperator(scope, 'external-secrets', {
    helmProvider: props.helm,
    kubernetesProvider: props.kubernetes,
    nodeSelector: props.nodeSelector,
    dependsOn: props.dependsOn,
  });
  const release = new GatewayRelease(scope, 'gateway', {
    helmProvider: props.helm,
    namespace: props.inferenceNamespace,
    gateway: {
      image: gateway.image,
      replicas: gateway.replicas,
      files: renderGatewayConfig(gatewayConfigSpec(gateway, triton, props.tritonPorts, gatewayBehindProxyProtocol(config, props.region))),
      level: gateway.defaultLevel,
      keySecret: { name: gatewayKeySecretName(config.environment, props.region), region: props.region },
      nodeSelector: props.nodeSelector,
      tritonPorts: props.tritonPorts,
      // The Triton chart's selector labels (nameOverride empty, release TRITON_RELEASE_NAME).
      tritonPodLabels: { 'app.kubernetes.io/name': 'triton-inference-server', 'app.kubernetes.io/instance': TRITON_RELEASE_NAME },
    },
    dependsOn: [externalSecrets.release, ...props.dependsOn],
  });
  const dashboard = new GatewayDashboard(scope, 'gateway-dashboard', {
    provider: props.kubernetes,
    configMapNamespace: props.monitoringNamespace,
    namespace: TRITON_NAMESPACE,
    deploymentName: GATEWAY.releaseName,
    backends: [GATEWAY.backendName, `${GATEWAY.backendName}_grpc`],
  });
  return { externalSecrets, release, dashboard };
}
