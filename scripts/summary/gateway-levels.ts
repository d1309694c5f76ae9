/**
 * The inference gateway's degradation level in force, per region, as the config sets it (`gateway.defaultLevel`,
 * written to each cluster's level ConfigMap by the gateway release), with what that level admits. Pure: config in,
 * a part out. An operator's `npm run gateway -- level` switch is live state, not config: the section says so.
 */
import type { FleetConfig } from '../../config/schema';
import type { SummaryPart } from './model';
import { paragraph } from './model';

export const GATEWAY_LEVELS_TITLE = 'Inference gateway: degradation level';

/** The section for `config`; undefined when the fleet has no gateway. */
export function gatewayLevelSection(config: Pick<FleetConfig, 'regions' | 'gateway' | 'triton'>): SummaryPart | undefined {
  const { gateway, triton } = config;
  if (!gateway || !triton) return undefined;
  const level = gateway.levels[gateway.defaultLevel];
  const tiers = Object.entries(triton.tiers).sort(([, a], [, b]) => a - b).map(([name]) => name);
  const admitted = level.admitTiers ?? tiers;
  const refused = tiers.filter((tier) => !admitted.includes(tier));
  const rows = config.regions.map((region) => [
    region.name,
    `\`${gateway.defaultLevel}\``,
    admitted.join(', '),
    refused.length > 0 ? refused.join(', ') : 'none',
    level.disabledModels.length > 0 ? level.disabledModels.join(', ') : 'none',
  ]);
  const others = Object.keys(gateway.levels).filter((name) => name !== gateway.defaultLevel);
  return {
    title: GATEWAY_LEVELS_TITLE,
    priority: 'normal',
    blocks: [
      { kind: 'table', header: ['Region', 'Level in force (config)', 'Tiers admitted', 'Tiers refused (503)', 'Models off'], rows },
      paragraph(
        `Other levels: ${others.length > 0 ? others.map((name) => `\`${name}\``).join(', ') : 'none'}. ` +
          'A switch with `npm run gateway -- level <region> <level>` takes effect in seconds and is not in this plan; ' +
          'it stays until `gateway.defaultLevel` changes here and is applied.',
      ),
    ],
  };
}
