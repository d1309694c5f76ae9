/**
 * Required tags come from `tags` alone: they reach every resource through the provider default_tags. A missing
 * or empty one is reported once at `tags.<Key>`, not as one guardrail violation per resource.
 */
import type { FleetConfig } from '../schema';
import { Fail, tagKey } from '../schema/common';

/** Every key of guardrails.requiredTags has a non-blank value in tags. */
export function validateRequiredTags(config: FleetConfig, fail: Fail): void {
  // A malformed key is already reported at guardrails.requiredTags[i]; a repeated one needs one report.
  const required = new Set(config.guardrails.requiredTags.filter((key) => tagKey.safeParse(key).success));
  for (const key of required) {
    const value = config.tags[key];
    const problem = value === undefined ? 'missing' : value.trim() === '' ? `${JSON.stringify(value)} is empty` : undefined;
    if (problem === undefined) continue;
    fail(
      ['tags', key],
      `${problem}; guardrails.requiredTags lists ${key}, so tags must give it a non-empty value (tags reach every resource through the provider default_tags)`,
    );
  }
}
