/**
 * EKS managed add-on versions, pinned per Kubernetes version. Bumping one is a reviewed change that shows
 * in the HCL snapshot; `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>` lists
 * what AWS offers.
 *
 * Every key here must be in the `cluster.kubernetesVersion` enum (config/schema/cluster.ts) and vice versa;
 * test/unit/constructs/cluster/addon-versions.test.ts derives the list from the schema.
 *
 * Sources of the 1.34-1.36 pins (checked 2026-12-01 through the stored copies of AWS's pages; the internet
 * itself was not reachable, so `describe-addon-versions` could not be run):
 * - KUBE_PROXY: "kube-proxy versions" table, https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md
 *   (the newest stored copy of the table, with rows 1.31-1.36; the English page's stored copies are older).
 * - COREDNS: "CoreDNS versions" table, https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-coredns.md
 *   (newest stored copy, rows 1.30-1.36).
 * - VPC_CNI: "Amazon VPC CNI versions" table, https://docs.amazonaws.cn/eks/latest/userguide/pod-networking.html
 *   (newest stored copy, rows 1.28-1.34, the same build for every row). No stored AWS table has a 1.35 or
 *   1.36 row: the 1.35/1.36 pins reuse the 1.34 build and are UNVERIFIED for those versions.
 * - POD_IDENTITY_AGENT: AWS publishes no per-Kubernetes-version table for eks-pod-identity-agent (AWS points
 *   to DescribeAddonVersions only: github.com/aws/containers-roadmap/issues/2410). The pin is the one this
 *   file already had for 1.33 and is UNVERIFIED for 1.34-1.36.
 * An UNVERIFIED pin that EKS does not offer for the cluster's version fails `terraform apply` (CreateAddon
 * InvalidParameterException), never silently. Confirm before the first apply of a new version:
 *   aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name vpc-cni --query 'addons[].addonVersions[].addonVersion'
 *   aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name eks-pod-identity-agent --query 'addons[].addonVersions[].addonVersion'
 */
export type ManagedAddonName = 'vpc-cni' | 'kube-proxy' | 'eks-pod-identity-agent' | 'coredns';

/** Pins with no AWS per-version table behind them (see above): confirm with describe-addon-versions before applying. */
export const UNVERIFIED_ADDON_PINS: Readonly<Record<string, readonly ManagedAddonName[]>> = {
  '1.34': ['eks-pod-identity-agent'],
  '1.35': ['vpc-cni', 'eks-pod-identity-agent'],
  '1.36': ['vpc-cni', 'eks-pod-identity-agent'],
};

export const ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<ManagedAddonName, string>>>> = {
  // 1.32 and 1.33 (both in extended support): pins unchanged from before 2026-12-01.
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
  '1.34': {
    'vpc-cni': 'v1.20.4-eksbuild.1', // VPC_CNI table, row 1.34 (docs.amazonaws.cn pod-networking.html), checked 2026-12-01
    'kube-proxy': 'v1.34.6-eksbuild.13', // KUBE_PROXY table, row 1.34 (docs.aws.amazon.com/ja_jp .../managing-kube-proxy.md), checked 2026-12-01
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2', // UNVERIFIED: no AWS per-version list; the 1.33 pin
    coredns: 'v1.13.2-eksbuild.11', // COREDNS table, row 1.34 (docs.aws.amazon.com/ja_jp .../managing-coredns.md), checked 2026-12-01
  },
  '1.35': {
    'vpc-cni': 'v1.20.4-eksbuild.1', // UNVERIFIED: no stored AWS table has a 1.35 row; the 1.34 row's build
    'kube-proxy': 'v1.35.3-eksbuild.13', // KUBE_PROXY table, row 1.35 (docs.aws.amazon.com/ja_jp .../managing-kube-proxy.md), checked 2026-12-01
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2', // UNVERIFIED: no AWS per-version list; the 1.33 pin
    coredns: 'v1.14.3-eksbuild.3', // COREDNS table, row 1.35 (docs.aws.amazon.com/ja_jp .../managing-coredns.md), checked 2026-12-01
  },
  '1.36': {
    'vpc-cni': 'v1.20.4-eksbuild.1', // UNVERIFIED: no stored AWS table has a 1.36 row; the 1.34 row's build
    'kube-proxy': 'v1.36.0-eksbuild.14', // KUBE_PROXY table, row 1.36 (docs.aws.amazon.com/ja_jp .../managing-kube-proxy.md), checked 2026-12-01
    'eks-pod-identity-agent': 'v1.3.10-eksbuild.2', // UNVERIFIED: no AWS per-version list; the 1.33 pin
    coredns: 'v1.14.3-eksbuild.3', // COREDNS table, row 1.36 (docs.aws.amazon.com/ja_jp .../managing-coredns.md), checked 2026-12-01
  },
};
