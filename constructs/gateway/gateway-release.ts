import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, ITerraformDependable, TerraformAsset, TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import {
  GATEWAY,
  GATEWAY_KEYS_SECRET,
  GATEWAY_LEVEL_CONFIGMAP,
  MONITORING_NAMESPACE,
  TRITON_RELEASE_NAME,
} from '../../model/contracts';

/** The in-repo chart, shipped to Terraform as a directory asset. */
export const GATEWAY_CHART_DIR = path.resolve(__dirname, '..', '..', 'charts', 'inference-gateway');

/**
 * kiwigrid/k8s-sidecar, the level switch: release 2.10.1 (git tag 2.10.1 of github:kiwigrid/k8s-sidecar,
 * 2026-08-04), published on quay.io, docker.io and ghcr.io (its README).
 */
export const SWITCH_SIDECAR_IMAGE = { repository: 'quay.io/kiwigrid/k8s-sidecar', tag: '2.10.1' } as const;

type IntOrPercent = number | string;
interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** Every value of charts/inference-gateway/values.yaml, typed: the whole values file of the release. */
export interface GatewayChartValues {
  image: { repository: string; tag: string; pullPolicy: 'IfNotPresent' | 'Always' | 'Never' };
  switchSidecar: { image: { repository: string; tag: string }; resources: Resources };
  files: Record<string, string>;
  ports: { http: number; grpc: number; health: number; metrics: number };
  paths: { configDir: string; keysFile: string; levelFile: string; metricsPath: string; levelMetricsPath: string };
  keys: { secretName: string; secretKey: string; secretsManagerSecretName: string; awsRegion: string; refreshInterval: string };
  level: { configMapName: string; label: string; name: string };
  resources: Resources;
  autoscaling: { minReplicas: number; maxReplicas: number; cpuTargetUtilization: number; scaleDownStabilizationSeconds: number };
  podDisruptionBudget: { maxUnavailable: IntOrPercent };
  updateStrategy: { maxSurge: IntOrPercent; maxUnavailable: IntOrPercent };
  scheduling: { nodeSelector: Record<string, string>; zoneMaxSkew: number; zoneWhenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'; hostMaxSkew: number };
  preStopSleepSeconds: number;
  terminationGracePeriodSeconds: number;
  priorityClassName: string;
  securityContext: { runAsUser: number; runAsGroup: number };
  serviceMonitor: { enabled: boolean; interval: string; scrapeTimeout: string };
  tritonNetworkPolicy: {
    name: string;
    tritonPodLabels: Record<string, string>;
    inferencePorts: number[];
    metricsPort: number;
    monitoringNamespace: string;
  };
}

/** What the gateway runs in one cluster. */
export interface GatewayDeploymentSpec {
  /** HAProxy image (config `gateway.image`). */
  readonly image: { readonly repository: string; readonly tag: string };
  /** HPA bounds (config `gateway.replicas`). */
  readonly replicas: { readonly min: number; readonly max: number };
  /** File name -> content: `renderGatewayConfig(...)`, mounted at `GATEWAY.configDir`. */
  readonly files: Readonly<Record<string, string>>;
  /** The degradation level the chart writes to the level ConfigMap (config `gateway.defaultLevel`). */
  readonly level: string;
  /** The region's Secrets Manager secret of the key hashes, and its region. */
  readonly keySecret: { readonly name: string; readonly region: string };
  /** Node labels of the system nodes the gateway runs on. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Triton's ports the NetworkPolicy opens to gateway pods, and its metrics port (to Prometheus only). */
  readonly tritonPorts: { readonly http: number; readonly grpc: number; readonly metrics: number };
  /** Triton pods' labels (its chart's selector labels), which the NetworkPolicy selects. */
  readonly tritonPodLabels: Readonly<Record<string, string>>;
}

/**
 * The gateway chart's values for one cluster. Pure: the release and the chart tests use the same object.
 * Paths and ports come from the `GATEWAY` contract that `renderGatewayConfig` writes the config for.
 */
export function gatewayChartValues(spec: GatewayDeploymentSpec): GatewayChartValues {
  if (path.posix.basename(GATEWAY.keysFile) !== GATEWAY_KEYS_SECRET.key) {
    throw new Error(`GATEWAY.keysFile ${GATEWAY.keysFile} must end in the synced Secret's key ${GATEWAY_KEYS_SECRET.key}`);
  }
  if (path.posix.basename(GATEWAY.levelFile) !== GATEWAY_LEVEL_CONFIGMAP.key) {
    throw new Error(`GATEWAY.levelFile ${GATEWAY.levelFile} must end in the level ConfigMap's key ${GATEWAY_LEVEL_CONFIGMAP.key}`);
  }
  if (!('haproxy.cfg' in spec.files)) throw new Error('gatewayChartValues: files has no haproxy.cfg');
  return {
    image: { repository: spec.image.repository, tag: spec.image.tag, pullPolicy: 'IfNotPresent' },
    switchSidecar: {
      image: { ...SWITCH_SIDECAR_IMAGE },
      resources: { requests: { cpu: '10m', memory: '48Mi' }, limits: { cpu: '100m', memory: '96Mi' } },
    },
    files: { ...spec.files },
    ports: { ...GATEWAY.ports },
    paths: {
      configDir: GATEWAY.configDir,
      keysFile: GATEWAY.keysFile,
      levelFile: GATEWAY.levelFile,
      metricsPath: GATEWAY.metricsPath,
      levelMetricsPath: GATEWAY.levelMetricsPath,
    },
    keys: {
      secretName: GATEWAY_KEYS_SECRET.name,
      secretKey: GATEWAY_KEYS_SECRET.key,
      secretsManagerSecretName: spec.keySecret.name,
      awsRegion: spec.keySecret.region,
      // About 8,640 GetSecretValue calls a day per cluster; a key added or revoked is synced within 15 s.
      refreshInterval: '15s',
    },
    level: { configMapName: GATEWAY_LEVEL_CONFIGMAP.name, label: GATEWAY_LEVEL_CONFIGMAP.label, name: spec.level },
    // One HAProxy thread: a full core is what a pod serves with (about 100 µs of CPU per admitted request, README
    // "Gateway overhead"); the limit leaves room for the master process, health checks and the Lua reload task.
    resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '2', memory: '512Mi' } },
    autoscaling: { minReplicas: spec.replicas.min, maxReplicas: spec.replicas.max, cpuTargetUtilization: 60, scaleDownStabilizationSeconds: 300 },
    podDisruptionBudget: { maxUnavailable: 1 },
    updateStrategy: { maxSurge: 1, maxUnavailable: 0 },
    // ScheduleAnyway: during a burst, a pod in a crowded zone serves; a pod held pending for the spread does not.
    scheduling: { nodeSelector: { ...spec.nodeSelector }, zoneMaxSkew: 1, zoneWhenUnsatisfiable: 'ScheduleAnyway', hostMaxSkew: 1 },
    preStopSleepSeconds: 20,
    terminationGracePeriodSeconds: 90,
    priorityClassName: '',
    securityContext: { runAsUser: 1000, runAsGroup: 1000 },
    serviceMonitor: { enabled: true, interval: '15s', scrapeTimeout: '10s' },
    tritonNetworkPolicy: {
      name: `${TRITON_RELEASE_NAME}-from-gateway-only`,
      tritonPodLabels: { ...spec.tritonPodLabels },
      inferencePorts: [spec.tritonPorts.http, spec.tritonPorts.grpc],
      metricsPort: spec.tritonPorts.metrics,
      monitoringNamespace: MONITORING_NAMESPACE,
    },
  };
}

