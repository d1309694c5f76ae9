import { EksManagedAddons } from '../../../../constructs/cluster/eks-managed-addons';
import { ADDON_VERSIONS } from '../../../../constructs/cluster/addon-versions';
import { onlyResource, resourcesOf, synthWithAws } from '../helpers';
import { ManagedNodeGroup } from '../../../../constructs/primitives/managed-node-group';

const synth = synthWithAws((scope, provider) => {
  const addons = new EksManagedAddons(scope, 'addons', { provider, clusterName: 'c1', kubernetesVersion: '1.33' });
  const nodes = new ManagedNodeGroup(scope, 'nodes', {
    provider,
    clusterName: 'c1',
    name: 'system',
    nodeRoleArn: 'arn:aws:iam::111122223333:role/node',
    subnetIds: ['subnet-a'],
    instanceTypes: ['m6i.large'],
    capacityType: 'ON_DEMAND',
    amiType: 'AL2023_x86_64_STANDARD',
    minSize: 1,
    desiredSize: 1,
    maxSize: 1,
    rootVolumeGiB: 20,
    rootDeviceName: '/dev/xvda',
    metadataHopLimit: 1,
    labels: {},
    instanceTags: {},
    dependsOn: addons.beforeCompute,
  });
  addons.addCoreDns([nodes.dependable]);
});
const addons: Record<string, any> = Object.fromEntries(resourcesOf(synth, 'aws_eks_addon').map((addon) => [addon.addon_name, addon]));

describe('EksManagedAddons', () => {
  it('installs the four managed add-ons at the versions pinned for the Kubernetes version', () => {
    expect(Object.keys(addons).sort()).toEqual(['coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
    for (const [name, addon] of Object.entries(addons)) {
      expect(addon.addon_version).toBe(ADDON_VERSIONS['1.33'][name as keyof (typeof ADDON_VERSIONS)['1.33']]);
    }
  });

  it('binds the VPC CNI to its own Pod Identity role with only the CNI policy', () => {
    expect(addons['vpc-cni'].pod_identity_association).toEqual([{ role_arn: expect.stringMatching(/aws_iam_role\.addons_vpc-cni-role/), service_account: 'aws-node' }]);
    expect(onlyResource(synth, 'aws_iam_role_policy_attachment').policy_arn).toBe('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy');
    expect(JSON.parse(onlyResource(synth, 'aws_iam_role').assume_role_policy).Statement[0]).toMatchObject({
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
  });

  it('turns on the VPC CNI network policy agent, so NetworkPolicies are enforced', () => {
    expect(JSON.parse(addons['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    expect(addons['kube-proxy'].configuration_values).toBeUndefined();
  });

  it('starts nodes after the networking add-ons and CoreDNS after the nodes', () => {
    const nodeGroup = onlyResource(synth, 'aws_eks_node_group');
    expect(nodeGroup.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\.addons_vpc-cni/), expect.stringMatching(/^aws_eks_addon\.addons_kube-proxy/)]),
    );
    expect(addons.coredns.depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\./)]);
  });
});
