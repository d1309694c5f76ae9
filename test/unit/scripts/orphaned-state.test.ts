import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allDangers } from '../../../scripts/lib/danger';
import { findOrphanedState } from '../../../scripts/lib/orphaned-state';
import { buildContext, renderSummary } from '../../../scripts/lib/plan-summary';
import type { StackReport } from '../../../scripts/summary/model';

/** A state file as terraform writes it, with `count` managed instances and one data source. */
function state(count: number): string {
  const managed = Array.from({ length: count }, (_, i) => ({ mode: 'managed', type: 'aws_s3_bucket', name: `b${i}`, instances: [{ attributes: {} }] }));
  return JSON.stringify({ version: 4, resources: [...managed, { mode: 'data', type: 'aws_partition', name: 'p', instances: [{}] }] });
}

function outdirWith(files: Record<string, string>): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-orphans-'));
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

  it('is absent when no state is left behind', () => {
    expect(allDangers(buildContext({ mode: 'preview', stacks: [renamed] }))).toEqual([]);
  });
});
