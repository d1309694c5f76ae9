/**
 * Contracts every layer shares: the labels, taints, namespaces, service accounts and release names that
 * one construct writes and another selects by, and the ids config validates against (guardrail rules,
 * protected resource types). Data only: this file imports nothing.
 */

// ---- Node labels and taints ----

/** The label every node carries to say what it is for (`system`, `baseline`, `burst`); workloads select by it. */
export const ROLE_LABEL = 'spillway.io/role';
/** Labels every GPU node carries; workloads select, and the device plugin schedules, by them. */
export const GPU_PRESENT_LABEL = 'nvidia.com/gpu.present';
export const POOL_LABEL = 'spillway.io/pool';
export const CAPACITY_TYPE_LABEL = 'spillway.io/capacity-type';
/** `host` where the AMI runs the NVIDIA device plugin itself (Bottlerocket); `daemonset` where Spillway deploys it. */
export const DEVICE_PLUGIN_LABEL = 'spillway.io/device-plugin';

/** A Kubernetes taint in the EKS node group API's spelling. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NO_SCHEDULE' | 'PREFER_NO_SCHEDULE' | 'NO_EXECUTE';
}
/** Keeps everything but GPU workloads off GPU nodes. */
export const GPU_TAINT: NodeTaint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' };

// ---- Namespaces, service accounts, release names ----

/** The namespace the Triton release, its service account and the Pod Identity association use. */
export const TRITON_NAMESPACE = 'inference';
/** Triton's ServiceAccount (the chart's `serviceAccount.name`), bound to the model-bucket role by EKS Pod Identity. */
export const TRITON_SERVICE_ACCOUNT = 'triton-inference-server';
/** Helm release (and Deployment) name of Triton. */
export const TRITON_RELEASE_NAME = 'triton-inference-server';

export const CLUSTER_AUTOSCALER_NAMESPACE = 'kube-system';
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = 'cluster-autoscaler';
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = 'kube-system';
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = 'aws-load-balancer-controller';

/** Kubernetes user the pod-delete FIS role is mapped to (EKS access entry) and the RBAC binds. */
export const FIS_KUBERNETES_USER = 'fis-experiment';
/** Service account the FIS pod of `aws:eks:pod-delete` runs as, in Triton's namespace. */
export const FIS_POD_SERVICE_ACCOUNT = 'fis-pod-delete';

export const MONITORING_NAMESPACE = 'monitoring';
/** kube-prometheus-stack's `fullnameOverride`: the prefix of its Services. */
export const KPS_FULLNAME = 'kps';
export const PROMETHEUS_URL = `http://${KPS_FULLNAME}-prometheus.${MONITORING_NAMESPACE}.svc`;
/** The label Grafana's dashboard sidecar watches ConfigMaps for. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

// ---- The inference gateway (issue 11): what its config, its Deployment, the key sync and the switch share ----

/**
 * The HAProxy inference gateway in front of Triton. `renderGatewayConfig` writes haproxy.cfg and its Lua for
 * these ports and paths; the Deployment mounts the files here and opens these ports; the key sync writes
 * `keysFile`; the degradation switch writes `levelFile`.
 */
export const GATEWAY = {
  /** Helm release (and Deployment, Service) name of the gateway, in TRITON_NAMESPACE. */
  releaseName: 'inference-gateway',
  /** Container ports: clients keep Triton's port numbers, so the NLB listeners stay as they are. */
  ports: {
    /** HTTP/1.1 and h2c (KServe v2 HTTP/JSON); the NLB's HTTP target group binds here. */
    http: 8000,
    /** gRPC (h2c, `inference.GRPCInferenceService`); the NLB's gRPC target group binds here. */
    grpc: 8001,
    /** The NLB health check: 200 while at least one Triton pod is up, 503 when none is. */
    health: 8402,
    /** HAProxy's Prometheus exporter (`metricsPath`) and the gateway's own series (`levelMetricsPath`). */
    metrics: 8404,
  },
  /** HTTP path of the health endpoint on `ports.health`. */
  healthPath: '/healthz',
  /** HAProxy's built-in Prometheus exporter on `ports.metrics`. */
  metricsPath: '/metrics',
  /** The gateway's own series (degradation level in force, keys loaded) on `ports.metrics`, Prometheus text format. */
  levelMetricsPath: '/metrics/gateway',
  /** Directory of haproxy.cfg and the Lua files (the rendered ConfigMap, mounted read-only). */
  configDir: '/usr/local/etc/haproxy',
  /**
   * The API-key hash map, synced from Secrets Manager; re-read about every second without a reload. Text, one
   * key per line: `<sha256 of the key, 64 lower-case hex> <key id> <tier>`; blank lines and `#` lines ignored.
   */
  keysFile: '/var/run/spillway/gateway-keys/keys.map',
  /** The degradation level in force: one level name (surrounding whitespace ignored); missing or empty = the default level. */
  levelFile: '/var/run/spillway/gateway-level/level',
  /** Request headers that carry the API key: `Authorization: Bearer <key>` (HTTP and gRPC metadata) or `X-Api-Key: <key>`. */
  apiKeyHeaders: ['authorization', 'x-api-key'],
  /** HAProxy backend name of the Triton pods (the `haproxy_backend_*{proxy="..."}` series). */
  backendName: 'triton',
} as const;

