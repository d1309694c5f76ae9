/**
 * Cross-field rules of `capacity` and the capacity fields of `triton.models[]` (issue 12): tier shares name
 * tiers and sum to 1, model traffic shares fit in 1, and a traffic file needs Triton to size for.
 */
import type { FleetConfig } from '../schema';
import { Fail } from '../schema/common';

/** Shares are compared with this slack: YAML decimals like 0.7 + 0.2 + 0.1 do not add to exactly 1. */
export const SHARE_SUM_TOLERANCE = 1e-6;

export function validateCapacity(config: FleetConfig, fail: Fail): void {
  const capacity = config.capacity;
  const triton = config.triton;
  if (!triton) {
    if (capacity.trafficFile !== undefined) {
      fail(['capacity', 'trafficFile'], `"${capacity.trafficFile}" is set but triton is not configured; capacity planning sizes Triton's GPUs, add a triton section`);
    }
    if (capacity.tierShares !== undefined) fail(['capacity', 'tierShares'], 'is set but triton is not configured, so there are no tiers');
    return;
  }
  const tierNames = Object.keys(triton.tiers);
  if (capacity.tierShares !== undefined) {
    for (const tier of Object.keys(capacity.tierShares)) {
      if (!tierNames.includes(tier)) fail(['capacity', 'tierShares', tier], `"${tier}" is not a tier; allowed: ${tierNames.join(', ')}`);
    }
    const missing = tierNames.filter((tier) => !(tier in capacity.tierShares!));
    if (missing.length > 0) fail(['capacity', 'tierShares'], `has no share for ${missing.map((tier) => `"${tier}"`).join(', ')}; give every tier a share`);
    const sum = Object.values(capacity.tierShares).reduce((total, share) => total + share, 0);
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) fail(['capacity', 'tierShares'], `shares sum to ${round(sum)}; they must sum to 1`);
  }

  const shares = triton.models.map((model) => model.trafficShare);
  const given = shares.filter((share): share is number => share !== undefined);
  const sum = given.reduce((total, share) => total + share, 0);
  const index = shares.findIndex((share) => share !== undefined);
  if (given.length === shares.length && Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
    fail(['triton', 'models', index, 'trafficShare'], `the models' trafficShare values sum to ${round(sum)}; when every model has one they must sum to 1`);
  } else if (given.length < shares.length && sum >= 1 - SHARE_SUM_TOLERANCE && given.length > 0) {
    fail(
      ['triton', 'models', index, 'trafficShare'],
      `the models' trafficShare values sum to ${round(sum)}, leaving nothing for the ${shares.length - given.length} model(s) without one; they must sum to less than 1`,
    );
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
