/**
 * Cross-field rules of `chaos` (issue 13): experiments live in front-door regions (their stop-condition alarms
 * watch the region's NLB), and the zone to cut off must exist in every such region. A requested experiment
 * goes to each of them that has its targets (model/chaos.ts), so dropping `triton` or the spot pools does not
 * make an otherwise valid config invalid; it removes the templates that would have nothing to hit.
 */
import type { FleetConfig } from '../schema';
import { Fail } from '../schema/common';

export function validateChaos(config: FleetConfig, fail: Fail): void {
  const chaos = config.chaos;
  if (!chaos) return;
  if (!config.frontDoor) {
    fail(['chaos'], 'needs frontDoor: the alarms that stop every experiment watch the region\'s NLB and the accelerator');
    return;
  }
  const served = config.regions.filter((region) => config.frontDoor!.regions.some((entry) => entry.name === region.name));
  const experiments = chaos.experiments;
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
