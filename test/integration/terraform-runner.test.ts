/**
 * The terraform runner and the stack orchestration against real terraform: error classification from
 * real `init` output, failures, init skipping, stale preview overrides.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLimiter, orderStacks, planStacks } from '../../scripts/lib/plan-stacks';
import { PREVIEW_OVERRIDE_FILE, buildPreviewOverride, writePreviewOverride } from '../../scripts/lib/preview-mode';
import { prepareTerraformCli } from '../../scripts/lib/terraform-cli-config';
import {
  INIT_STAMP_FILE,
  asksForInit,
  concise,
  ensureInit,
  initFingerprint,
  firstError,
  parseDiagnostics,
  providerInstallFailures,
  runTerraform,
  terraformInit,
} from '../../scripts/lib/terraform-runner';
import { AWS, PROJECT_ROOT, describeWithTerraform, writeOutdir } from './terraform-fixtures';

const tmpDirs: string[] = [];
function stackDir(json: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-runner-'));
  tmpDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  return dir;
}
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Environment without the machine's (missing) CLI config, so terraform prints no warning about it. */
const env = { ...process.env, TF_CLI_CONFIG_FILE: '', TF_IN_AUTOMATION: '1' };

describe('terraform init failures (real terraform output)', () => {
  it('classifies providers that cannot be installed, one concise reason per provider', async () => {
    const dir = stackDir({
      terraform: {
        required_providers: {
          widget: { source: 'registry.spillway.invalid/acme/widget', version: '1.2.3' },
          gadget: { source: 'registry.spillway.invalid/acme/gadget', version: '0.1.0' },
        },
      },
      provider: { widget: [{}], gadget: [{}] },
    });
    const result = await terraformInit({ cwd: dir, env });
    expect(result.exitCode).not.toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    const reasons = providerInstallFailures(result.stderr, json.terraform.required_providers);
    expect(reasons).toEqual([
      expect.stringMatching(/^provider registry\.spillway\.invalid\/acme\/gadget 0\.1\.0 could not be installed: could not connect to registry\.spillway\.invalid/),
      expect.stringMatching(/^provider registry\.spillway\.invalid\/acme\/widget 1\.2\.3 could not be installed: could not connect to registry\.spillway\.invalid/),
    ]);
    for (const reason of reasons!) expect(reason.length).toBeLessThan(260);
  });

  it('treats any other init error as a real error', async () => {
    const dir = stackDir({ resource: {} });
    const result = await terraformInit({ cwd: dir, env });
    expect(result.exitCode).not.toBe(0);
    expect(providerInstallFailures(result.stderr)).toBeUndefined();
    expect(firstError(result)).toMatch(/^Terraform encountered problems during initialisation/);
    expect(parseDiagnostics(result.stderr).map((d) => d.summary)).toContain('Missing block label');
  });
});

describe('runTerraform', () => {
  it('says which binary is missing', async () => {
    await expect(runTerraform(['version'], { cwd: os.tmpdir(), env, binary: '/nonexistent/terraform' })).rejects.toThrow(
      'terraform binary "/nonexistent/terraform" not found on PATH (set TERRAFORM_BINARY_NAME)',
    );
  });
});

describe('asksForInit', () => {
  const result = (stderr: string) => ({ args: ['plan'], exitCode: 1, stdout: '', stderr, durationMs: 0 });
  it('recognizes init-required errors with or without the TF_IN_AUTOMATION hint', () => {
    expect(asksForInit(result('\nError: Required plugins are not installed\n\nThe installed provider plugins are not consistent.\n'))).toBe(true);
    expect(asksForInit(result('\nError: Backend initialization required, please run "terraform init"\n'))).toBe(true);
    expect(asksForInit(result('\nError: Reference to undeclared resource\n\nA managed resource has not been declared.\n'))).toBe(false);
  });
});

