/** `guardrails` (required tags, reasoned waivers) and `stateSafety` (the prevent_destroy escape hatch). */
import { z } from 'zod';
import { GUARDRAIL_RULE_IDS, PROTECTED_RESOURCE_TYPES } from '../../model/contracts';
import { strictObject, tagKey } from './common';

export const guardrailWaiverSchema = strictObject({
  /** Id of the rule to waive, e.g. SPW-CDN-002 (constructs/guardrails/*-rules.ts). */
  rule: z.enum(GUARDRAIL_RULE_IDS, {
    errorMap: () => ({ message: `unknown guardrail rule; known: ${GUARDRAIL_RULE_IDS.join(', ')}` }),
  }),
  /** Terraform address of the resource (as the violation prints it), or a glob with `*` wildcards. */
  resource: z
    .string()
    .regex(/^[A-Za-z0-9_.*-]+$/, 'a Terraform resource address like aws_cloudfront_distribution.cdn_distribution_1A2B3C4D, or a glob with * wildcards'),
  /** Why the risk is accepted: printed in the plan summary for reviewers. */
  reason: z.string().trim().min(10, 'a reason of at least 10 characters: why the risk is accepted'),
});

export const guardrailsSchema = strictObject({
  /** Tag keys every taggable AWS resource must carry (own tags plus provider default_tags). @default ["Project", "Owner"] */
  requiredTags: z.array(tagKey).default(['Project', 'Owner']),
  /** Accepted violations: each names the rule, the resource and the reason. @default [] */
  waivers: z.array(guardrailWaiverSchema).default([]),
});

export const stateSafetySchema = strictObject({
  /**
   * Lifts `prevent_destroy` from one protected resource type for a deliberate teardown or migration; each
   * entry must say why. Remove it again once applied. @default [] (every protected type is protected)
   */
  allowDestroy: z
    .array(
      strictObject({
        resourceType: z.enum(PROTECTED_RESOURCE_TYPES),
        reason: z.string().trim().min(10, 'say why in a sentence (at least 10 characters), for the reviewers'),
      }),
    )
    .default([]),
});
