/** Matching violations against waivers: config waivers by address or glob, code waivers by exact address. */
import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { guardrailWaiversOn } from '../primitives/guardrail-waiver';
import type { GuardrailViolation, WaivedViolation, Waiver } from './report';

/** A waiver's resource pattern: a Terraform address, `*` matching any run of characters. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * The code waivers of an app as plain waivers: one per resource under each waived construct, by its
 * Terraform address (`<type>.<logical id>`), so they match exactly the resources they were set on.
 */
export function codeWaiversOf(root: IConstruct): Waiver[] {
  const waivers: Waiver[] = [];
  for (const scope of root.node.findAll()) {
    const own = guardrailWaiversOn(scope);
    if (own.length === 0) continue;
    const resources = scope.node.findAll().filter((node): node is TerraformResource => node instanceof TerraformResource);
    for (const resource of resources) {
      if (!TerraformStack.isStack(TerraformStack.of(resource))) continue;
      const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
      waivers.push(...own.map((waiver) => ({ rule: waiver.rule, resource: address, reason: waiver.reason })));
    }
  }
  return waivers;
}

/** Splits violations into the unwaived and the waived, and names the config waivers nothing matched. */
export function applyWaivers(
  found: readonly GuardrailViolation[],
  configWaivers: readonly Waiver[],
  codeWaivers: readonly Waiver[],
): { violations: GuardrailViolation[]; waived: WaivedViolation[]; unusedWaivers: Waiver[] } {
  const candidates = [
    ...codeWaivers.map((waiver) => ({ waiver, source: 'code' as const, pattern: globToRegExp(waiver.resource), used: false })),
    ...configWaivers.map((waiver) => ({ waiver, source: 'config' as const, pattern: globToRegExp(waiver.resource), used: false })),
  ];
  const violations: GuardrailViolation[] = [];
  const waived: WaivedViolation[] = [];
  for (const violation of found) {
    const match = candidates.find((candidate) => candidate.waiver.rule === violation.ruleId && candidate.pattern.test(violation.address));
    if (!match) {
      violations.push(violation);
      continue;
    }
    match.used = true;
    waived.push({ ...violation, reason: match.waiver.reason, waiver: match.waiver.resource, source: match.source });
  }
  const unusedWaivers = candidates.filter((entry) => entry.source === 'config' && !entry.used).map((entry) => entry.waiver);
  return { violations, waived, unusedWaivers };
}
