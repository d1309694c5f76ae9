/**
 * Kubernetes API schema validation of rendered manifests (kubernetes-models: generated from the Kubernetes
 * OpenAPI spec and the prometheus-operator CRDs). Every rendered kind must have a validator here, so a new
 * template cannot slip through unvalidated.
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Manifest } from './render-chart';

/* eslint-disable @typescript-eslint/no-explicit-any */
const validators: Record<string, (manifest: Manifest) => void> = {
  'apps/v1/Deployment': (m) => new Deployment(m as any).validate(),
  'v1/Service': (m) => new Service(m as any).validate(),
  'v1/ServiceAccount': (m) => new ServiceAccount(m as any).validate(),
  'policy/v1/PodDisruptionBudget': (m) => new PodDisruptionBudget(m as any).validate(),
  'scheduling.k8s.io/v1/PriorityClass': (m) => new PriorityClass(m as any).validate(),
  'autoscaling/v2/HorizontalPodAutoscaler': (m) => new HorizontalPodAutoscaler(m as any).validate(),
  'monitoring.coreos.com/v1/ServiceMonitor': (m) => new ServiceMonitor(m as any).validate(),
  'v1/ConfigMap': (m) => new ConfigMap(m as any).validate(),
  'networking.k8s.io/v1/NetworkPolicy': (m) => new NetworkPolicy(m as any).validate(),
  'rbac.authorization.k8s.io/v1/Role': (m) => new Role(m as any).validate(),
  'rbac.authorization.k8s.io/v1/RoleBinding': (m) => new RoleBinding(m as any).validate(),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Throws, naming the kind and object, at the first manifest that does not match its API schema. */
export function validateAgainstKubernetesSchemas(manifests: readonly Manifest[]): void {
  for (const m of manifests) {
    const key = `${String(m.apiVersion)}/${String(m.kind)}`;
    const validate = validators[key];
    if (validate === undefined) {
      throw new Error(`no Kubernetes schema validator registered for ${key}; add one to test/integration/charts/kubernetes-schemas.ts`);
    }
    try {
      validate(m);
    } catch (e) {
      const name = (m.metadata as { name?: string } | undefined)?.name;
      throw new Error(`${key} ${name}: ${(e as Error).message}`);
    }
  }
}
