/**
 * The plan summary's capacity check (issue 12): with `capacity.trafficFile` in the config, one line per
 * region (forecast peak, GPUs needed, GPUs allowed) from the same run as `npm run capacity`, without the
 * burst. A warning, never a failure: a bad traffic file is named in the summary and the plan goes on.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { FleetConfig } from '../../config/schema';
import { InputError } from '../capacity/csv';
import { CapacityRun, planCapacity } from '../capacity/plan-capacity';
import type { SummaryContext, SummaryPart } from '../summary/model';
import { paragraph } from '../summary/model';

export const CAPACITY_TITLE = 'Capacity check';

/** `us-west-2: forecast peak 3170 rps, 7 GPUs needed, 8 allowed`, with the shortfall when there is one. */
export function capacityLines(run: CapacityRun): string[] {
  return Object.entries(run.json.regions).map(
    ([name, region]) =>
      `${name}: forecast peak ${Math.round(region.peakRps)} rps, ${region.requiredGpus} GPUs needed, ${region.configuredGpus.max} allowed${region.shortfallGpus > 0 ? ` (short by ${region.shortfallGpus})` : ''}`,
  );
}

export function capacityPart(config: FleetConfig, configFile: string): SummaryPart | undefined {
  if (!config.triton || config.capacity.trafficFile === undefined) return undefined;
  const trafficFile = path.resolve(path.dirname(configFile), config.capacity.trafficFile);
  let items: string[];
  try {
    const run = planCapacity({ config, configFile, trafficFile, trafficText: fs.readFileSync(trafficFile, 'utf8'), measured: new Map() });
    // One line per region; the report of `npm run capacity` has the notes and the advice.
    items = capacityLines(run);
  } catch (error) {
    if (!(error instanceof InputError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
    return { title: CAPACITY_TITLE, blocks: [paragraph(`Not checked: ${error instanceof InputError ? error.message : `${trafficFile}: ${(error as Error).message}`}`)] };
  }
  return { title: CAPACITY_TITLE, blocks: [{ kind: 'list', items }] };
}

/** The section, computed once when the summary is built. */
export function capacitySection(config: FleetConfig, configFile: string): (context: SummaryContext) => SummaryPart | undefined {
  const part = capacityPart(config, configFile);
  return () => part;
}
