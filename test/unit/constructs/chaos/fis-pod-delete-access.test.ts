import { Testing, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { FisPodDeleteAccess } from '../../../../constructs/chaos/fis-pod-delete-access';

function synth(): any {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new KubernetesProvider(stack, 'kubernetes', {});
  new FisPodDeleteAccess(stack, 'fis', { provider, namespace: 'inference', serviceAccountName: 'fis-pod-delete', kubernetesUser: 'fis-experiment' });
  return JSON.parse(Testing.synth(stack));
}

describe('FisPodDeleteAccess', () => {
  const json = synth();
  const only = (type: string) => {
    const list = Object.values<any>(json.resource[type]);
    expect(list).toHaveLength(1);
    return list[0];
  };

  it('creates the FIS service account in the target namespace', () => {
    expect(only('kubernetes_service_account_v1').metadata).toMatchObject({ name: 'fis-pod-delete', namespace: 'inference' });
  });

  it('grants pods and configmaps in that namespace only, and no exec or ephemeral containers', () => {
    const role = only('kubernetes_role_v1');
    expect(role.metadata.namespace).toBe('inference');
    const resources = role.rule.flatMap((rule: any) => rule.resources);
    expect(resources.sort()).toEqual(['configmaps', 'deployments', 'pods']);
    expect(role.rule.find((rule: any) => rule.resources.includes('pods')).verbs).toContain('delete');
    expect(json.resource.kubernetes_cluster_role_v1).toBeUndefined();
  });

  it('binds the role to the service account and to the experiment role\'s Kubernetes user', () => {
    const binding = only('kubernetes_role_binding_v1');
    expect(binding.role_ref).toMatchObject({ kind: 'Role', name: expect.stringContaining('kubernetes_role_v1') });
    expect(binding.subject).toEqual([
      { kind: 'ServiceAccount', name: expect.stringContaining('kubernetes_service_account_v1'), namespace: 'inference' },
      { kind: 'User', name: 'fis-experiment', api_group: 'rbac.authorization.k8s.io' },
    ]);
  });
});
