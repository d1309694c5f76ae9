/**
 * A plan that `prevent_destroy` stops, from a real terraform run: the summary's danger section names the
 * blocked resource and the attribute that forced its replacement, read from a second plan with the
 * protection lifted for exactly that resource; the override that lifted it is gone afterwards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findBlockedDangers } from '../../scripts/lib/danger';
import { planStacks, StackOutcome } from '../../scripts/lib/plan-stacks';
import { EXPLAIN_OVERRIDE_FILE, blockedByPreventDestroy, liftPreventDestroy } from '../../scripts/lib/prevent-destroy';
import { renderSummary } from '../../scripts/lib/plan-summary';
import { prepareTerraformCli } from '../../scripts/lib/terraform-cli-config';
import { AWS, PROJECT_ROOT, describeWithTerraform, stateFile, writeOutdir } from './terraform-fixtures';

/** State: the models bucket under its old name; config: a new name (forces a new bucket) and prevent_destroy. */
const protectedStack = {
  name: 'protected-bucket',
  json: {
    terraform: { required_providers: { aws: AWS } },
    provider: { aws: [{ region: 'us-west-2' }] },
    resource: {
      aws_s3_bucket: { models: { bucket: 'spillway-models-renamed', lifecycle: { prevent_destroy: true } } },
      aws_iam_role: { reader: { name: 'spillway-reader', assume_role_policy: '{}' } },
    },
  },
  files: {
    'terraform.tfstate': stateFile([{ type: 'aws_s3_bucket', name: 'models', attributes: { id: 'spillway-models', bucket: 'spillway-models' } }]),
  },
};

describeWithTerraform('a plan stopped by prevent_destroy (real terraform, preview mode)', (mirror) => {
  let outdir: string;
  let outcome: StackOutcome;

  beforeAll(async () => {
    outdir = writeOutdir('prevent-destroy', [protectedStack]);
    const plansDir = path.join(outdir, 'plans');
    const cli = prepareTerraformCli({ plansDir, projectRoot: PROJECT_ROOT, mirror });
    const result = await planStacks({ outdir, plansDir, mode: 'preview', extraEnv: cli.env, displayRoot: outdir });
    [outcome] = result.outcomes;
  });

  afterAll(() => {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('fails the stack with terraform own error, and keeps the plan made with the protection lifted', () => {
    expect(outcome.report.status).toBe('failed');
    if (outcome.report.status !== 'failed') return;
    expect(outcome.report.error).toContain('Instance cannot be destroyed');
    expect(blockedByPreventDestroy(outcome.report.error)).toEqual(['aws_s3_bucket.models']);
    expect(outcome.report.blockedPlan?.resource_changes?.find((change) => change.address === 'aws_s3_bucket.models')?.change).toMatchObject({
      actions: ['delete', 'create'],
      replace_paths: [['bucket']],
    });
  });

  it('names the blocked bucket and the attribute that forced it in the danger section', () => {
    const failed = outcome.report.status === 'failed' ? [outcome.report] : [];
    expect(findBlockedDangers(failed).map(({ address, kind, forcedBy, blocked }) => ({ address, kind, forcedBy, blocked }))).toEqual([
      { address: 'aws_s3_bucket.models', kind: 'replace', forcedBy: ['bucket'], blocked: true },
    ]);
    const markdown = renderSummary({ mode: 'preview', stacks: [outcome.report] });
    expect(markdown).toContain('| `protected-bucket` | `aws_s3_bucket.models` | **replace**, blocked by `prevent_destroy` (the plan failed) | `bucket` |');
    expect(markdown).not.toContain('not planned, so not checked');
  });

  it('leaves neither the override nor the explaining plan behind', () => {
    expect(fs.readdirSync(path.join(outdir, 'stacks', protectedStack.name))).not.toContain(EXPLAIN_OVERRIDE_FILE);
    expect(fs.readdirSync(path.join(outdir, 'plans')).filter((file) => file.includes('blocked'))).toEqual([]);
  });
});

describe('liftPreventDestroy', () => {
  it('lifts the protection of root resources by type and name, whatever their index', () => {
    expect(liftPreventDestroy(['aws_s3_bucket.a', 'aws_s3_bucket.b[0]', 'aws_vpc.main["x"]', 'module.m.aws_vpc.v'])).toEqual({
      resource: {
        aws_s3_bucket: { a: { lifecycle: { prevent_destroy: false } }, b: { lifecycle: { prevent_destroy: false } } },
        aws_vpc: { main: { lifecycle: { prevent_destroy: false } } },
      },
    });
  });
});