// ---- The gateway's key sync and degradation switch (wiring of issue 11) ----

/** External Secrets Operator: its namespace, release and controller ServiceAccount (bound to the key-hash read role by Pod Identity). */
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';
/** The Kubernetes Secret the sync writes (key `keys.map`), mounted by the gateway at `GATEWAY.keysFile`. */
export const GATEWAY_KEYS_SECRET = { name: 'inference-gateway-keys', key: 'keys.map' } as const;
/**
 * The ConfigMap holding a cluster's degradation level (key `level`), watched by the gateway's switch sidecar,
 * which writes it to `GATEWAY.levelFile`; `npm run gateway -- level` patches it, found by this label.
 */
export const GATEWAY_LEVEL_CONFIGMAP = { name: 'inference-gateway-level', key: 'level', label: 'spillway.io/gateway-level' } as const;
/** The headless Service of the Triton pods (no cluster IP: DNS answers every ready pod), which the gateway resolves. */
export const TRITON_HEADLESS_SERVICE = `${TRITON_RELEASE_NAME}-pods`;

// ---- Prometheus rules (written by feature constructs, shipped by kube-prometheus-stack) ----

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The `spec` of a PrometheusRule: named groups of alerting rules. */
export interface PrometheusRuleSpec {
  readonly groups: readonly { readonly name: string; readonly rules: readonly AlertRule[] }[];
}

// ---- Ids config validates against ----

/**
 * Guardrail rule ids (constructs/guardrails/*-rules.ts), for validating waivers in config. Every rule's id
 * has this type, and a test checks each id here has exactly one rule.
 */
export const GUARDRAIL_RULE_IDS = [
  'SPW-EKS-001', 'SPW-EKS-002', 'SPW-EKS-003', 'SPW-EKS-004', 'SPW-EKS-005', 'SPW-EKS-006',
  'SPW-EC2-001', 'SPW-EC2-002', 'SPW-EC2-003',
  'SPW-S3-001', 'SPW-S3-002', 'SPW-S3-003', 'SPW-S3-004', 'SPW-S3-005', 'SPW-S3-006', 'SPW-KMS-001', 'SPW-LOG-001',
  'SPW-S3-007', 'SPW-S3-008', 'SPW-S3-009', 'SPW-KMS-002', 'SPW-LOG-002', 'SPW-LOG-003', 'SPW-SM-001',
  'SPW-CDN-001', 'SPW-CDN-002', 'SPW-CDN-003', 'SPW-CDN-004', 'SPW-CDN-005', 'SPW-WAF-001', 'SPW-WAF-002', 'SPW-WAF-003', 'SPW-GA-001',
  'SPW-ELB-001', 'SPW-ELB-002',
  'SPW-NET-001', 'SPW-NET-002', 'SPW-NET-003', 'SPW-NET-004',
  'SPW-GW-001', 'SPW-GW-002', 'SPW-GW-003',
  'SPW-IAM-001', 'SPW-IAM-002', 'SPW-IAM-003', 'SPW-IAM-004',
  'SPW-FIS-001', 'SPW-FIS-002', 'SPW-FIS-003',
  'SPW-TAG-001',
] as const;
export type GuardrailRuleId = (typeof GUARDRAIL_RULE_IDS)[number];

/**
 * Resource types whose destruction loses data or identity that cannot be recreated as it was: state,
 * keys (KMS keys, the gateway's API-key hashes), static anycast IPs, DNS names clients have cached, the cluster itself.
 */
export const PROTECTED_RESOURCE_TYPES = [
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_globalaccelerator_accelerator',
  'aws_vpc',
  'aws_cloudfront_distribution',
  // Its ARN is a Global Accelerator endpoint and its DNS name may be in clients.
  'aws_lb',
  'aws_secretsmanager_secret',
] as const;
export type ProtectedResourceType = (typeof PROTECTED_RESOURCE_TYPES)[number];
