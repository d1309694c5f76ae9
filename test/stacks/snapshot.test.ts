import { Testing } from 'cdktf';
import { synthesizedStacks } from './fixtures';

/**
 * HCL snapshots of every stack of the example: any change to a logical ID, an attribute or a pin shows up
 * in review as a snapshot diff. Update with `npm run test:update` and read the diff before committing.
 */
describe('HCL snapshots of the example config', () => {
  const { infra, workloads } = synthesizedStacks();

  it('InfraStack', () => {
    expect(Testing.synthHcl(infra)).toMatchSnapshot();
  });

  it.each(workloads.map((stack) => [stack.node.id, stack] as const))('%s', (_id, stack) => {
    expect(Testing.synthHcl(stack)).toMatchSnapshot();
  });
});
