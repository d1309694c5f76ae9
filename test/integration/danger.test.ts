/**
 * The danger section and --fail-on-danger over plan JSON from real terraform runs (preview mode, provider
 * mirror, offline): prior state files built for the test, `terraform plan -refresh=false`, so terraform
 * itself decides the EKS cluster replacement and the bucket destroy. One outdir, one init per stack.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { STICKY_COMMENT_MARKER, renderComment } from '../../scripts/lib/comment-limit';
import { DANGEROUS_RESOURCE_TYPES, DANGER_TITLE, findDangers, formatAttributePath } from '../../scripts/lib/danger';
import { StackOutcome, planStacks } from '../../scripts/lib/plan-stacks';
import { PlanJson, StackReport, buildContext, buildSummary, renderSummary } from '../../scripts/lib/plan-summary';
import { prepareTerraformCli } from '../../scripts/lib/terraform-cli-config';
import { renderMarkdown } from '../../scripts/summary/render-markdown';
import { DANGER_EXIT_CODE, dangersIn, planExitCode } from '../../scripts/plan';
import { AWS, PROJECT_ROOT, describeWithTerraform, stateFile, writeOutdir } from './terraform-fixtures';
import { PROTECTED_RESOURCE_TYPES } from '../../model/contracts';

const PROVIDER = { aws: [{ region: 'us-west-2' }] };
const ACCOUNT = '123456789012';
const DANGER_HEADING = `## ${DANGER_TITLE}`;

/** State: cluster `spillway-old`; config: the same cluster named `spillway-new` (name forces a new cluster). */
const clusterStack = {
  name: 'danger-cluster',
  json: {
    terraform: { required_providers: { aws: AWS } },
    provider: PROVIDER,
    resource: {
      aws_eks_cluster: {
        cluster: {
          name: 'spillway-new',
          role_arn: `arn:aws:iam::${ACCOUNT}:role/eks`,
          vpc_config: { subnet_ids: ['subnet-1', 'subnet-2'], endpoint_private_access: true, endpoint_public_access: false },
        },
      },
    },
  },
  files: {
    'terraform.tfstate': stateFile([
      {
        type: 'aws_eks_cluster',
        name: 'cluster',
        attributes: {
          id: 'spillway-old',
          name: 'spillway-old',
          arn: `arn:aws:eks:us-west-2:${ACCOUNT}:cluster/spillway-old`,
          role_arn: `arn:aws:iam::${ACCOUNT}:role/eks`,
          version: '1.33',
          bootstrap_self_managed_addons: true,
          vpc_config: [
            {
              subnet_ids: ['subnet-1', 'subnet-2'],
              endpoint_private_access: true,
              endpoint_public_access: false,
              security_group_ids: [],
              public_access_cidrs: [],
              cluster_security_group_id: 'sg-1',
              vpc_id: 'vpc-1',
            },
          ],
          tags: {},
          tags_all: {},
        },
      },
    ]),
  },
};

/**
 * State: bucket `gone` (no longer declared: destroyed) and role `worker` under an old name (replaced, but
 * an IAM role is not stateful: not a danger). Config: the role renamed and a new bucket (an add).
 */
const bucketStack = {
  name: 'danger-bucket',
  json: {
    terraform: { required_providers: { aws: AWS } },
    provider: PROVIDER,
    resource: {
      aws_iam_role: { worker: { name: 'spillway-worker-v2', assume_role_policy: '{}' } },
      aws_s3_bucket: { fresh: { bucket: 'spillway-test-fresh' } },
    },
  },
  files: {
    'terraform.tfstate': stateFile([
      { type: 'aws_s3_bucket', name: 'gone', attributes: { id: 'spillway-test-gone', bucket: 'spillway-test-gone' } },
      {
        type: 'aws_iam_role',
        name: 'worker',
        attributes: {
          id: 'spillway-worker',
          name: 'spillway-worker',
          arn: `arn:aws:iam::${ACCOUNT}:role/spillway-worker`,
          assume_role_policy: '{}',
          path: '/',
          max_session_duration: 3600,
          force_detach_policies: false,
          tags: {},
          tags_all: {},
        },
      },
    ]),
  },
};

