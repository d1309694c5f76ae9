import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ADDON_VERSIONS, ManagedAddonName } from './addon-versions';
import { managedPolicyArn } from '../primitives/iam-documents';
import { addPodIdentityRole } from '../primitives/pod-identity-role';

export interface EksManagedAddonsProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** EKS cluster that gets the add-ons; also the prefix of the VPC CNI's role name. */
  readonly clusterName: string;
  /** The cluster's Kubernetes version: picks the add-on versions pinned for it in `ADDON_VERSIONS`. */
  readonly kubernetesVersion: string;
  /**
   * Turn on the VPC CNI's network policy agent, so Kubernetes NetworkPolicies are enforced (the gateway's
   * policy that only gateway pods reach Triton). Off, NetworkPolicy objects are accepted and ignored.
   * @default true
   */
  readonly enableNetworkPolicy?: boolean;
}

/**
 * The cluster's managed add-ons at pinned versions. Networking add-ons (pod identity agent, VPC CNI,
 * kube-proxy) come before any node, so nodes turn Ready on first boot; CoreDNS needs nodes to run on,
 * so it is added once the system node group exists (`addCoreDns`).
 */
export class EksManagedAddons extends Construct {
  /** Node groups depend on these. */
  readonly beforeCompute: ITerraformDependable[];
  private readonly props: EksManagedAddonsProps;

  constructor(scope: Construct, id: string, props: EksManagedAddonsProps) {
    super(scope, id);
    this.props = props;

    const podIdentityAgent = this.addon('eks-pod-identity-agent');

    // The CNI's EC2 permissions live on its own role, bound to the aws-node service account through
    // Pod Identity, instead of on every node.
    // Pod Identity pairs it with aws-node through the add-on itself, so no association of its own.
    const cniRole = addPodIdentityRole(this, {
      provider: props.provider,
      name: `${props.clusterName}-vpc-cni`,
      description: `VPC CNI (aws-node) of EKS cluster ${props.clusterName}`,
      clusterName: props.clusterName,
      policy: { managedPolicyArn: managedPolicyArn('AmazonEKS_CNI_Policy') },
      ids: { role: 'vpc-cni-role', policy: 'vpc-cni-policy' },
    });
    const vpcCni = this.addon('vpc-cni', {
      // The add-on's configuration schema (`aws eks describe-addon-configuration --addon-name vpc-cni`) types
      // enableNetworkPolicy as the string "true"/"false"; it starts the node agent that enforces policies.
      configurationValues: JSON.stringify({ enableNetworkPolicy: String(props.enableNetworkPolicy ?? true) }),
      podIdentityAssociation: [{ roleArn: cniRole.roleArn, serviceAccount: 'aws-node' }],
      dependsOn: [podIdentityAgent, cniRole.policy],
    });

    this.beforeCompute = [podIdentityAgent, vpcCni, this.addon('kube-proxy')];
  }

  /** CoreDNS, once nodes exist to schedule it. */
  addCoreDns(nodes: ITerraformDependable[]): EksAddon {
    return this.addon('coredns', { dependsOn: nodes });
  }

  private addon(name: ManagedAddonName, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}): EksAddon {
    return new EksAddon(this, name, {
      provider: this.props.provider,
      clusterName: this.props.clusterName,
      addonName: name,
      addonVersion: ADDON_VERSIONS[this.props.kubernetesVersion][name],
      // Take over what EKS may have put there at creation; on upgrades keep operator changes to surface them.
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'PRESERVE',
      ...extra,
    });
  }
}