describe('parseDiagnostics / concise', () => {
  it('undoes line wrapping and leaves source snippets out', () => {
    const output = [
      '',
      'Error: Reference to undeclared resource',
      '',
      '  on cdk.tf.json line 3, in output.x:',
      '   3:   "output": {"x": {"value": "${aws_s3_bucket.nope.id}"}}',
      '',
      'A managed resource "aws_s3_bucket" "nope" has not been declared in the root',
      'module.',
      '',
      'Warning: Something',
      '',
      'Detail.',
    ].join('\n');
    expect(parseDiagnostics(output)).toEqual([
      {
        severity: 'error',
        summary: 'Reference to undeclared resource',
        detail: ['A managed resource "aws_s3_bucket" "nope" has not been declared in the root module.'],
      },
      { severity: 'warning', summary: 'Something', detail: ['Detail.'] },
    ]);
  });

  it('keeps a long Go error chain to its first and last clause', () => {
    const long = `could not connect to registry.terraform.io: failed to request discovery document: Get "https://registry.terraform.io/.well-known/terraform.json": dial tcp: lookup registry.terraform.io on 10.0.0.1:53: no such host`;
    expect(concise(long)).toBe('could not connect to registry.terraform.io: … no such host');
    expect(concise('short: message.')).toBe('short: message');
  });
});

describe('planStacks without providers', () => {
  it('fails the run with terraform stderr on a plan error, and still plans the other stacks', async () => {
    const outdir = writeOutdir('fail', [
      { name: 'broken', json: { output: { x: { value: '${terraform_data.nope.id}' } } } },
      { name: 'fine', json: { resource: { terraform_data: { marker: { input: 'x' } } } } },
      { name: 'after-broken', dependencies: ['broken'], json: { resource: { terraform_data: { m: { input: 'y' } } } } },
    ]);
    tmpDirs.push(outdir);
    const result = await planStacks({ outdir, mode: 'real', env });
    expect(result.failed).toBe(true);
    const [broken, fine, after] = result.outcomes;
    expect(broken.report.status).toBe('failed');
    expect(broken.stderr).toContain('Reference to undeclared resource');
    expect(broken.report.status === 'failed' && broken.report.error).toMatch(/^terraform plan exited with 1\n\n/);
    expect(fine.report.status).toBe('planned');
    expect(after.report).toEqual({ stack: 'after-broken', status: 'not-planned', reasons: ['depends on broken, which failed'] });
  });

  it('removes a stale preview override in real mode', async () => {
    const outdir = writeOutdir('real', [
      {
        name: 'plain',
        json: { resource: { terraform_data: { marker: { input: 'x' } } } },
        // Would break the plan if it were kept: it overrides a provider the stack does not declare.
        files: { [PREVIEW_OVERRIDE_FILE]: JSON.stringify({ provider: { aws: [{ skip_credentials_validation: true }] } }) },
      },
    ]);
    tmpDirs.push(outdir);
    const result = await planStacks({ outdir, mode: 'real', env });
    expect(result.failed).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'plain', PREVIEW_OVERRIDE_FILE))).toBe(false);
  });
});

