import { exampleWithConfig, infraResourcesUnder, withoutEdgeAndTriton } from '../../../support/scenarios';

// The AWS side of on-prem GPU servers joined as EKS Hybrid Nodes: VPN, routes, SSM role, access entry.
it('hybrid nodes over a site-to-site VPN', () => {
  expect(infraResourcesUnder(exampleWithConfig(withoutEdgeAndTriton), ['us-west-2/hybrid-nodes'])).toMatchSnapshot();
});
