/** The GitHub Actions workflows, parsed with `yaml`: triggers, permissions, jobs, step order, pins, gates. */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { STICKY_COMMENT_MARKER } from '../../../scripts/lib/comment-limit';
import { infraStackName, workloadsStackName } from '../../../model/names';

const WORKFLOWS = path.resolve(__dirname, '..', '..', '..', '.github', 'workflows');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly 'runs-on': string | string[];
  readonly needs?: string | string[];
  readonly environment?: string | { name: string };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function load(file: string): { text: string; workflow: Workflow } {
  const text = fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
  return { text, workflow: parse(text) as Workflow };
}

/** Index of the first step matching, failing the test with the step list when there is none. */
function indexOf(steps: readonly Step[], match: (step: Step) => boolean, what: string): number {
  const index = steps.findIndex(match);
  if (index < 0) throw new Error(`no step ${what} in ${JSON.stringify(steps.map((s) => s.name ?? s.uses ?? s.run))}`);
  return index;
}
const uses = (action: string) => (step: Step) => step.uses?.startsWith(`${action}@`) ?? false;
const runs = (command: RegExp) => (step: Step) => command.test(step.run ?? '');

const allUses = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.uses).filter((u): u is string => !!u));

describe.each(['plan.yml', 'deploy.yml'])('%s: pinned actions', (file) => {
  const { text, workflow } = load(file);

  it('pins every action to a full commit SHA, with the release tag it came from', () => {
    const pinned = allUses(workflow);
    expect(pinned.length).toBeGreaterThan(3);
    for (const ref of pinned) {
      expect(ref).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+@[0-9a-f]{40}$/);
      expect(ref).not.toMatch(/@(main|master|v\d+)$/);
      // The line also says which exact release the SHA is: `# vX.Y.Z`.
      const line = text.split('\n').find((l) => l.includes(ref))!;
      expect(line).toMatch(new RegExp(`${ref.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+$`));
    }
  });

  it('pins the same SHA for an action everywhere, and terraform to one version without the wrapper', () => {
    const byAction = new Map<string, Set<string>>();
    for (const ref of allUses(workflow)) {
      const [action, sha] = ref.split('@');
      byAction.set(action, (byAction.get(action) ?? new Set()).add(sha));
    }
    for (const shas of byAction.values()) expect(shas.size).toBe(1);
    expect(workflow.env?.TERRAFORM_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const job of Object.values(workflow.jobs)) {
      const terraform = job.steps.find(uses('hashicorp/setup-terraform'))!;
      expect(terraform.with).toEqual({ terraform_version: '${{ env.TERRAFORM_VERSION }}', terraform_wrapper: false });
    }
  });
});

