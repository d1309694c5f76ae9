/**
 * Every guardrail rule, in report order. The config schema imports `GUARDRAIL_RULE_IDS` to validate
 * waivers, so this module (and the rule modules) must not import cdktf or the config.
 */
import { GuardrailRule } from './rule';
import { EKS_RULES } from './eks-rules';
import { COMPUTE_RULES } from './compute-rules';
import { STORAGE_RULES } from './storage-rules';
import { EDGE_RULES } from './edge-rules';
import { NETWORK_RULES } from './network-rules';
import { IAM_RULES } from './iam-rules';
import { TAGGING_RULES } from './tagging-rules';

export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  ...EKS_RULES,
  ...COMPUTE_RULES,
  ...STORAGE_RULES,
  ...EDGE_RULES,
  ...NETWORK_RULES,
  ...IAM_RULES,
  ...TAGGING_RULES,
];

/** Rule ids, for validating waivers in the config. */
export const GUARDRAIL_RULE_IDS: readonly string[] = GUARDRAIL_RULES.map((rule) => rule.id);
