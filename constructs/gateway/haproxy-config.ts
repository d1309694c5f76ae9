/**
 * The inference gateway's HAProxy configuration: `renderGatewayConfig(spec)` returns the files of the gateway's
 * config directory (GATEWAY.configDir), file name -> content. Pure: the same spec always renders the same files;
 * production (the ConfigMap) and the live tests (real haproxy on loopback) use this one function.
 */
import { renderHaproxyCfg } from './haproxy/cfg';
import { renderGatewayLua } from './haproxy/lua';
import type { GatewayConfigSpec } from './haproxy/spec';

export type { GatewayConfigSpec, GatewayLevelSpec, GatewayModelSpec, GatewayTierSpec } from './haproxy/spec';

/** A Triton model as the per-pod slot count needs it. */
export interface ModelSlots {
  /** Model instances per GPU (instance_group count). */
  readonly instanceCount: number;
  /** The dynamic batcher's preferred batch sizes; empty means any size up to maxBatchSize. */
  readonly preferredBatchSizes: readonly number[];
  /** The model's max_batch_size. */
  readonly maxBatchSize: number;
}

/**
 * Requests a Triton pod works on at once before the gateway queues: for each model, instances x GPUs x the
 * largest preferred batch (or maxBatchSize), summed over models. More in flight would only wait in Triton.
 */
export function perPodMaxConn(models: readonly ModelSlots[], gpusPerPod: number): number {
  return models.reduce(
    (sum, model) => sum + model.instanceCount * gpusPerPod * Math.max(...(model.preferredBatchSizes.length ? model.preferredBatchSizes : [model.maxBatchSize])),
    0,
  );
}

function checkSpec(spec: GatewayConfigSpec): void {
  const tiers = new Set(spec.tiers.map((tier) => tier.name));
  const models = new Set(spec.models.map((model) => model.name));
  const problems: string[] = [];
  if (tiers.size === 0) problems.push('tiers is empty');
  if (tiers.size !== spec.tiers.length) problems.push('tiers repeats a name');
  if (!(spec.defaultLevel in spec.levels)) problems.push(`defaultLevel "${spec.defaultLevel}" is not a level`);
  for (const [name, level] of Object.entries(spec.levels)) {
    for (const tier of level.admitTiers) if (!tiers.has(tier)) problems.push(`levels.${name} admits unknown tier "${tier}"`);
    for (const model of level.disabledModels) if (!models.has(model)) problems.push(`levels.${name} switches off unknown model "${model}"`);
  }
  for (const tier of spec.tiers) {
    if (!/^[a-z][a-z0-9-]*$/.test(tier.name)) problems.push(`tier name "${tier.name}" is not a-z, 0-9 and "-"`);
    if (tier.maxQueuedRequests < 1) problems.push(`tier ${tier.name}: maxQueuedRequests must be at least 1`);
  }
  if (spec.perPodMaxConn < 1 || spec.maxTritonPods < 1) problems.push('perPodMaxConn and maxTritonPods must be at least 1');
  if (problems.length > 0) throw new Error(`renderGatewayConfig: ${problems.join('; ')}`);
}

/** The gateway's config directory: `haproxy.cfg` and `gateway.lua`. */
export function renderGatewayConfig(spec: GatewayConfigSpec): Record<string, string> {
  checkSpec(spec);
  return {
    'haproxy.cfg': renderHaproxyCfg(spec),
    'gateway.lua': renderGatewayLua(spec),
  };
}
