/**
 * The summary renderer over plan JSON from real terraform runs (never hand-written plan JSON): tiny
 * stacks are planned in preview mode with the local provider mirror, offline.
 */
import * as fs from 'fs';
import * as path from 'path';
import { StackOutcome, planStacks } from '../../scripts/lib/plan-stacks';
import {
  PlanJson,
  StackReport,
  SummarySection,
  DEFAULT_SECTIONS,
  buildSummary,
  classifyActions,
  renderSummary,
  summarizePlan,
} from '../../scripts/lib/plan-summary';
import type { List, Table } from '../../scripts/summary/model';
import { renderBlock, renderMarkdown, tableCell } from '../../scripts/summary/render-markdown';
import { PREVIEW_OVERRIDE_FILE } from '../../scripts/lib/preview-mode';
import { prepareTerraformCli } from '../../scripts/lib/terraform-cli-config';
import { AWS, PROJECT_ROOT, describeWithTerraform, stateFile, writeOutdir } from './terraform-fixtures';

/** Infra-like stack: two provider configurations, a remote backend, a few resources, no state. */
const infra = {
  name: 'demo-infra',
  json: {
    terraform: {
      required_providers: { aws: AWS },
      backend: { s3: { bucket: 'spillway-test-nonexistent-state', key: 'demo-infra.tfstate', region: 'us-west-2' } },
    },
    provider: {
      aws: [
        { region: 'us-west-2', profile: 'spillway-test-no-such-profile' },
        { region: 'us-east-1', alias: 'us-east-1', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/spillway-test' }] },
      ],
    },
    data: {
      aws_iam_policy_document: {
        assume: { statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ec2.amazonaws.com'] }] }] },
      },
    },
    resource: {
      aws_s3_bucket: {
        models: { bucket: 'spillway-test-models' },
        edge_logs: { bucket: 'spillway-test-edge-logs', provider: 'aws.us-east-1' },
      },
      aws_kms_key: { state: { description: 'spillway test key' } },
      aws_iam_role: { node: { name: 'spillway-test-node', assume_role_policy: '${data.aws_iam_policy_document.assume.json}' } },
    },
    output: { models_bucket: { value: '${aws_s3_bucket.models.bucket}' } },
  },
};

/**
 * A stack with prior state (local backend): what the state records vs what the config declares.
 * kept: bucket renamed -> replace (delete, create); cbd: renamed with create_before_destroy -> replace
 * (create, delete); key: description changed -> update; removed: only in state -> delete; added: only
 * in config -> create; same: identical -> no-op; bucket_policy: data source read at apply -> read.
 */
const prior = {
  name: 'demo-prior',
  json: {
    terraform: { required_providers: { aws: AWS } },
    provider: { aws: [{ region: 'us-west-2' }] },
    data: {
      aws_iam_policy_document: {
        bucket_policy: { statement: [{ actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.kept.arn}/*'] }] },
      },
    },
    resource: {
      aws_s3_bucket: {
        kept: { bucket: 'spillway-test-renamed' },
        cbd: { bucket: 'spillway-test-cbd-new', lifecycle: { create_before_destroy: true } },
      },
      aws_kms_key: { key: { description: 'new description' } },
      aws_iam_role: { added: { name: 'spillway-test-added', assume_role_policy: '{}' } },
      aws_cloudwatch_log_group: { same: { name: 'spillway-test-same' } },
    },
  },
  files: {
    'terraform.tfstate': stateFile([
      { type: 'aws_s3_bucket', name: 'kept', attributes: { id: 'spillway-test-original', bucket: 'spillway-test-original', force_destroy: false } },
      { type: 'aws_s3_bucket', name: 'cbd', attributes: { id: 'spillway-test-cbd-old', bucket: 'spillway-test-cbd-old', force_destroy: false } },
      { type: 'aws_s3_bucket', name: 'removed', attributes: { id: 'spillway-test-removed', bucket: 'spillway-test-removed' } },
      {
        type: 'aws_kms_key',
        name: 'key',
        attributes: {
          id: '1234abcd-12ab-34cd-56ef-1234567890ab',
          key_id: '1234abcd-12ab-34cd-56ef-1234567890ab',
          arn: 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          description: 'old description',
          key_usage: 'ENCRYPT_DECRYPT',
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
          is_enabled: true,
          enable_key_rotation: false,
          bypass_policy_lockout_safety_check: false,
          multi_region: false,
          policy: '{}',
          tags: {},
          tags_all: {},
        },
      },
      {
        type: 'aws_cloudwatch_log_group',
        name: 'same',
        attributes: {
          id: 'spillway-test-same',
          name: 'spillway-test-same',
          arn: 'arn:aws:logs:us-west-2:123456789012:log-group:spillway-test-same',
          log_group_class: 'STANDARD',
          retention_in_days: 0,
          skip_destroy: false,
          kms_key_id: '',
          name_prefix: '',
          tags: {},
          tags_all: {},
        },
      },
    ]),
  },
};

/** Reads the infra stack's outputs through remote state, like a cdktf cross-stack reference (builtin providers only). */
const workloads = {
  name: 'demo-workloads',
  dependencies: ['demo-infra'],
  json: {
    terraform: { backend: { local: { path: '../demo-workloads/terraform.demo-workloads.tfstate' } } },
    data: {
      terraform_remote_state: {
        'cross-stack-reference-input-demo-infra': { backend: 'local', config: { path: '../demo-infra/terraform.demo-infra.tfstate' } },
      },
    },
    resource: {
      terraform_data: {
        replica: { input: '${data.terraform_remote_state.cross-stack-reference-input-demo-infra.outputs.models_bucket}-replica' },
      },
    },
  },
};

/** A provider nobody can install: its registry host does not exist. */
const unreachable = {
  name: 'demo-unreachable',
  json: {
    terraform: { required_providers: { widget: { source: 'registry.spillway.invalid/acme/widget', version: '1.2.3' } } },
    provider: { widget: [{}] },
  },
};

describeWithTerraform('plan summary over real terraform plans (preview mode, provider mirror)', (mirror) => {
  let outdir: string;
  let outcomes: readonly StackOutcome[];
  let failed: boolean;
  const byName = (name: string) => outcomes.find((o) => o.report.stack === name)!;
  const planOf = (name: string): PlanJson => {
    const report = byName(name).report;
    if (report.status !== 'planned') throw new Error(`${name} was not planned: ${JSON.stringify(report)}`);
    return report.plan;
  };

  beforeAll(async () => {
    // Listed dependent-first on purpose: the runner must order by dependencies.
    outdir = writeOutdir('summary', [workloads, infra, prior, unreachable]);
    const plansDir = path.join(outdir, 'plans');
    const cli = prepareTerraformCli({ plansDir, projectRoot: PROJECT_ROOT, mirror });
    ({ outcomes, failed } = await planStacks({ outdir, plansDir, mode: 'preview', extraEnv: cli.env, displayRoot: outdir }));
  });

  afterAll(() => {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  });

  it('plans in dependency order and does not fail for stacks it cannot plan', () => {
    expect(failed).toBe(false);
    expect(outcomes.map((o) => [o.report.stack, o.report.status])).toEqual([
      ['demo-infra', 'planned'],
      ['demo-workloads', 'not-planned'],
      ['demo-prior', 'planned'],
      ['demo-unreachable', 'not-planned'],
    ]);
    for (const name of ['demo-infra', 'demo-prior']) {
      expect(fs.existsSync(path.join(outdir, 'plans', `${name}.tfplan`))).toBe(true);
      expect(fs.existsSync(path.join(outdir, 'plans', `${name}.json`))).toBe(true);
    }
  });

  it('counts a fresh stack as adds only, across provider aliases; data sources are not changes', () => {
    const { counts, changes } = summarizePlan(planOf('demo-infra'));
    expect(counts).toEqual({ add: 4, change: 0, replace: 0, destroy: 0 });
    expect(changes.add.map((c) => c.address)).toEqual([
      'aws_iam_role.node',
      'aws_kms_key.state',
      'aws_s3_bucket.edge_logs',
      'aws_s3_bucket.models',
    ]);
  });

  it('wrote one provider override per aws configuration and a local backend in place of s3', () => {
    const override = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'demo-infra', PREVIEW_OVERRIDE_FILE), 'utf8'));
    expect(override.provider.aws.map((p: { alias?: string }) => p.alias ?? null)).toEqual([null, 'us-east-1']);
    expect(override.terraform.backend.local.path).toBe(path.join(outdir, 'plans', 'preview-state', 'demo-infra.tfstate'));
    const plan = planOf('demo-infra') as PlanJson & { configuration: { provider_config: Record<string, { expressions: Record<string, unknown> }> } };
    // The merged configuration terraform planned with carries the skips for both aliases.
    for (const key of ['aws', 'aws.us-east-1']) {
      expect(plan.configuration.provider_config[key].expressions).toHaveProperty('skip_requesting_account_id');
    }
  });

  it('counts a replacement once, as replace (delete-create and create-before-destroy), never as add + destroy', () => {
    const plan = planOf('demo-prior');
    const actionsOf = (address: string) => plan.resource_changes!.find((rc) => rc.address === address)!.change.actions;
    // What terraform itself decided, so the expectations below rest on real action lists.
    expect(actionsOf('aws_s3_bucket.kept')).toEqual(['delete', 'create']);
    expect(actionsOf('aws_s3_bucket.cbd')).toEqual(['create', 'delete']);
    expect(actionsOf('aws_s3_bucket.removed')).toEqual(['delete']);
    expect(actionsOf('aws_kms_key.key')).toEqual(['update']);
    expect(actionsOf('aws_cloudwatch_log_group.same')).toEqual(['no-op']);
    expect(actionsOf('data.aws_iam_policy_document.bucket_policy')).toEqual(['read']);

    const { counts, changes } = summarizePlan(plan);
    expect(counts).toEqual({ add: 1, change: 1, replace: 2, destroy: 1 });
    expect(changes.add.map((c) => c.address)).toEqual(['aws_iam_role.added']);
    expect(changes.change.map((c) => c.address)).toEqual(['aws_kms_key.key']);
    expect(changes.replace.map((c) => c.address)).toEqual(['aws_s3_bucket.cbd', 'aws_s3_bucket.kept']);
    expect(changes.destroy.map((c) => c.address)).toEqual(['aws_s3_bucket.removed']);
    // What a later "danger" section needs is carried along: the attribute forcing the replacement.
    expect(changes.replace.find((c) => c.address === 'aws_s3_bucket.kept')!.replacePaths).toEqual([['bucket']]);
    expect(changes.destroy[0].actionReason).toBe('delete_because_no_resource_config');
  });

  it('reports a dependent of a previewed stack as not planned, with the reason', () => {
    const report = byName('demo-workloads').report as Extract<StackReport, { status: 'not-planned' }>;
    expect(report.reasons).toEqual([expect.stringMatching(/^depends on demo-infra, which was only previewed: its remote state and outputs do not exist/)]);
  });

  it('reports a stack whose provider cannot be installed as not planned, with the concise init error', () => {
    const report = byName('demo-unreachable').report as Extract<StackReport, { status: 'not-planned' }>;
    expect(report.reasons).toEqual([
      expect.stringMatching(/^provider registry\.spillway\.invalid\/acme\/widget 1\.2\.3 could not be installed: could not connect to registry\.spillway\.invalid/),
    ]);
  });

  it('renders the markdown summary', () => {
    const markdown = renderSummary(
      { mode: 'preview', modeReason: 'no AWS credentials in the environment', stacks: outcomes.map((o) => o.report) },
      { collapseAfter: 3 },
    );
    expect(markdown).toMatch(/^# Spillway plan summary \(preview\)\n/);
    expect(markdown).toContain('**Mode: preview** (mock AWS credentials, no AWS API calls');
    expect(markdown).toContain('| `demo-infra` | 4 | 0 | 0 | 0 | planned (preview) |');
    expect(markdown).toContain('| `demo-prior` | 1 | 1 | 2 | 1 | planned (preview) |');
    expect(markdown).toContain('| `demo-workloads` | – | – | – | – | not planned |');
    expect(markdown).toContain('| **Total** | 5 | 1 | 2 | 1 | 2 of 4 planned |');
    expect(markdown).toContain('1 to add, 1 to change, 2 to replace, 1 to destroy.');
    // More than collapseAfter addresses fold into <details>; fewer stay a plain list.
    expect(markdown).toContain('<details><summary>Add (4)</summary>\n\n- `aws_iam_role.node`\n- `aws_kms_key.state`');
    expect(markdown).toContain('**Replace (2)**\n\n- `aws_s3_bucket.cbd`\n- `aws_s3_bucket.kept`');
    expect(markdown).toContain('**Destroy (1)**\n\n- `aws_s3_bucket.removed`');
    expect(markdown).not.toContain('aws_cloudwatch_log_group.same');
    expect(markdown).not.toContain('data.aws_iam_policy_document');
    expect(markdown).toMatch(/## Not planned\n\n- `demo-workloads`: not planned: depends on demo-infra/);
    expect(markdown).toContain('- `demo-unreachable`: not planned: provider registry.spillway.invalid/acme/widget 1.2.3 could not be installed:');
    expect(markdown).toContain('Plan JSON: `plans/demo-prior.json`');
  });

  it('lists the replaced and destroyed buckets as dangers, and says so in one line for a plan of additions only', () => {
    const markdown = renderSummary({ mode: 'preview', stacks: outcomes.map((o) => o.report) });
    expect(markdown).toContain('| `demo-prior` | `aws_s3_bucket.kept` | **replace** (destroy, then create) | `bucket` |');
    expect(markdown).toContain('| `demo-prior` | `aws_s3_bucket.cbd` | **replace** (create, then destroy) | `bucket` |');
    expect(markdown).toContain('| `demo-prior` | `aws_s3_bucket.removed` | **destroy** | no longer in the configuration |');
    // The KMS key is only updated in place: not a danger.
    expect(markdown).not.toContain('| `demo-prior` | `aws_kms_key.key` |');
    const additionsOnly = renderSummary({ mode: 'preview', stacks: [byName('demo-infra').report] });
    expect(additionsOnly).toContain('## Danger: stateful resources destroyed or replaced\n\nNo destroy or replace of stateful resources.\n');
  });

  it('takes extra sections without touching the existing ones', () => {
    const replaced: SummarySection = (context) => ({
      title: 'Replacements',
      blocks: [{ kind: 'list', items: context.planned.flatMap((s) => s.changes.replace.map((c) => `${c.address}: ${JSON.stringify(c.replacePaths ?? [])}`)) }],
    });
    const input = { mode: 'preview' as const, stacks: outcomes.map((o) => o.report) };
    const markdown = renderSummary(input, { sections: [...DEFAULT_SECTIONS, replaced] });
    expect(markdown.startsWith(renderSummary(input).trimEnd())).toBe(true);
    expect(markdown).toContain('## Replacements\n\n- aws_s3_bucket.cbd: [["bucket"]]\n- aws_s3_bucket.kept: [["bucket"]]\n');
  });

  it('tells the comment limiter what may go: title and overview never, stack details first, address lists as a whole', () => {
    const { parts } = buildSummary({ mode: 'preview', stacks: outcomes.map((o) => o.report) });
    const byTitle = (title: string | undefined) => parts.find((p) => p.title === title)!;
    expect(byTitle('Spillway plan summary (preview)').priority).toBe('keep');
    // The overview is the one untitled part; its Total row stays when rows are dropped.
    expect(parts.filter((p) => p.title === undefined)).toEqual([expect.objectContaining({ priority: 'keep' })]);
    expect(byTitle(undefined).blocks).toEqual([expect.objectContaining({ kind: 'table', keepLastRow: true })]);
    for (const stack of ['`demo-infra`', '`demo-prior`']) {
      const part = byTitle(stack);
      expect(part.priority).toBe('detail');
      const lists = part.blocks.filter((b): b is List => b.kind === 'list');
      expect(lists.length).toBeGreaterThan(0);
      for (const list of lists) expect(list.omittable).toBe(true);
    }
    // Danger and not-planned go only after the stack details (default priority).
    expect(parts.filter((p) => p.priority === undefined || p.priority === 'normal').map((p) => p.title)).toEqual([
      'Danger: stateful resources destroyed or replaced (3)',
      'Not planned',
    ]);
    expect(byTitle('Not planned').blocks).toEqual([expect.not.objectContaining({ omittable: true })]);
  });
});

describe('renderMarkdown', () => {
  const table = (rows: string[][]): Table => ({ kind: 'table', header: ['Name', 'Count'], align: ['left', 'right'], rows });

  it('escapes every table cell, so a pipe or a newline in a value stays inside its cell and its row', () => {
    const markdown = renderBlock(table([['a|b', 'line 1\nline 2'], ['c', '']]));
    const lines = markdown.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('| --- | ---: |');
    // Unescaped pipes delimit the cells: three per row of two cells.
    for (const line of lines) expect(line.match(/(?<!\\)\|/g)).toHaveLength(3);
    expect(lines[2]).toContain('a\\|b');
    expect(tableCell('x\r\ny')).toBe('x y');
    expect(lines[3]).toBe('| c | |');
  });

  it('renders lists plain, bold-titled or folded, nested items indented', () => {
    const items = ['`a`', { text: 'b', subItems: ['c'] }];
    expect(renderBlock({ kind: 'list', items })).toBe('- `a`\n- b\n  - c');
    expect(renderBlock({ kind: 'list', items, title: 'Add (2)' })).toBe('**Add (2)**\n\n- `a`\n- b\n  - c');
    expect(renderBlock({ kind: 'list', items, title: 'Add (2)', collapsed: true })).toBe(
      '<details><summary>Add (2)</summary>\n\n- `a`\n- b\n  - c\n\n</details>',
    );
  });

  it('separates parts and blocks by one blank line, skips empty untitled parts, ends with one newline', () => {
    const markdown = renderMarkdown({
      parts: [
        { title: 'T', level: 1, blocks: [{ kind: 'paragraph', text: 'p' }] },
        { blocks: [] },
        { title: 'S', blocks: [{ kind: 'heading', text: 'h' }, { kind: 'code', language: 'text', text: 'x\n| y' }] },
      ],
    });
    expect(markdown).toBe('# T\n\np\n\n## S\n\n### h\n\n```text\nx\n| y\n```\n');
  });
});

describe('classifyActions', () => {
  it.each([
    [['create'], 'add'],
    [['update'], 'change'],
    [['delete'], 'destroy'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['no-op'], undefined],
    [['read'], undefined],
    [['forget'], undefined],
  ])('%j -> %s', (actions, kind) => {
    expect(classifyActions(actions)).toBe(kind);
  });
});

describe('renderSummary without planned stacks', () => {
  it('renders real mode, a failure and a stack with several reasons', () => {
    const markdown = renderSummary({
      mode: 'real',
      modeReason: 'AWS credentials from $AWS_PROFILE',
      stacks: [
        { stack: 'a', status: 'failed', error: 'terraform plan exited with 1\n\nError: boom' },
        { stack: 'b', status: 'not-planned', reasons: ['first reason', 'second reason'] },
      ],
    });
    expect(markdown).toMatch(/^# Spillway plan summary\n\n\*\*Mode: real\*\* \(planned against AWS\)\. Reason: AWS credentials from \$AWS_PROFILE\./);
    expect(markdown).toContain('| `a` | – | – | – | – | **failed** |');
    expect(markdown).toContain('- `b`: not planned: first reason\n  - also: second reason');
    expect(markdown).toContain('## Failed\n\n### `a`\n\n```text\nterraform plan exited with 1\n\nError: boom\n```');
  });
});
