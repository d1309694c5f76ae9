import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, ITerraformDependable, TerraformAsset, TerraformProvider, Token } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { ROLE_LABEL, TRITON_NAMESPACE, TRITON_RELEASE_NAME, TRITON_SERVICE_ACCOUNT } from '../../model/contracts';
import { QUEUE_TIME_METRIC } from './prometheus-adapter';
import { GeneratedSecret } from '../primitives/generated-secret';

/** The in-repo chart, shipped to Terraform as a directory asset. */
export const TRITON_CHART_DIR = path.resolve(__dirname, '..', '..', 'charts', 'triton-inference-server');
/** The Secret the chart's restricted API reads its header value from (generated, never in config). */
export const TRITON_ADMIN_SECRET = { name: 'triton-admin-key', key: 'value' } as const;

/** One direction of the HPA's scaling: how far it looks back and how fast it may move. */
export interface ScalingPolicySpec {
  readonly stabilizationWindowSeconds: number;
  /** At most this percent of the current replicas per period. */
  readonly percent: number;
  /** Also at most (down) or at least (up) this many pods per period. @default no pod policy */
  readonly pods?: number;
  readonly periodSeconds: number;
}

/** What Triton runs and how it scales, in every cluster (config's `triton` has this shape). */
export interface TritonDeploymentSpec {
  readonly image: { readonly repository: string; readonly tag: string };
  readonly gpusPerPod: number;
  readonly replicas: { readonly min: number; readonly max: number };
  readonly autoscaling: {
    /** Target average queue time per request and pod (the HPA's custom metric). */
    readonly queueTimeSloMicroseconds: number;
    readonly cpuTargetUtilization: number;
    readonly scaleUp: ScalingPolicySpec;
    readonly scaleDown: ScalingPolicySpec;
  };
  /** The models Triton loads at startup, by name. */
  readonly models: readonly { readonly name: string }[];
}

