/**
 * EKS managed add-on versions, pinned per Kubernetes version. Bumping one is a reviewed change that shows
 * in the HCL snapshot; `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` lists
 * what AWS offers.
 */
export type ManagedAddonName = 'vpc-cni' | 'kube-proxy' | 'eks-pod-identity-agent' | 'coredns';

export const ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<ManagedAddonName, string>>>> = {
  '1.32': {
    'vpc-cni': 'v1.19.2-eksbuild.5',
    'kube-proxy': 'v1.32.6-eksbuild.12',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    coredns: 'v1.11.4-eksbuild.2',
  },
  '1.33': {
    'vpc-cni': 'v1.20.1-eksbuild.3',
    'kube-proxy': 'v1.33.3-eksbuild.4',
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2',
    coredns: 'v1.12.1-eksbuild.2',
  },
};
