import { gatewayLevelSection, GATEWAY_LEVELS_TITLE } from '../../../scripts/summary/gateway-levels';
import { renderMarkdown } from '../../../scripts/summary/render-markdown';
import { exampleWithConfig } from '../../support/scenarios';
import { exampleConfig } from '../../support/fixtures';

describe('plan summary: the gateway degradation level', () => {
  it('shows the level in force from config per region, with the tiers it admits and refuses', () => {
    const shedding = exampleWithConfig((config) => (config.gateway.defaultLevel = 'shed-free'));
    const markdown = renderMarkdown({ parts: [gatewayLevelSection(shedding)!] });
    expect(markdown).toContain(`## ${GATEWAY_LEVELS_TITLE}`);
    expect(markdown).toContain('| us-west-2 | `shed-free` | premium, enterprise | free | none |');
    expect(markdown).toContain('| eu-west-1 | `shed-free` | premium, enterprise | free | none |');
    expect(markdown).toContain('Other levels: `normal`, `premium-only`, `core-models`.');
  });

  it('names the models a level switches off, and every tier for a level without admitTiers', () => {
    const markdown = renderMarkdown({ parts: [gatewayLevelSection(exampleWithConfig((config) => (config.gateway.defaultLevel = 'core-models')))!] });
    expect(markdown).toContain('| us-west-2 | `core-models` | premium, enterprise, free | none | text-embedder |');
    expect(renderMarkdown({ parts: [gatewayLevelSection(exampleConfig)!] })).toContain('| eu-west-1 | `normal` | premium, enterprise, free | none | none |');
  });

  it('is absent without a gateway', () => {
    expect(gatewayLevelSection(exampleWithConfig((config) => delete config.gateway))).toBeUndefined();
  });
});
