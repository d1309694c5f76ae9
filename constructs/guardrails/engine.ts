/**
 * The checker: every rule over every resource of each synthesized stack, then the waivers. Pure over JSON
 * (what `cdk.tf.json` holds), so the synth gate checks exactly what Terraform will read.
 */
import { TerraformStack } from 'cdktf';
import { block, GuardrailRule, isToken, RuleContext, SynthesizedResource } from './rule';
import { GUARDRAIL_RULES } from './rules';
import { DEFAULT_REQUIRED_TAGS } from './tagging-rules';
import { applyWaivers } from './waivers';
import type { GuardrailOptions, GuardrailReport, GuardrailViolation, SynthesizedStack } from './report';

/** The checker itself, over already synthesized JSON. */
export function checkSynthesizedStacks(stacks: readonly SynthesizedStack[], options: GuardrailOptions = {}): GuardrailReport {
  const rules = options.rules ?? GUARDRAIL_RULES;
  const requiredTags = options.requiredTags ?? DEFAULT_REQUIRED_TAGS;
  const byType = new Map<string, GuardrailRule[]>();
  const everywhere = rules.filter((rule) => rule.appliesTo.includes('*'));
  for (const rule of rules) {
    for (const type of rule.appliesTo) if (type !== '*') byType.set(type, [...(byType.get(type) ?? []), rule]);
  }

  const found: GuardrailViolation[] = [];
  let resourceCount = 0;
  for (const stack of stacks) {
    const context = stackContext(stack, requiredTags);
    for (const resource of context.all) {
      resourceCount += 1;
      for (const rule of [...(byType.get(resource.type) ?? []), ...everywhere]) {
        const problems = rule.check(resource, context);
        if (problems.length === 0) continue;
        found.push({ ruleId: rule.id, title: rule.title, stack: stack.name, address: resource.address, message: problems.join('; '), fix: rule.fix });
      }
    }
  }
  return { ...applyWaivers(found, options.waivers ?? [], options.codeWaivers ?? []), resourceCount };
}

/**
 * Checks stacks in memory, rendering each with `toTerraform()` (tokens resolved, nothing written; a
 * reference to another stack shows as that stack's address, which is all a policy check needs). For
 * construct tests; synth goes through the synth gate, which checks the files it wrote.
 */
export function checkGuardrails(stacks: readonly TerraformStack[], options: GuardrailOptions = {}): GuardrailReport {
  return checkSynthesizedStacks(
    stacks.map((stack) => ({ name: stack.node.id, json: stack.toTerraform() })),
    options,
  );
}

function stackContext(stack: SynthesizedStack, requiredTags: readonly string[]): RuleContext & { all: SynthesizedResource[] } {
  const collect = (section: Record<string, Record<string, any>> | undefined, prefix: string) => {
    const list: SynthesizedResource[] = [];
    for (const [type, byName] of Object.entries(section ?? {})) {
      for (const [name, raw] of Object.entries(byName ?? {})) {
        const { '//': _metadata, ...config } = raw ?? {};
        list.push({ type, name, address: `${prefix}${type}.${name}`, config });
      }
    }
    return list;
  };
  const all = collect(stack.json.resource, '');
  const data = collect(stack.json.data, 'data.');
  const byType = new Map<string, SynthesizedResource[]>();
  const byAddress = new Map<string, SynthesizedResource>();
  for (const item of [...all, ...data]) {
    byAddress.set(item.address, item);
    if (item.address.startsWith('data.')) continue;
    const list = byType.get(item.type);
    if (list) list.push(item);
    else byType.set(item.type, [item]);
  }
  const awsProviders: Record<string, any>[] = [stack.json.provider?.aws ?? []].flat();
  const defaultTagsByAlias = new Map<string, Record<string, unknown> | undefined>();
  const regionByAlias = new Map<string, unknown>();
  for (const provider of awsProviders) {
    defaultTagsByAlias.set(provider.alias ?? '', block(provider.default_tags)?.tags);
    regionByAlias.set(provider.alias ?? '', provider.region);
  }
  const aliasOf = (resource: SynthesizedResource) => {
    const reference = resource.config.provider;
    return typeof reference === 'string' && reference.startsWith('aws.') ? reference.slice(4) : '';
  };

  return {
    stack: stack.name,
    requiredTags,
    all,
    resourcesOf: (...types) => types.flatMap((type) => byType.get(type) ?? []),
    lookup: (address) => byAddress.get(address),
    providerDefaultTags: (resource) => defaultTagsByAlias.get(aliasOf(resource)),
    providerRegion: (resource) => {
      const region = regionByAlias.get(aliasOf(resource));
      return typeof region === 'string' && !isToken(region) ? region : undefined;
    },
  };
}
