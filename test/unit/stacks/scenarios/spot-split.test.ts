import { exampleWithConfig, infraResourcesUnder, withoutEdgeAndTriton } from '../../../support/scenarios';

// One spot-then-on-demand pool: a spot and an on-demand node group, scale-from-zero tags, launch templates.
it('a spot-then-on-demand burst pool split into two node groups', () => {
  expect(infraResourcesUnder(exampleWithConfig(withoutEdgeAndTriton), ['eu-west-1/gpu-pool-burst'])).toMatchSnapshot();
});
