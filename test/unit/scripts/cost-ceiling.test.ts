import * as path from 'path';
import { CATALOG_DATE } from '../../../model/catalog/instances';
import { loadConfig } from '../../../config/load';
import { FleetConfig } from '../../../config/schema';
import { CostCeiling, computeCostCeiling, costCeilingPart, formatUsd } from '../../../scripts/lib/cost-ceiling';
import { renderSummary } from '../../../scripts/lib/plan-summary';
import type { Table } from '../../../scripts/summary/model';
import { renderPart } from '../../../scripts/summary/render-markdown';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'config', 'environments', 'example.yaml');
const renderCostCeiling = (ceiling: CostCeiling): string => renderPart(costCeilingPart(ceiling));

describe('burst cost ceiling', () => {
  const config = loadConfig(EXAMPLE);

  it('prices every GPU node group of the example at max size, on-demand, most expensive type', () => {
    const ceiling = computeCostCeiling(config);
    expect(ceiling.catalogDate).toBe(CATALOG_DATE);
    expect(ceiling.nodeGroups.map((g) => [g.region, g.nodeGroup, g.maxSize, g.pricedAs, g.hourlyUsd, g.monthlyUsd])).toEqual([
      // 2 x 0.526 = 1.052 /h; x 730 = 767.96
      ['us-west-2', 'baseline', 2, 'g4dn.xlarge', 1.052, 767.96],
      // burst lists xlarge, 2xlarge, 4xlarge: priced at 4xlarge (1.204); spot priced on-demand: 6 x 1.204 = 7.224
      ['us-west-2', 'burst-spot', 6, 'g4dn.4xlarge', 7.224, 5273.52],
      // the on-demand fallback group of a spot-then-on-demand pool has the pool's max too
      ['us-west-2', 'burst-on-demand', 6, 'g4dn.4xlarge', 7.224, 5273.52],
      ['eu-west-1', 'baseline', 2, 'g4dn.xlarge', 1.174, 857.02],
      ['eu-west-1', 'burst-spot', 4, 'g4dn.2xlarge', 3.352, 2446.96],
      ['eu-west-1', 'burst-on-demand', 4, 'g4dn.2xlarge', 3.352, 2446.96],
    ]);
    expect(ceiling.hourlyUsd).toBe(23.378);
    expect(ceiling.monthlyUsd).toBe(17065.94);
    expect(ceiling.maxNodes).toBe(24);
    expect(ceiling.unpriced).toEqual([]);
  });

  it('renders per node group and total, with the catalog date and the worst-case rule', () => {
    const markdown = renderCostCeiling(computeCostCeiling(config));
    expect(markdown).toMatch(/^## Burst cost ceiling: \$23\.378\/hour, \$17,065\.94\/month\n/);
    expect(markdown).toContain(`price catalog of ${CATALOG_DATE}`);
    expect(markdown).toContain('priced at its most expensive type');
    expect(markdown).toContain('| us-west-2 | `burst-spot` | spot | 6 | `g4dn.4xlarge` | $1.204 | $7.224 | $5,273.52 |');
    expect(markdown).toContain('| **Total** | 6 node groups | | 24 | | | **$23.378** | **$17,065.94** |');
    // The Total row is marked as the one a shortened comment keeps when it drops rows.
    const table = costCeilingPart(computeCostCeiling(config)).blocks.find((b): b is Table => b.kind === 'table')!;
    expect(table.keepLastRow).toBe(true);
    expect(table.rows[table.rows.length - 1][0]).toBe('**Total**');
  });

  it('shows "no price" for a region the catalog does not price, and keeps it out of the total', () => {
    const unpricedRegion = { ...config.regions[1], name: 'ap-south-1' };
    const ceiling = computeCostCeiling({ regions: [unpricedRegion, config.regions[0]] } as Pick<FleetConfig, 'regions'>);
    expect(ceiling.unpriced.map((g) => g.nodeGroup)).toEqual(['baseline', 'burst-spot', 'burst-on-demand']);
    expect(ceiling.unpriced.every((g) => g.hourlyUsd === undefined && g.monthlyUsd === undefined)).toBe(true);
    // us-west-2 only: 1.052 + 7.224 + 7.224
    expect(ceiling.hourlyUsd).toBe(15.5);
    expect(ceiling.monthlyUsd).toBe(11315);
    const markdown = renderCostCeiling(ceiling);
    expect(markdown).toContain('| ap-south-1 | `baseline` | on-demand | 2 | – | no price | no price | no price |');
    expect(markdown).toContain('(priced node groups only)');
    expect(markdown).toContain('The catalog has no price for ap-south-1: 3 node group(s) show "no price" and are not in the total');
  });

  it('says $0 when no GPU pool is configured', () => {
    const ceiling = computeCostCeiling({ regions: config.regions.map((r) => ({ ...r, gpuPools: [] })) });
    expect(ceiling.hourlyUsd).toBe(0);
    expect(renderCostCeiling(ceiling)).toContain('No GPU node groups are configured: $0.00 per hour.');
  });

  it('is a section of the summary when the config is passed, and absent otherwise', () => {
    expect(renderSummary({ mode: 'preview', stacks: [], config })).toContain('## Burst cost ceiling: $23.378/hour');
    expect(renderSummary({ mode: 'preview', stacks: [] })).not.toContain('Burst cost ceiling');
  });

  it.each([
    [0, '$0.00'],
    [1.5, '$1.50'],
    [0.526, '$0.526'],
    [17065.94, '$17,065.94'],
  ])('formatUsd(%p) = %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});
