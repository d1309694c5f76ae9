import { Testing } from 'cdktf';
import { synthesizedStacks } from '../../support/fixtures';

/**
 * The example at a glance: the resource inventory of every stack (an added, removed or renamed resource
 * is one line of diff) and the workloads stacks as HCL. Scenario snapshots of InfraStack's features are in
 * scenarios/, one per file. Update with `npm run test:update` and read the diff before committing.
 */
const { infra, workloads } = synthesizedStacks();

describe('the example', () => {
  it('resource inventory: every address of every stack', () => {
    const inventory = Object.fromEntries(
      [infra, ...workloads].map((stack) => {
        const resources = (JSON.parse(Testing.synth(stack)).resource ?? {}) as Record<string, Record<string, unknown>>;
        const addresses = Object.entries(resources).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
        return [stack.node.id, addresses.sort()];
      }),
    );
    expect(inventory).toMatchSnapshot();
  });

  it.each(workloads.map((stack) => [stack.node.id, stack] as const))('%s as HCL', (_id, stack) => {
    expect(Testing.synthHcl(stack)).toMatchSnapshot();
  });
});

describe('logical IDs', () => {
  it.each([infra, ...workloads].map((stack) => [stack.node.id, stack] as const))('of %s never embed an unresolved token', (_id, stack) => {
    // A token's text depends on how many tokens were created before it: an id built from one would
    // change between runs and make Terraform destroy and recreate the resource.
    const synth = JSON.parse(Testing.synth(stack));
    const ids = Object.values<Record<string, unknown>>(synth.resource ?? {}).flatMap((resources) => Object.keys(resources));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => /token/i.test(id))).toEqual([]);
  });
});
