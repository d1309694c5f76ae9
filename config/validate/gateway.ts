/**
 * Cross-field rules of `gateway` (issue 11): it needs `triton`; every Triton tier has limits and no other
 * names do; lower tiers are shed no later than higher ones; levels name real tiers and models, and the default
 * level exists. Called from `validateFleet`; each problem is reported at the path of the field to fix.
 */
import type { FleetConfig } from '../schema';
import { Fail } from '../schema/common';

export function validateGateway(config: FleetConfig, fail: Fail): void {
  const gateway = config.gateway;
  if (!gateway) return;
  const triton = config.triton;
  if (!triton) {
    fail(['gateway'], 'is set but `triton` is not; the gateway fronts Triton, so configure triton (models, tiers) first');
    return;
  }
  const tierNames = Object.keys(triton.tiers);
  const allowedTiers = `allowed: ${tierNames.join(', ')}`;
  for (const tier of Object.keys(gateway.tiers)) {
    if (!tierNames.includes(tier)) fail(['gateway', 'tiers', tier], `"${tier}" is not a tier of triton.tiers; ${allowedTiers}`);
  }
  const without = tierNames.filter((tier) => !(tier in gateway.tiers));
  if (without.length > 0) {
    fail(['gateway', 'tiers'], `has no limits for tier${without.length > 1 ? 's' : ''} ${without.map((t) => `"${t}"`).join(', ')}; every tier needs a rate limit, a concurrency limit and a queue limit`);
  }
  // Shed lower tiers first: from the highest tier (level 1) down, maxQueuedRequests may not grow.
  const byLevel = tierNames.filter((tier) => tier in gateway.tiers).sort((a, b) => triton.tiers[a] - triton.tiers[b]);
  byLevel.forEach((tier, index) => {
    const higher = byLevel[index - 1];
    if (higher === undefined) return;
    const mine = gateway.tiers[tier].maxQueuedRequests;
    const above = gateway.tiers[higher].maxQueuedRequests;
    if (mine > above) {
      fail(
        ['gateway', 'tiers', tier, 'maxQueuedRequests'],
        `${mine} is above ${above} of the higher tier "${higher}"; a lower tier must be shed no later than the tiers above it`,
      );
    }
  });
  if (gateway.replicas.min > gateway.replicas.max) {
    fail(['gateway', 'replicas', 'min'], `${gateway.replicas.min} is above replicas.max ${gateway.replicas.max}`);
  }
  const modelNames = triton.models.map((model) => model.name);
  for (const [level, spec] of Object.entries(gateway.levels)) {
    (spec.admitTiers ?? []).forEach((tier, index) => {
      if (!tierNames.includes(tier)) fail(['gateway', 'levels', level, 'admitTiers', index], `"${tier}" is not a tier; ${allowedTiers}`);
      if (spec.admitTiers!.indexOf(tier) !== index) fail(['gateway', 'levels', level, 'admitTiers', index], `"${tier}" is listed twice`);
    });
    spec.disabledModels.forEach((model, index) => {
      if (!modelNames.includes(model)) {
        fail(['gateway', 'levels', level, 'disabledModels', index], `"${model}" is not a model of triton.models; allowed: ${modelNames.join(', ')}`);
      }
    });
  }
  const levelNames = Object.keys(gateway.levels);
  if (!levelNames.includes(gateway.defaultLevel)) {
    fail(['gateway', 'defaultLevel'], `"${gateway.defaultLevel}" is not a level of gateway.levels; allowed: ${levelNames.join(', ')}`);
  }
}
