/**
 * Every guardrail rule, in report order. Their ids are listed in model/contracts.ts (`GUARDRAIL_RULE_IDS`),
 * where config validates waivers against them without importing constructs.
 */
import { GuardrailRule } from './rule';
import { EKS_RULES } from './eks-rules';
import { COMPUTE_RULES } from './compute-rules';
import { STORAGE_RULES } from './storage-rules';
import { ENCRYPTION_RULES } from './encryption-rules';
import { EDGE_RULES } from './edge-rules';
import { NETWORK_RULES } from './network-rules';
import { GATEWAY_RULES } from './gateway-rules';
import { IAM_RULES } from './iam-rules';
import { TAGGING_RULES } from './tagging-rules';
import { CHAOS_RULES } from './chaos-rules';

export const GUARDRAIL_RULES: readonly GuardrailRule[] = [
  ...EKS_RULES,
  ...COMPUTE_RULES,
  ...STORAGE_RULES,
  ...ENCRYPTION_RULES,
  ...EDGE_RULES,
  ...NETWORK_RULES,
  ...GATEWAY_RULES,
  ...IAM_RULES,
  ...CHAOS_RULES,
  ...TAGGING_RULES,
];