type IntOrPercent = number | string;
interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: { type: 'Percent' | 'Pods'; value: number; periodSeconds: number }[];
}
interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: '' | 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** Every value of charts/triton-inference-server/values.yaml, typed: the whole values file of the release. */
export interface TritonChartValues {
  nameOverride: string;
  fullnameOverride: string;
  image: { repository: string; tag: string; pullPolicy: 'IfNotPresent' | 'Always' | 'Never' };
  imagePullSecrets: string[];
  modelRepository: { uri: string; region: string };
  models: string[];
  triton: {
    exitOnError: boolean;
    exitTimeoutSeconds: number;
    modelLoadThreadCount: number;
    disableAutoCompleteConfig: boolean;
    logVerbose: number;
    logFormat: 'default' | 'ISO8601';
    extraArgs: string[];
  };
  restrictedApi: { enabled: boolean; groups: string[]; headerName: string; secretName: string; secretKey: string };
  ports: { http: number; grpc: number; metrics: number };
  startupProbe: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
  readinessProbe: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
  livenessProbe: { periodSeconds: number; failureThreshold: number; timeoutSeconds: number };
  resources: { gpu: number; requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  volumes: { shmSizeLimit: string; tmpSizeLimit: string };
  scheduling: {
    roleLabelKey: string;
    baselineRole: string;
    burstRole: string;
    baselineWeight: number;
    burstWeight: number;
    zoneMaxSkew: number;
    hostMaxSkew: number;
    extraTolerations: Toleration[];
  };
  updateStrategy: { maxSurge: IntOrPercent; maxUnavailable: IntOrPercent };
  terminationGracePeriodSeconds: number;
  preStopSleepSeconds: number;
  podAnnotations: Record<string, string>;
  securityContext: { runAsUser: number; runAsGroup: number; readOnlyRootFilesystem: boolean };
  priorityClass: { create: boolean; name: string; value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never' };
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  service: { name: string };
  podDisruptionBudget: { maxUnavailable: IntOrPercent; unhealthyPodEvictionPolicy: 'AlwaysAllow' | 'IfHealthyBudget' };
  serviceMonitor: { enabled: boolean; interval: string; scrapeTimeout: string; labels: Record<string, string> };
  autoscaling: {
    minReplicas: number;
    maxReplicas: number;
    queueTimeMetricName: string;
    queueTimeTargetMicroseconds: number;
    cpuTargetUtilization: number;
    behavior: { scaleUp: ScalingRules; scaleDown: ScalingRules };
  };
}

/** Where the release's Service is and what it listens on (the front door binds to it). */
export interface TritonServiceSettings {
  /** @default triton-inference-server */
  readonly name?: string;
  /** @default 8000 */
  readonly httpPort?: number;
  /** @default 8001 */
  readonly grpcPort?: number;
}

/** Scale-up and scale-down rules of the HPA from config: fast up (the larger policy wins), slow down (the smaller wins). */
export function hpaBehavior(autoscaling: TritonDeploymentSpec['autoscaling']): TritonChartValues['autoscaling']['behavior'] {
  const rules = (direction: ScalingPolicySpec, selectPolicy: 'Max' | 'Min'): ScalingRules => ({
    stabilizationWindowSeconds: direction.stabilizationWindowSeconds,
    selectPolicy,
    policies: [
      { type: 'Percent', value: direction.percent, periodSeconds: direction.periodSeconds },
      ...(direction.pods === undefined ? [] : [{ type: 'Pods' as const, value: direction.pods, periodSeconds: direction.periodSeconds }]),
    ],
  });
  return { scaleUp: rules(autoscaling.scaleUp, 'Max'), scaleDown: rules(autoscaling.scaleDown, 'Min') };
}

/**
 * The Triton chart's values for one cluster, from typed config. Pure: the release and the chart tests use the
 * same object. Values that config does not expose keep the chart's defaults, written out here so the release
 * states every value it deploys.
 */
export function tritonChartValues(triton: TritonDeploymentSpec, region: string, modelRepositoryUri: string, service: TritonServiceSettings = {}): TritonChartValues {
  return {
    nameOverride: '',
    fullnameOverride: TRITON_RELEASE_NAME,
    image: { repository: triton.image.repository, tag: triton.image.tag, pullPolicy: 'IfNotPresent' },
    imagePullSecrets: [],
    modelRepository: { uri: modelRepositoryUri, region },
    models: triton.models.map((model) => model.name),
    triton: {
      exitOnError: true,
      exitTimeoutSeconds: 30,
      modelLoadThreadCount: 4,
      // The generated config.pbtxt names no input/output tensors: Triton fills them in from the model files
      // (ONNX, TensorRT, Python's auto_complete_config), and keeps the batching and queue settings we wrote.
      disableAutoCompleteConfig: false,
      logVerbose: 0,
      logFormat: 'ISO8601',
      extraArgs: [],
    },
    // Explicit model control exposes load/unload to anyone who reaches the Service (and the front door):
    // those groups answer only with the header value from the generated Secret (see GeneratedSecret).
    restrictedApi: {
      enabled: true,
      groups: ['model-repository', 'shared-memory', 'trace', 'logging'],
      headerName: 'spillway-admin-key',
      secretName: TRITON_ADMIN_SECRET.name,
      secretKey: TRITON_ADMIN_SECRET.key,
    },
    ports: { http: service.httpPort ?? 8000, grpc: service.grpcPort ?? 8001, metrics: 8002 },
    startupProbe: { periodSeconds: 10, failureThreshold: 90, timeoutSeconds: 5 },
    readinessProbe: { periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 3 },
    livenessProbe: { periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 5 },
    resources: { gpu: triton.gpusPerPod, requests: { cpu: '3', memory: '12Gi' }, limits: { cpu: '4', memory: '14Gi' } },
    volumes: { shmSizeLimit: '2Gi', tmpSizeLimit: '20Gi' },
    scheduling: {
      roleLabelKey: ROLE_LABEL,
      baselineRole: 'baseline',
      burstRole: 'burst',
      baselineWeight: 100,
      burstWeight: 10,
      zoneMaxSkew: 1,
      hostMaxSkew: 1,
      extraTolerations: [],
    },
    updateStrategy: { maxSurge: 1, maxUnavailable: 0 },
    terminationGracePeriodSeconds: 60,
    preStopSleepSeconds: 15,
    podAnnotations: {},
    securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: true },
    priorityClass: { create: true, name: '', value: 1_000_000, preemptionPolicy: 'PreemptLowerPriority' },
    // EKS Pod Identity binds the model-bucket role to this name (ModelRepository in InfraStack): no annotation.
    serviceAccount: { create: true, name: TRITON_SERVICE_ACCOUNT, annotations: {} },
    service: { name: service.name ?? TRITON_RELEASE_NAME },
    podDisruptionBudget: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    serviceMonitor: { enabled: true, interval: '15s', scrapeTimeout: '10s', labels: {} },
    autoscaling: {
      minReplicas: triton.replicas.min,
      maxReplicas: triton.replicas.max,
      queueTimeMetricName: QUEUE_TIME_METRIC,
      queueTimeTargetMicroseconds: triton.autoscaling.queueTimeSloMicroseconds,
      cpuTargetUtilization: triton.autoscaling.cpuTargetUtilization,
      behavior: hpaBehavior(triton.autoscaling),
    },
  };
}

export interface TritonReleaseProps {
  /** Helm provider of the cluster Triton is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Kubernetes provider of the same cluster, for the restricted admin API's generated Secret. */
  readonly kubernetesProvider: TerraformProvider;
  /** Image, GPUs per pod, replicas, autoscaling and models from config, rendered by `tritonChartValues`. */
  readonly triton: TritonDeploymentSpec;
  /** The model bucket's region. */
  readonly region: string;
  /** `s3://<bucket>/<prefix>` of the model repository. */
  readonly modelRepositoryUri: string;
  /** The inference namespace's name (a reference to the namespace resource orders the release after it). */
  readonly namespace: string;
  /**
   * Name and ports of the release's Service, which the front door's TargetGroupBindings point at.
   * @default Service "triton-inference-server", HTTP on 8000 and gRPC on 8001
   */
  readonly service?: TritonServiceSettings;
  /** E.g. prometheus-adapter and kube-prometheus-stack (the ServiceMonitor CRD). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Triton in one cluster: the in-repo chart as a cdktf directory asset (copied next to the synthesized stack,
 * so the plan needs no chart repository), values from `tritonChartValues`, and the generated Secret of the
 * restricted admin API. The chart's own schema (values.schema.json) checks the values again at install.
 */
export class TritonRelease extends Construct {
  readonly release: Release;
  readonly values: TritonChartValues;
  readonly adminSecret: GeneratedSecret;