/**
 * Terraform reads `${` and `%{` in any string of the synthesized JSON as interpolation and template
 * directives; HAProxy's log format (`%{+Q}r`) and Lua text must reach Helm literally, so both are doubled
 * (`$${`, `%%{`), which Terraform turns back into the literal text.
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

export interface GatewayReleaseProps {
  /** Helm provider of the cluster the gateway is installed in. */
  readonly helmProvider: TerraformProvider;
  /** The inference namespace's name (a reference to the namespace resource orders the release after it). */
  readonly namespace: string;
  /** Image, replicas, rendered config files, level and key secret, rendered by `gatewayChartValues`. */
  readonly gateway: GatewayDeploymentSpec;
  /** External Secrets Operator (its CRDs) and kube-prometheus-stack (the ServiceMonitor CRD). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The inference gateway in one cluster: the in-repo chart (charts/inference-gateway) as a cdktf directory
 * asset, values from `gatewayChartValues`. Spillway's own chart rather than haproxytech's `haproxy` chart
 * (1.29.0): that chart runs `config` through Helm's `tpl` (HAProxy and Lua text would be parsed as Go
 * templates), always mounts its own ConfigMap at one path, and has no NetworkPolicy, level watch or key sync.
 */
export class GatewayRelease extends Construct {
  readonly release: Release;
  readonly values: GatewayChartValues;
  /** The Service the NLB's TargetGroupBindings bind to. */
  readonly serviceName: string = GATEWAY.releaseName;

  constructor(scope: Construct, id: string, props: GatewayReleaseProps) {
    super(scope, id);
    const chart = new TerraformAsset(this, 'chart', { path: GATEWAY_CHART_DIR, type: AssetType.DIRECTORY });
    this.values = gatewayChartValues(props.gateway);
    this.release = new Release(this, 'release', {
      provider: props.helmProvider,
      name: GATEWAY.releaseName,
      namespace: props.namespace,
      chart: chart.path,
      // JSON, not YAML text: haproxy.cfg and Lua go through as exact strings.
      values: [escapeTerraformTemplate(JSON.stringify(this.values))],
      atomic: true,
      cleanupOnFail: true,
      timeout: 600,
      maxHistory: 10,
      dependsOn: props.dependsOn,
    });
  }
}
