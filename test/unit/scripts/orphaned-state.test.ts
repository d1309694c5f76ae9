import * as fs from 'fs';
import * as path from 'path';
import { allDangers } from '../../../scripts/lib/danger';
import { findOrphanedState } from '../../../scripts/lib/orphaned-state';
import { strayStateKeys } from '../../../scripts/lib/remote-state';
import { findStateLeftBehind } from '../../../scripts/lib/state-left-behind';
import { buildContext, renderSummary } from '../../../scripts/lib/plan-summary';
import type { StackReport } from '../../../scripts/summary/model';
import { tempDir } from '../../support/temp-dir';

/** A state file as terraform writes it, with `count` managed instances and one data source. */
function state(count: number): string {
  const managed = Array.from({ length: count }, (_, i) => ({ mode: 'managed', type: 'aws_s3_bucket', name: `b${i}`, instances: [{ attributes: {} }] }));
  return JSON.stringify({ version: 4, resources: [...managed, { mode: 'data', type: 'aws_partition', name: 'p', instances: [{}] }] });
}

function outdirWith(files: Record<string, string>): string {
  const outdir = tempDir('spillway-orphans-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(outdir, file)), { recursive: true });
    fs.writeFileSync(path.join(outdir, file), text);
  }
  return outdir;
}

describe('findOrphanedState', () => {
  it('finds the local state of stacks the app no longer has, counting managed resources only', () => {
    const outdir = outdirWith({
      'stacks/spillway-prod-infra/terraform.spillway-prod-infra.tfstate': state(3),
      'stacks/spillway-prod-infra/terraform.spillway-prod-infra.tfstate.backup': state(3),
      'stacks/spillway-staging-infra/terraform.spillway-staging-infra.tfstate': state(2),
      'stacks/spillway-empty/terraform.spillway-empty.tfstate': state(0),
      'stacks/spillway-stale/cdk.tf.json': '{}',
    });
    expect(findOrphanedState(outdir, ['spillway-staging-infra'])).toEqual([
      { stack: 'spillway-prod-infra', stateFile: path.join('stacks', 'spillway-prod-infra', 'terraform.spillway-prod-infra.tfstate'), resources: 3 },
    ]);
  });

  it('finds nothing without a stacks directory', () => {
    expect(findOrphanedState(outdirWith({}), [])).toEqual([]);
  });
});

describe('strayStateKeys', () => {
  const location = { keyPrefix: 'spillway/prod' };
  it('keeps state keys directly under the prefix that no current stack owns', () => {
    const keys = [
      'spillway/prod/spillway-prod-infra.tfstate',
      'spillway/prod/spillway-prod-infra.tfstate.tflock',
      'spillway/prod/spillway-staging-infra.tfstate',
      'spillway/prod/archive/spillway-old.tfstate',
      'spillway/prod/notes.txt',
      'spillway/production/spillway-x.tfstate',
    ];
    expect(strayStateKeys(keys, location, ['spillway-prod-infra'])).toEqual(['spillway/prod/spillway-staging-infra.tfstate']);
  });

  it('treats the prefix literally, not as a pattern', () => {
    expect(strayStateKeys(['spillwayXprod/a.tfstate', 'spillway.prod/a.tfstate'], { keyPrefix: 'spillway.prod' }, [])).toEqual(['spillway.prod/a.tfstate']);
  });
});

describe('state left behind in the danger section', () => {
  const renamed: StackReport = {
    stack: 'spillway-production-infra',
    status: 'planned',
    plan: { resource_changes: [{ address: 'aws_s3_bucket.b0', type: 'aws_s3_bucket', change: { actions: ['create'] } }] },
  };
  const orphanedState = [{ stack: 'spillway-prod-infra', stateFile: 'cdktf.out/stacks/spillway-prod-infra/terraform.spillway-prod-infra.tfstate', resources: 3 }];

  it('is a danger naming the old state and the stack that plans only creations', () => {
    const dangers = allDangers(buildContext({ mode: 'preview', stacks: [renamed], orphanedState }));
    expect(dangers).toHaveLength(1);
    expect(dangers[0]).toMatchObject({ stack: 'spillway-prod-infra', kind: 'orphaned', address: orphanedState[0].stateFile });
    const markdown = renderSummary({ mode: 'preview', stacks: [renamed], orphanedState });
    expect(markdown).toContain(
      '| `spillway-prod-infra` | `cdktf.out/stacks/spillway-prod-infra/terraform.spillway-prod-infra.tfstate` | **state left behind** | no longer in the app; its state holds 3 resources |',
    );
    expect(markdown).toContain('`spillway-production-infra` plans only creations');
  });

  it('names the new state location of the stack that plans only creations, next to the old one', () => {
    const s3Orphan = [{ stack: 'spillway-prod-infra', stateFile: 's3://state/spillway/spillway-prod-infra.tfstate', resources: 3 }];
    const stateLocations = { 'spillway-production-infra': 's3://state/spillway/spillway-production-infra.tfstate' };
    const markdown = renderSummary({ mode: 'real', stacks: [renamed], orphanedState: s3Orphan, stateLocations });
    expect(markdown).toContain('| `spillway-prod-infra` | `s3://state/spillway/spillway-prod-infra.tfstate` | **state left behind** |');
    expect(markdown).toContain('`spillway-production-infra` (state `s3://state/spillway/spillway-production-infra.tfstate`) plans only creations');
  });

  it('is absent when no state is left behind', () => {
    expect(allDangers(buildContext({ mode: 'preview', stacks: [renamed] }))).toEqual([]);
  });
});

describe('findStateLeftBehind', () => {
  const s3 = { type: 's3', bucket: 'state', keyPrefix: 'spillway/prod', region: 'us-west-2' } as const;

  it('makes no AWS call in preview mode, says the prefix was not listed, and names each stack s3 location', async () => {
    const outdir = outdirWith({ 'stacks/spillway-old/terraform.spillway-old.tfstate': state(1) });
    const lines: string[] = [];
    const found = await findStateLeftBehind({
      backend: s3,
      stacks: [{ name: 'spillway-prod-infra', dir: path.join(outdir, 'stacks', 'spillway-prod-infra'), dependencies: [], json: {} }],
      outdir,
      plansDir: path.join(outdir, 'plans'),
      mode: 'preview',
      env: { PATH: '/nonexistent' }, // terraform cannot even be found: preview must not try
      displayRoot: outdir,
      log: (line) => lines.push(line),
    });
    expect(found.orphaned).toEqual([{ stack: 'spillway-old', stateFile: path.join('stacks', 'spillway-old', 'terraform.spillway-old.tfstate'), resources: 1 }]);
    expect(found.locations).toEqual({ 'spillway-prod-infra': 's3://state/spillway/prod/spillway-prod-infra.tfstate' });
    expect(lines).toEqual([expect.stringContaining('State prefix s3://state/spillway/prod/ not listed: preview mode')]);
  });
});
