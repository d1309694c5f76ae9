import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';

export interface FisPodDeleteAccessProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: TerraformProvider;
  /** Namespace of the target pods; the FIS pod runs here too. */
  readonly namespace: string;
  /** Service account the FIS pod runs as (the template's `kubernetesServiceAccount`). */
  readonly serviceAccountName: string;
  /** Kubernetes user the experiment role is mapped to by its EKS access entry (InfraStack). */
  readonly kubernetesUser: string;
}

/**
 * What `aws:eks:pod-delete` needs inside the cluster, confined to one namespace: a service account for the
 * FIS pod and a Role bound to it and to the experiment role's Kubernetes user. The FIS pod is created by the
 * user, then deletes target pods as the service account and keeps its state in a ConfigMap. No
 * `pods/ephemeralcontainers` or `pods/exec`: only the other pod actions inject containers.
 */
export class FisPodDeleteAccess extends Construct {
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: FisPodDeleteAccessProps) {
    super(scope, id);
    const { provider, namespace } = props;
    const labels = { 'app.kubernetes.io/part-of': 'spillway', 'app.kubernetes.io/component': 'chaos' };
    const account = new ServiceAccountV1(this, 'service-account', {
      provider,
      metadata: { name: props.serviceAccountName, namespace, labels },
      // The FIS pod talks to the API server with this account's token.
      automountServiceAccountToken: true,
    });
    const role = new RoleV1(this, 'role', {
      provider,
      metadata: { name: 'fis-pod-delete', namespace, labels },
      rule: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'create', 'patch', 'delete'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'delete', 'deletecollection'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      ],
    });
    new RoleBindingV1(this, 'role-binding', {
      provider,
      metadata: { name: 'fis-pod-delete', namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subject: [
        { kind: 'ServiceAccount', name: account.metadata.name, namespace },
        { kind: 'User', name: props.kubernetesUser, apiGroup: 'rbac.authorization.k8s.io' },
      ],
    });
    this.serviceAccountName = account.metadata.name;
  }
}
