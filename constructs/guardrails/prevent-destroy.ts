import { IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Resource types whose destruction loses data or identity that cannot be recreated as it was: state,
 * keys, static anycast IPs, DNS names clients have cached, the cluster itself.
 */
export const PROTECTED_RESOURCE_TYPES = [
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_globalaccelerator_accelerator',
  'aws_vpc',
  'aws_cloudfront_distribution',
] as const;

export type ProtectedResourceType = (typeof PROTECTED_RESOURCE_TYPES)[number];

/**
 * Sets `lifecycle.prevent_destroy` on every protected resource, so a plan that would destroy or replace
 * one fails in Terraform itself. Types listed in `allowDestroy` (config `stateSafety.allowDestroy`, each
 * with a reason) are left unprotected, for a deliberate teardown or migration.
 */
export class PreventDestroyAspect implements IAspect {
  private readonly protectedTypes: ReadonlySet<string>;

  constructor(allowDestroy: readonly ProtectedResourceType[] = []) {
    this.protectedTypes = new Set(PROTECTED_RESOURCE_TYPES.filter((type) => !allowDestroy.includes(type)));
  }

  visit(node: IConstruct): void {
    if (node instanceof TerraformResource && this.protectedTypes.has(node.terraformResourceType)) {
      node.addOverride('lifecycle.prevent_destroy', true);
    }
  }
}
