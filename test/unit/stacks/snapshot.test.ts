import { Testing } from 'cdktf';
import { synthesizedStacks } from '../../support/fixtures';

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

describe('logical IDs', () => {
  const { infra, workloads } = synthesizedStacks();

  it.each([infra, ...workloads].map((stack) => [stack.node.id, stack] as const))('of %s never embed an unresolved token', (_id, stack) => {
    // A token's text depends on how many tokens were created before it: an id built from one would
    // change between runs and make Terraform destroy and recreate the resource.
    const synth = JSON.parse(Testing.synth(stack));
    const ids = Object.values<Record<string, unknown>>(synth.resource ?? {}).flatMap((resources) => Object.keys(resources));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => /token/i.test(id))).toEqual([]);
  });
});
