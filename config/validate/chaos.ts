/**
 * Cross-field rules of `chaos` (issue 13): experiments live in front-door regions (their stop-condition alarms
 * watch the region's NLB), each requested experiment must have targets somewhere, and the zone to cut off must
 * exist in every region that gets the zone-loss template.
 */
import type { FleetConfig } from '../schema';
import { Fail } from '../schema/common';
import { CHAOS_EXPERIMENT_KINDS, experimentApplies } from '../../model/chaos';

const NEEDS: Record<(typeof CHAOS_EXPERIMENT_KINDS)[number], string> = {
  spotInterruption: 'a GPU pool with capacity spot or spot-then-on-demand',
  nodeTermination: 'a GPU pool with role baseline',
  zoneLoss: 'a region',
  podDelete: 'triton configured',
};

export function validateChaos(config: FleetConfig, fail: Fail): void {
  const chaos = config.chaos;
  if (!chaos) return;
  if (!config.frontDoor) {
    fail(['chaos'], 'needs frontDoor: the alarms that stop every experiment watch the region\'s NLB and the accelerator');
    return;
  }
  const served = config.regions.filter((region) => config.frontDoor!.regions.some((entry) => entry.name === region.name));
  const experiments = chaos.experiments;
  for (const kind of CHAOS_EXPERIMENT_KINDS) {
    if (experiments[kind] === undefined) continue;
    const somewhere = served.some((region) => experimentApplies(kind, { gpuPools: region.gpuPools, triton: config.triton !== undefined }));
    if (!somewhere) {
      fail(['chaos', 'experiments', kind], `has no target: it needs ${NEEDS[kind]} in a region served by frontDoor (${served.map((region) => region.name).join(', ')})`);
    }
  }
  const zoneLoss = experiments.zoneLoss;
  if (zoneLoss) {
    const short = served.filter((region) => zoneLoss.zoneIndex >= region.availabilityZones.length);
    if (short.length > 0) {
      fail(
        ['chaos', 'experiments', 'zoneLoss', 'zoneIndex'],
        `${zoneLoss.zoneIndex} is past the zones of ${short.map((region) => `${region.name} (${region.availabilityZones.length} zones)`).join(', ')}; allowed: 0 to ${Math.min(...served.map((region) => region.availabilityZones.length)) - 1}`,
      );
    }
  }
}
