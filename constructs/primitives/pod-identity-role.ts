import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { PolicyStatement, podIdentityTrustPolicy, policyDocument } from './iam-documents';

/** The role's permissions: an inline policy of exact statements, or one AWS-managed policy. */
export type PodIdentityPolicy =
  | { readonly inline: { readonly name: string; readonly statements: readonly PolicyStatement[] } }
  | { readonly managedPolicyArn: string };

/** Construct ids of the resources, which become their Terraform logical IDs (so, API). */
export interface PodIdentityRoleIds {
  /** @default "role" */
  readonly role?: string;
  /** @default "policy" */
  readonly policy?: string;
  /** @default "pod-identity" */
  readonly association?: string;
}

export interface PodIdentityRoleProps {
  /** AWS provider of the cluster's region. */
  readonly provider: TerraformProvider;
  /** IAM role name. */
  readonly name: string;
  /** IAM role description: which workload uses the role and for what. */
  readonly description: string;
  /** The role's permissions: an inline policy of exact statements, or one AWS-managed policy. */
  readonly policy: PodIdentityPolicy;
  /** The cluster whose service account assumes the role. */
  readonly clusterName: string;
  /**
   * The service account bound to the role by an EKS Pod Identity association. @default none: the caller
   * binds the role another way (an EKS add-on's own `podIdentityAssociation`)
   */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
  /** What the association waits for, e.g. the pod identity agent add-on. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Construct ids of the role, policy and association, which fix their Terraform logical IDs.
   * @default role, policy, pod-identity
   */
  readonly ids?: PodIdentityRoleIds;
}

export interface PodIdentityRole {
  readonly roleArn: string;
  readonly roleName: string;
  /** The inline policy or the managed-policy attachment: depend on it before the role is used. */
  readonly policy: IamRolePolicy | IamRolePolicyAttachment;
  /** Absent without `serviceAccount`. */
  readonly association?: EksPodIdentityAssociation;
}

/**
 * An IAM role that only EKS Pod Identity can assume, its policy, and the association binding it to one
 * service account. Added directly to `scope` (not a child construct), so the resources keep the logical IDs
 * they had when each construct wrote them by hand.
 */
export function addPodIdentityRole(scope: Construct, props: PodIdentityRoleProps): PodIdentityRole {
  const { provider } = props;
  const ids = { role: 'role', policy: 'policy', association: 'pod-identity', ...props.ids };
  const role = new IamRole(scope, ids.role, {
    provider,
    name: props.name,
    description: props.description,
    assumeRolePolicy: podIdentityTrustPolicy(),
  });
  const policy =
    'inline' in props.policy
      ? new IamRolePolicy(scope, ids.policy, {
          provider,
          role: role.name,
          name: props.policy.inline.name,
          policy: policyDocument(props.policy.inline.statements),
        })
      : new IamRolePolicyAttachment(scope, ids.policy, { provider, role: role.name, policyArn: props.policy.managedPolicyArn });
  const association =
    props.serviceAccount &&
    new EksPodIdentityAssociation(scope, ids.association, {
      provider,
      clusterName: props.clusterName,
      namespace: props.serviceAccount.namespace,
      serviceAccount: props.serviceAccount.name,
      roleArn: role.arn,
      dependsOn: props.dependsOn,
    });
  return { roleArn: role.arn, roleName: role.name, policy, association };
}
