/** Small typed accessors for the objects the Triton chart renders. */
import { Manifest, manifestOfKind } from './render-chart';

export interface Probe {
  httpGet: { path: string; port: string };
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds: number;
}
export interface Container {
  name: string;
  image: string;
  args: string[];
  env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
  ports: Array<{ name: string; containerPort: number }>;
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  resources: { requests: Record<string, string | number>; limits: Record<string, string | number> };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
  volumeMounts: Array<{ name: string; mountPath: string }>;
  lifecycle?: { preStop: { exec: { command: string[] } } };
}
export interface MatchExpression {
  key: string;
  operator: string;
  values: string[];
}
export interface PodSpec {
  serviceAccountName: string;
  priorityClassName: string;
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  tolerations: Array<Record<string, unknown>>;
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: Array<{ matchExpressions: MatchExpression[] }> };
      preferredDuringSchedulingIgnoredDuringExecution: Array<{ weight: number; preference: { matchExpressions: MatchExpression[] } }>;
    };
  };
  topologySpreadConstraints: Array<{
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: string;
    labelSelector: { matchLabels: Record<string, string> };
  }>;
  containers: Container[];
  volumes: Array<{ name: string; emptyDir: { medium?: string; sizeLimit: string } }>;
  imagePullSecrets?: Array<{ name: string }>;
}
export interface DeploymentShape {
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
}

export function deploymentOf(manifests: readonly Manifest[]): DeploymentShape {
  return manifestOfKind(manifests, 'Deployment') as unknown as DeploymentShape;
}

/** The Deployment's one container (asserts there is exactly one). */
export function tritonContainer(manifests: readonly Manifest[]): Container {
  const containers = deploymentOf(manifests).spec.template.spec.containers;
  expect(containers).toHaveLength(1);
  return containers[0];
}
