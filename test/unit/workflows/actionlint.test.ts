/**
 * actionlint on the GitHub Actions workflows, with the repository's `.github/actionlint.yaml`. Each check runs
 * on a copy of `.github/` in a temporary project (a `.git` marker beside it, which is how actionlint finds the
 * project root and its config), so the broken variants below never touch the real workflows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { actionlint, actionlintVersion, formatErrors, stopActionlint } from './actionlint';

const REPO_GITHUB = path.resolve(__dirname, '..', '..', '..', '.github');
const WORKFLOW_FILES = fs.readdirSync(path.join(REPO_GITHUB, 'workflows')).filter((file) => /\.ya?ml$/.test(file)).sort();
const CONFIG = parse(fs.readFileSync(path.join(REPO_GITHUB, 'actionlint.yaml'), 'utf8')) as {
  'self-hosted-runner': { labels: string[] };
  'config-variables': string[];
};

const projects: string[] = [];
afterAll(async () => {
  await stopActionlint();
  for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A temporary project holding a copy of the repository's `.github/` (optionally without actionlint.yaml),
 * with `edit` applied to the workflow files' text. Returns the workflows' absolute paths.
 */
function project(options: { edit?: (file: string, text: string) => string; withConfig?: boolean; extra?: Record<string, string> } = {}): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-actionlint-'));
  projects.push(root);
  fs.mkdirSync(path.join(root, '.git'));
  fs.cpSync(REPO_GITHUB, path.join(root, '.github'), { recursive: true });
  if (options.withConfig === false) fs.rmSync(path.join(root, '.github', 'actionlint.yaml'));
  const workflows = path.join(root, '.github', 'workflows');
  for (const file of WORKFLOW_FILES) {
    const text = fs.readFileSync(path.join(workflows, file), 'utf8');
    fs.writeFileSync(path.join(workflows, file), options.edit ? options.edit(file, text) : text);
  }
  for (const [file, text] of Object.entries(options.extra ?? {})) fs.writeFileSync(path.join(workflows, file), text);
  return fs.readdirSync(workflows).sort().map((file) => path.join(workflows, file));
}

/** Replaces exactly one occurrence of `from` in deploy.yml (failing when there is none or more). */
const inDeploy = (from: string, to: string) => (file: string, text: string) => {
  if (file !== 'deploy.yml') return text;
  if (text.split(from).length !== 2) throw new Error(`expected one ${JSON.stringify(from)} in deploy.yml`);
  return text.replace(from, to);
};

describe('actionlint', () => {
  it('is a current v1.7 build', () => {
    expect(actionlintVersion()).toMatch(/^v1\.7\.\d+$/);
    expect(Number(actionlintVersion().split('.')[2])).toBeGreaterThanOrEqual(7);
  });

  it('finds no problem in any workflow', async () => {
    expect(WORKFLOW_FILES).toEqual(expect.arrayContaining(['deploy.yml', 'plan.yml']));
    const errors = await actionlint(project());
    expect(formatErrors(errors)).toBe('');
  });

  it('knows every self-hosted runner label and repository variable the workflows use from actionlint.yaml', async () => {
    expect(CONFIG['self-hosted-runner'].labels).toEqual(['spillway-private']);
    // The config is what makes the workflows pass: without it the self-hosted runner's label is unknown
    // (and `vars.*` names go unchecked).
    const errors = await actionlint(project({ withConfig: false }));
    expect(errors.map((e) => [path.basename(e.file), e.kind, e.message.match(/^label "([^"]+)" is unknown/)?.[1]])).toEqual([
      ['deploy.yml', 'runner-label', 'spillway-private'],
    ]);
  });

  it('fails on an unknown runner label', async () => {
    const errors = await actionlint(project({ edit: inDeploy('runs-on: [self-hosted, spillway-private]', 'runs-on: [self-hosted, spillway-privat]') }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'runner-label', message: expect.stringContaining('label "spillway-privat" is unknown') });
    expect(path.basename(errors[0].file)).toBe('deploy.yml');
  });

  it('fails on a repository variable that actionlint.yaml does not list', async () => {
    const errors = await actionlint(project({ edit: inDeploy('${{ vars.SPILLWAY_DEPLOY_ROLE_ARN }}\n        run:', '${{ vars.SPILLWAY_DEPLOY_ROLE }}\n        run:') }));
    expect(errors.map((e) => [e.kind, e.message.match(/undefined configuration variable "([^"]+)"/)?.[1]?.toUpperCase()])).toEqual([['expression', 'SPILLWAY_DEPLOY_ROLE']]);
  });

  it('fails on a YAML syntax error', async () => {
    const errors = await actionlint(project({ edit: inDeploy('branches: [main]', 'branches: [main') }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => path.basename(e.file) === 'deploy.yml' && e.kind === 'syntax-check')).toBe(true);
  });

  it('fails on a workflow that is valid YAML but not a valid workflow', async () => {
    const errors = await actionlint(project({ edit: inDeploy('    timeout-minutes: 60\n', '    timeout-minute: 60\n') }));
    expect(errors).toEqual([expect.objectContaining({ kind: 'syntax-check', message: expect.stringContaining('unexpected key "timeout-minute"') })]);
  });

  it('fails on a broken workflow added next to ours, and lints every file of the directory', async () => {
    const broken = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.nope( }}"\n';
    const files = project({ extra: { 'broken.yml': broken } });
    expect(files.map((file) => path.basename(file))).toEqual(['broken.yml', ...WORKFLOW_FILES]);
    const errors = await actionlint(files);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => path.basename(e.file) === 'broken.yml')).toBe(true);
  });
});
