import { exampleWithConfig, infraResourcesUnder, withoutEdgeAndTriton } from '../../../support/scenarios';

// The regional foundation alone: one region's network, private cluster, add-ons and system nodes.
it('a minimal fleet: one region, system nodes only, nothing global', () => {
  const config = exampleWithConfig((raw) => {
    withoutEdgeAndTriton(raw);
    raw.regions = [{ ...raw.regions[0], gpuPools: [] }];
    delete raw.regions[0].hybridNodes;
    delete raw.maxGpus;
  });
  expect(infraResourcesUnder(config, ['us-west-2'])).toMatchSnapshot();
});
