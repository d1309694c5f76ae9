import { IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { PROTECTED_RESOURCE_TYPES, ProtectedResourceType } from '../../model/contracts';

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
