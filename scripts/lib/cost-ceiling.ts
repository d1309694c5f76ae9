/**
 * Burst cost ceiling: what the GPU node groups would cost per hour and per month if every one of them ran
 * at its max size, on-demand, from the embedded catalog (no AWS price API). Pure: config in, numbers and
 * a part of the summary document out.
 *
 * Worst case on purpose: a group with several instance types is priced at its most expensive type, and
 * spot groups are priced on-demand (spot is cheaper, but the ceiling must hold whatever the spot market does).
 */
import { CATALOG_DATE, GPU_INSTANCES } from '../../model/catalog/instances';
import { gpuNodeGroupsOf } from '../../model/pools';
import type { FleetConfig } from '../../config/schema';
import type { SummaryContext, SummaryPart } from '../summary/model';
import { paragraph } from '../summary/model';

/** Hours in a month for the monthly figure (365 days x 24 h / 12). */
export const HOURS_PER_MONTH = 730;

export interface NodeGroupCeiling {
  readonly region: string;
  readonly pool: string;
  readonly nodeGroup: string;
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
  readonly maxSize: number;
  /** Priced instance type: the most expensive of the group in this region (the first listed on a tie). */
  readonly pricedAs?: string;
  /** On-demand USD per node-hour of `pricedAs`; undefined when the catalog has no price for the region. */
  readonly nodeHourlyUsd?: number;
  readonly hourlyUsd?: number;
  readonly monthlyUsd?: number;
}

export interface CostCeiling {
  readonly catalogDate: string;
  readonly hoursPerMonth: number;
  readonly nodeGroups: readonly NodeGroupCeiling[];
  /** Sum over the priced node groups. */
  readonly hourlyUsd: number;
  readonly monthlyUsd: number;
  readonly maxNodes: number;
  /** Node groups left out of the totals: no price in the catalog for their region. */
  readonly unpriced: readonly NodeGroupCeiling[];
}

/**
 * Money is summed in integers: catalog prices have at most 3 decimals, so a group's hourly cost is a whole
 * number of mills, and a month (730 h = 73 x 10) of it a whole number of cents. No floating-point noise.
 */
function mills(usd: number): number {
  return Math.round(usd * 1000);
}

/** The ceiling of every GPU node group of every region (hybrid nodes are on-prem: not billed by AWS, not counted). */
export function computeCostCeiling(config: Pick<FleetConfig, 'regions'>): CostCeiling {
  const nodeGroups: NodeGroupCeiling[] = [];
  for (const region of config.regions) {
    for (const pool of region.gpuPools) {
      for (const group of gpuNodeGroupsOf(pool)) {
        const base = {
          region: region.name,
          pool: pool.name,
          nodeGroup: group.name,
          capacityType: group.capacityType,
          maxSize: group.maxSize,
        };
        let pricedAs: string | undefined;
        let nodeHourlyUsd: number | undefined;
        for (const type of group.instanceTypes) {
          const price = GPU_INSTANCES[type]?.hourlyUsd[region.name];
          if (price === undefined) {
            // One unpriced type makes the worst case unknown: no number rather than a wrong one.
            pricedAs = undefined;
            nodeHourlyUsd = undefined;
            break;
          }
          if (nodeHourlyUsd === undefined || price > nodeHourlyUsd) {
            pricedAs = type;
            nodeHourlyUsd = price;
          }
        }
        if (nodeHourlyUsd === undefined) {
          nodeGroups.push(base);
        } else {
          const hourlyMills = mills(nodeHourlyUsd) * group.maxSize;
          nodeGroups.push({ ...base, pricedAs, nodeHourlyUsd, hourlyUsd: hourlyMills / 1000, monthlyUsd: (hourlyMills * HOURS_PER_MONTH) / 1000 });
        }
      }
    }
  }
  const priced = nodeGroups.filter((g) => g.hourlyUsd !== undefined);
  const hourlyMills = priced.reduce((sum, g) => sum + mills(g.hourlyUsd!), 0);
  return {
    catalogDate: CATALOG_DATE,
    hoursPerMonth: HOURS_PER_MONTH,
    nodeGroups,
    hourlyUsd: hourlyMills / 1000,
    monthlyUsd: Math.round(hourlyMills * HOURS_PER_MONTH) / 1000,
    maxNodes: nodeGroups.reduce((sum, g) => sum + g.maxSize, 0),
    unpriced: nodeGroups.filter((g) => g.hourlyUsd === undefined),
  };
}

/** `1234.5` -> `$1,234.50`; hourly figures keep a third decimal when they have one (`$0.526`). */
export function formatUsd(usd: number, decimals = 2): string {
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: Math.max(decimals, 3) })}`;
}

export const COST_CEILING_TITLE = 'Burst cost ceiling';

/** The cost-ceiling section; nothing when the renderer was given no config. */
export function costCeilingSection(context: SummaryContext): SummaryPart | undefined {
  const config = context.input.config;
  if (!config) return undefined;
  return costCeilingPart(computeCostCeiling(config));
}

export function costCeilingPart(ceiling: CostCeiling): SummaryPart {
  const intro = paragraph(
    `On-demand cost if every GPU node group ran at its max size, from the embedded price catalog of ${ceiling.catalogDate} ` +
      `(model/catalog/instances.ts; monthly = ${ceiling.hoursPerMonth} h). Worst case: a group with several instance types ` +
      'is priced at its most expensive type, and spot groups are priced on-demand.',
  );
  if (ceiling.nodeGroups.length === 0) {
    return { title: COST_CEILING_TITLE, blocks: [intro, paragraph('No GPU node groups are configured: $0.00 per hour.')] };
  }
  const rows = ceiling.nodeGroups.map((g) => {
    const money = g.hourlyUsd === undefined ? ['no price', 'no price', 'no price'] : [formatUsd(g.nodeHourlyUsd!, 3), formatUsd(g.hourlyUsd), formatUsd(g.monthlyUsd!)];
    const capacity = g.capacityType === 'SPOT' ? 'spot' : 'on-demand';
    return [g.region, `\`${g.nodeGroup}\``, capacity, String(g.maxSize), g.pricedAs ? `\`${g.pricedAs}\`` : '–', ...money];
  });
  const total = ['**Total**', `${ceiling.nodeGroups.length} node groups`, '', String(ceiling.maxNodes), '', '', `**${formatUsd(ceiling.hourlyUsd)}**`, `**${formatUsd(ceiling.monthlyUsd)}**`];
  const partial = ceiling.unpriced.length > 0;
  const blocks: SummaryPart['blocks'] = [
    intro,
    {
      kind: 'table',
      header: ['Region', 'Node group', 'Capacity', 'Max nodes', 'Priced as', 'Per node-hour', 'Per hour', 'Per month'],
      align: ['left', 'left', 'left', 'right', 'left', 'right', 'right', 'right'],
      rows: [...rows, total],
      keepLastRow: true,
    },
  ];
  const regions = [...new Set(ceiling.unpriced.map((g) => g.region))].join(', ');
  const unpricedNote = `The catalog has no price for ${regions}: ${ceiling.unpriced.length} node group(s) show "no price" and are not in the total, which is therefore a lower bound.`;
  return {
    title: `${COST_CEILING_TITLE}: ${formatUsd(ceiling.hourlyUsd)}/hour, ${formatUsd(ceiling.monthlyUsd)}/month${partial ? ' (priced node groups only)' : ''}`,
    blocks: partial ? [...blocks, paragraph(unpricedNote)] : blocks,
  };
}