describeWithTerraform('danger section over real terraform plans (preview mode, provider mirror)', (mirror) => {
  let outdir: string;
  let outcomes: readonly StackOutcome[];
  const reportOf = (name: string): StackReport => outcomes.find((o) => o.report.stack === name)!.report;
  const planOf = (name: string): PlanJson => {
    const report = reportOf(name);
    if (report.status !== 'planned') throw new Error(`${name} was not planned: ${JSON.stringify(report)}`);
    return report.plan;
  };
  const actionsOf = (plan: PlanJson, address: string) => plan.resource_changes!.find((rc) => rc.address === address)!.change;

  beforeAll(async () => {
    outdir = writeOutdir('danger', [clusterStack, bucketStack]);
    const plansDir = path.join(outdir, 'plans');
    const cli = prepareTerraformCli({ plansDir, projectRoot: PROJECT_ROOT, mirror });
    const result = await planStacks({ outdir, plansDir, mode: 'preview', extraEnv: cli.env, displayRoot: outdir });
    outcomes = result.outcomes;
    expect(result.failed).toBe(false);
  });

  afterAll(() => {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('terraform itself replaces the cluster because of its name and destroys the undeclared bucket', () => {
    const cluster = actionsOf(planOf('danger-cluster'), 'aws_eks_cluster.cluster');
    expect(cluster.actions).toEqual(['delete', 'create']);
    expect(cluster.replace_paths).toEqual([['name']]);
    expect(actionsOf(planOf('danger-bucket'), 'aws_s3_bucket.gone').actions).toEqual(['delete']);
    expect(actionsOf(planOf('danger-bucket'), 'aws_iam_role.worker').actions).toEqual(['delete', 'create']);
  });

  it('lists exactly the stateful destroys and replacements, with the forcing attribute', () => {
    const context = buildContext({ mode: 'preview', stacks: outcomes.map((o) => o.report) });
    const dangers = findDangers(context.planned);
    expect(dangers.map(({ stack, address, kind, forcedBy, reason }) => ({ stack, address, kind, forcedBy, reason }))).toEqual([
      {
        stack: 'danger-cluster',
        address: 'aws_eks_cluster.cluster',
        kind: 'replace',
        forcedBy: ['name'],
        reason: 'an attribute cannot be updated in place',
      },
      { stack: 'danger-bucket', address: 'aws_s3_bucket.gone', kind: 'destroy', forcedBy: [], reason: 'no longer in the configuration' },
    ]);
  });

  it('renders the danger table right after the overview', () => {
    const markdown = renderSummary({ mode: 'preview', stacks: outcomes.map((o) => o.report) });
    expect(markdown).toContain(`${DANGER_HEADING} (2)`);
    expect(markdown).toContain('| Stack | Resource | Action | Forced by | Why it matters |');
    expect(markdown).toContain(
      `| \`danger-cluster\` | \`aws_eks_cluster.cluster\` | **replace** (destroy, then create) | \`name\` | ${DANGEROUS_RESOURCE_TYPES.aws_eks_cluster} |`,
    );
    expect(markdown).toContain(
      `| \`danger-bucket\` | \`aws_s3_bucket.gone\` | **destroy** | no longer in the configuration | ${DANGEROUS_RESOURCE_TYPES.aws_s3_bucket} |`,
    );
    expect(markdown).not.toMatch(/\| `aws_iam_role\.worker` \|/);
    expect(markdown.indexOf('## Danger')).toBeGreaterThan(markdown.indexOf('| **Total** |'));
    expect(markdown.indexOf('## Danger')).toBeLessThan(markdown.indexOf('## `danger-cluster`'));
  });

  it('decides the exit code: 2 with --fail-on-danger and dangers, 0 without the flag or without dangers, 1 on failure', () => {
    const all = { mode: 'preview' as const, stacks: outcomes.map((o) => o.report) };
    const dangers = dangersIn(all).length;
    expect(dangers).toBe(2);
    expect(planExitCode({ failed: false, dangers, failOnDanger: true })).toBe(DANGER_EXIT_CODE);
    expect(DANGER_EXIT_CODE).not.toBe(0);
    expect(planExitCode({ failed: false, dangers, failOnDanger: false })).toBe(0);
    expect(planExitCode({ failed: false, dangers: 0, failOnDanger: true })).toBe(0);
    expect(planExitCode({ failed: true, dangers, failOnDanger: true })).toBe(1);
  });

  it('keeps the danger table whole when a huge waiver list must be cut to fit a comment', () => {
    const waivedGuardrails = Array.from({ length: 3000 }, (_, i) => ({
      ruleId: `SPW-TAG-${String(i % 7).padStart(3, '0')}`,
      stack: 'danger-bucket',
      address: `aws_security_group_rule.generated_rule_${i}`,
      reason: 'synthetic waiver to overflow the comment limit in a test',
    }));
    const document = buildSummary({ mode: 'preview', stacks: outcomes.map((o) => o.report), waivedGuardrails });
    expect(renderMarkdown(document).length).toBeGreaterThan(65_536);
    const comment = renderComment(document);
    expect(comment.truncated).toBe(true);
    expect(comment.markdown.length).toBeLessThanOrEqual(65_536);
    expect(comment.markdown.startsWith(`${STICKY_COMMENT_MARKER}\n# Spillway plan summary`)).toBe(true);
    expect(comment.markdown).toContain('| `danger-cluster` | `aws_eks_cluster.cluster` | **replace**');
    expect(comment.markdown).toContain('| `danger-bucket` | `aws_s3_bucket.gone` | **destroy**');
    expect(comment.markdown).toMatch(/_\d+ table rows left out of this comment \(see the full summary\)\._/);
    expect(comment.markdown).toContain('The full summary is `plan-summary.md` in the `spillway-plans` artifact');
    // Every table line that survived is a whole row.
    for (const line of comment.markdown.split('\n').filter((l) => l.startsWith('|'))) expect(line).toMatch(/\|$/);
  });

  it('npm run plan -- --fail-on-danger exits non-zero after writing the summary (child process)', () => {
    // Only the cluster stack, to keep it fast: same outdir and CLI config, so its init is reused. The bucket
    // stack leaves the app but its directory keeps its state: that is reported as state left behind.
    const manifestFile = path.join(outdir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.stacks = { 'danger-cluster': manifest.stacks['danger-cluster'] };
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const env: NodeJS.ProcessEnv = { ...process.env, SPILLWAY_TF_PLUGIN_MIRROR: mirror.path, SPILLWAY_PREVIEW: '1' };
    delete env.SPILLWAY_CONFIG;
    const run = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'scripts/plan.ts', '--skip-synth', '--outdir', outdir, '--fail-on-danger'],
      { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 90_000 },
    );
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: DANGER_EXIT_CODE, stderr: expect.any(String) });
    expect(run.stdout).toContain('[danger-cluster] init up to date');
    expect(run.stderr).toContain('--fail-on-danger: 2 destroy or replace of stateful resources:');
    expect(run.stderr).toContain('danger-cluster: replace aws_eks_cluster.cluster (forced by name)');
    expect(run.stderr).toMatch(/danger-bucket: state left behind in \S*stacks\/danger-bucket\/terraform\.tfstate \(no longer in the app; its state holds 2 resources\)/);
    const summary = fs.readFileSync(path.join(outdir, 'plans', 'plan-summary.md'), 'utf8');
    expect(summary).toContain(`${DANGER_HEADING} (2)`);
    expect(summary).toContain('| `danger-cluster` | `aws_eks_cluster.cluster` | **replace** (destroy, then create) | `name` |');
    // The config is still read for the cost ceiling.
    expect(summary).toContain('## Burst cost ceiling: $');
    const comment = fs.readFileSync(path.join(outdir, 'plans', 'plan-comment.md'), 'utf8');
    expect(comment).toBe(`${STICKY_COMMENT_MARKER}\n${summary}`);
    // No preview override left behind for a later deploy.
    expect(fs.readdirSync(path.join(outdir, 'stacks', 'danger-cluster'))).not.toContain('preview_override.tf.json');
  });
});

describe('formatAttributePath', () => {
  it.each([
    [['name'], 'name'],
    [['vpc_config', 0, 'subnet_ids'], 'vpc_config[0].subnet_ids'],
    [['tags', 'Name'], 'tags.Name'],
  ])('%j -> %s', (p, text) => {
    expect(formatAttributePath(p)).toBe(text);
  });
});

describe('DANGEROUS_RESOURCE_TYPES', () => {
  it('explains exactly the types prevent_destroy protects', () => {
    // One list (model/contracts.ts): what Terraform refuses to destroy is what the summary warns about.
    expect(Object.keys(DANGEROUS_RESOURCE_TYPES).sort()).toEqual([...PROTECTED_RESOURCE_TYPES].sort());
    expect(DANGEROUS_RESOURCE_TYPES.aws_globalaccelerator_accelerator).toMatch(/static anycast IPs change/);
  });
});