describeWithTerraform('init with the provider mirror', (mirror) => {
  it('symlinks the mirrored provider (no copy), skips an up-to-date init, and recovers from a stale one', async () => {
    const json = {
      terraform: { required_providers: { aws: AWS }, backend: { local: { path: 'b.tfstate' } } },
      provider: { aws: [{ region: 'us-west-2' }] },
      resource: { aws_s3_bucket: { b: { bucket: 'spillway-test-b' } } },
    };
    const dir = stackDir(json);
    writePreviewOverride(dir, buildPreviewOverride(json, { previewStateFile: 'unused' }));
    const cli = prepareTerraformCli({ plansDir: path.join(dir, 'plans'), projectRoot: PROJECT_ROOT, mirror });
    const childEnv = { ...env, ...cli.env };

    const first = await ensureInit({ cwd: dir, env: childEnv });
    expect(first).toMatchObject({ exitCode: 0, skipped: false });
    const installed = path.join(dir, '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64');
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(true);
    // Through the plugin cache (itself a symlink) to the mirror: the same inode, never a copy.
    const binary = fs.readdirSync(installed).find((f) => f.startsWith('terraform-provider-aws'))!;
    expect(fs.statSync(path.join(installed, binary)).ino).toBe(
      fs.statSync(path.join(mirror.path, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64', binary)).ino,
    );
    expect(fs.existsSync(path.join(dir, INIT_STAMP_FILE))).toBe(true);
    expect(await ensureInit({ cwd: dir, env: childEnv })).toMatchObject({ exitCode: 0, skipped: true });

    // What init depends on is in the fingerprint (backend, providers, CLI config); resources are not.
    const fingerprint = initFingerprint(dir, childEnv);
    const variant = (change: (j: typeof json) => void) => {
      const copy = JSON.parse(JSON.stringify(json));
      change(copy);
      return initFingerprint(stackDir(copy), childEnv);
    };
    expect(initFingerprint(dir, { ...childEnv, TF_CLI_CONFIG_FILE: '/other' })).not.toBe(fingerprint);
    expect(fs.readdirSync(dir)).toContain(PREVIEW_OVERRIDE_FILE);
    fs.renameSync(path.join(dir, PREVIEW_OVERRIDE_FILE), path.join(dir, 'moved.json'));
    expect(initFingerprint(dir, childEnv)).not.toBe(fingerprint);
    fs.renameSync(path.join(dir, 'moved.json'), path.join(dir, PREVIEW_OVERRIDE_FILE));
    expect(initFingerprint(dir, childEnv)).toBe(fingerprint);
    const base = variant(() => undefined);
    expect(variant((j) => (j.terraform.backend.local.path = 'other.tfstate'))).not.toBe(base);
    expect(variant((j) => (j.terraform.required_providers.aws.version = '5.99.0'))).not.toBe(base);
    expect(variant((j) => (j.resource.aws_s3_bucket.b.bucket = 'renamed'))).toBe(base);

    // A stale init (provider link gone) is caught by the failing plan and repaired by planStacks.
    const outdir = writeOutdir('stale', [{ name: 'stale', json }]);
    tmpDirs.push(outdir);
    const stale = path.join(outdir, 'stacks', 'stale');
    fs.cpSync(path.join(dir, '.terraform'), path.join(stale, '.terraform'), { recursive: true, verbatimSymlinks: true });
    fs.copyFileSync(path.join(dir, '.terraform.lock.hcl'), path.join(stale, '.terraform.lock.hcl'));
    fs.rmSync(path.join(stale, '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64'));
    const lines: string[] = [];
    const result = await planStacks({ outdir, mode: 'preview', env, extraEnv: cli.env, log: (line) => lines.push(line) });
    expect(result.failed).toBe(false);
    expect(lines).toContain('[stale] init up to date');
    expect(lines).toContain('[stale] plan failed after a skipped init: running init and planning again');
    expect(result.outcomes[0].report.status).toBe('planned');
  });
});

describe('orderStacks / createLimiter', () => {
  it('orders dependencies first and rejects cycles', () => {
    const s = (name: string, ...dependencies: string[]) => ({ name, dependencies });
    expect(orderStacks([s('w1', 'infra'), s('infra'), s('w2', 'infra', 'unknown')]).map((x) => x.name)).toEqual(['infra', 'w1', 'w2']);
    expect(() => orderStacks([s('a', 'b'), s('b', 'a')])).toThrow('stack dependency cycle: a -> b -> a');
  });

  it('runs at most N tasks at once', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = () =>
      limit(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 10));
        active -= 1;
      });
    await Promise.all([task(), task(), task(), task(), task()]);
    expect(peak).toBe(2);
  });
});