describe('plan.yml', () => {
  const { workflow } = load('plan.yml');
  const job = workflow.jobs.plan;
  const steps = job.steps;

  it('runs on pull requests (also when labels change) with least privilege plus comment and OIDC', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect((workflow.on.pull_request as { types: string[] }).types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(Object.keys(workflow.jobs)).toEqual(['plan']);
    expect(job['runs-on']).toBe('ubuntu-24.04');
  });

  it('installs, tests, synthesizes, then plans, uploads and comments, in that order', () => {
    const order = [
      indexOf(steps, uses('actions/checkout'), 'checkout'),
      indexOf(steps, uses('actions/setup-node'), 'setup-node'),
      indexOf(steps, runs(/^npm ci\b/), 'npm ci'),
      indexOf(steps, runs(/^npm test$/), 'npm test'),
      indexOf(steps, runs(/^npm run synth$/), 'npm run synth'),
      indexOf(steps, uses('aws-actions/configure-aws-credentials'), 'AWS credentials'),
      indexOf(steps, runs(/^npm run plan\b/), 'npm run plan'),
      indexOf(steps, uses('actions/upload-artifact'), 'upload'),
      indexOf(steps, uses('actions/github-script'), 'comment'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(steps.find(uses('actions/setup-node'))!.with).toEqual({ 'node-version': 20, cache: 'npm' });
  });

  it('assumes the plan role through OIDC only when the repository variable is set, and previews otherwise', () => {
    const credentials = steps.find(uses('aws-actions/configure-aws-credentials'))!;
    expect(credentials.with!['role-to-assume']).toBe('${{ vars.SPILLWAY_PLAN_ROLE_ARN }}');
    expect(credentials.if).toContain("vars.SPILLWAY_PLAN_ROLE_ARN != ''");
    const plan = steps.find(runs(/^npm run plan\b/))!;
    expect(plan.env!.SPILLWAY_PREVIEW).toContain("vars.SPILLWAY_PLAN_ROLE_ARN == ''");
    expect(plan.env!.SPILLWAY_PREVIEW).toContain("&& '1' ||");
    // Dangerous plans fail the check unless the pull request is labelled to accept them.
    expect(plan.run).toBe('npm run plan -- ${FAIL_ON_DANGER:+--fail-on-danger}');
    expect(plan.env!.FAIL_ON_DANGER).toContain("!contains(github.event.pull_request.labels.*.name, 'spillway:allow-danger')");
  });

  it('uploads cdktf.out/plans as the artifact the comment points to, even when the plan failed', () => {
    const upload = steps.find(uses('actions/upload-artifact'))!;
    expect(upload.if).toBe('${{ !cancelled() }}');
    expect(upload.with!.name).toBe('spillway-plans');
    expect(String(upload.with!.path).split('\n')).toContain('cdktf.out/plans');
  });

  it('creates or updates one sticky comment found by its hidden marker', () => {
    const comment = steps.find(uses('actions/github-script'))!;
    const script = String(comment.with!.script);
    expect(comment.if).toContain('!cancelled()');
    expect(comment.env!.COMMENT_FILE).toBe('cdktf.out/plans/plan-comment.md');
    expect(script).toContain(`const marker = '${STICKY_COMMENT_MARKER}';`);
    expect(script).toContain('github.paginate(github.rest.issues.listComments');
    expect(script).toMatch(/\.startsWith\(marker\)\)/);
    expect(script).toContain('github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body })');
    expect(script).toContain('github.rest.issues.createComment({ owner, repo, issue_number, body })');
    // The script is valid JavaScript (as the body of github-script's async function).
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction('require', 'github', 'context', 'core', script)).not.toThrow();
  });
});

describe('deploy.yml', () => {
  const { workflow } = load('deploy.yml');

  it('runs on pushes to main, never two at once', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(workflow.concurrency).toEqual({ group: 'spillway-deploy', 'cancel-in-progress': false });
  });

  it('deploys InfraStack behind the production environment with OIDC credentials', () => {
    const infra = workflow.jobs.infra;
    expect(infra.environment).toBe('production');
    expect(infra['runs-on']).toBe('ubuntu-24.04');
    const credentials = indexOf(infra.steps, uses('aws-actions/configure-aws-credentials'), 'AWS credentials');
    const deploy = indexOf(infra.steps, runs(/cdktf deploy/), 'cdktf deploy');
    expect(credentials).toBeLessThan(deploy);
    expect(infra.steps[credentials].with!['role-to-assume']).toBe('${{ vars.SPILLWAY_DEPLOY_ROLE_ARN }}');
    expect(infra.steps[deploy].run).toBe('npx cdktf deploy "spillway-${{ vars.SPILLWAY_ENVIRONMENT }}-infra" --auto-approve');
  });

  it('deploys the workloads stacks after InfraStack from the self-hosted private runner', () => {
    const workloads = workflow.jobs.workloads;
    expect(workloads.needs).toBe('infra');
    expect(workloads['runs-on']).toEqual(['self-hosted', 'spillway-private']);
    expect(workloads.environment).toBe('production');
    const credentials = indexOf(workloads.steps, uses('aws-actions/configure-aws-credentials'), 'AWS credentials');
    const deploy = indexOf(workloads.steps, runs(/cdktf deploy/), 'cdktf deploy');
    expect(credentials).toBeLessThan(deploy);
    // Only the workloads stacks (InfraStack is their dependency, deployed by the job before).
    expect(workloads.steps[deploy].run).toBe(
      'npx cdktf deploy "spillway-${{ vars.SPILLWAY_ENVIRONMENT }}-workloads-*" --auto-approve --ignore-missing-stack-dependencies',
    );
  });

  it('names the stacks the way the app does', () => {
    expect(infraStackName('prod')).toBe('spillway-prod-infra');
    expect(workloadsStackName('prod', 'eu-west-1')).toMatch(/^spillway-prod-workloads-/);
  });
});