  constructor(scope: Construct, id: string, props: TritonReleaseProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.namespace) && props.namespace !== TRITON_NAMESPACE) {
      throw new Error(`TritonRelease: namespace "${props.namespace}" is not "${TRITON_NAMESPACE}", where the Pod Identity association expects Triton`);
    }
    const chart = new TerraformAsset(this, 'chart', { path: TRITON_CHART_DIR, type: AssetType.DIRECTORY });
    this.values = tritonChartValues(props.triton, props.region, props.modelRepositoryUri, props.service);

    this.adminSecret = new GeneratedSecret(this, 'admin-key', {
      provider: props.kubernetesProvider,
      name: TRITON_ADMIN_SECRET.name,
      namespace: props.namespace,
      randomKey: TRITON_ADMIN_SECRET.key,
    });

    this.release = new Release(this, 'release', {
      provider: props.helmProvider,
      name: TRITON_RELEASE_NAME,
      namespace: props.namespace,
      chart: chart.path,
      values: [stringify(this.values)],
      atomic: true,
      cleanupOnFail: true,
      // A first start downloads the models from S3 and may wait for a GPU node to scale up from zero.
      timeout: 1800,
      dependsOn: [this.adminSecret.secret, ...(props.dependsOn ?? [])],
    });
  }
}
