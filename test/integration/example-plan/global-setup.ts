/**
 * Jest global setup of the integration project: starts the example's plan (see example-plan.ts) and
 * returns at once, so the plan runs beside the other test files. The terraform lock keeps it to one
 * terraform at a time with theirs. Synthesis runs in a child process, so the Jest parent never loads the
 * constructs.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planStacks } from '../../../scripts/lib/plan-stacks';
import { prepareTerraformCli } from '../../../scripts/lib/terraform-cli-config';
import { TERRAFORM_LOCK_ENV_VAR } from '../../../scripts/lib/terraform-lock';
import { PROJECT_ROOT, terraformWithMirror } from '../terraform-fixtures';
import { EXAMPLE_PLAN_ENV_VAR, ExamplePlanResult, RESULT_FILE } from './example-plan';
import { EXAMPLE_CONFIG_PATH } from '../../../config/load';
import { MAIN_ARGS, mainEnv } from '../../support/main-process';

/** `main.ts` as `cdktf synth` runs it, in `dir`: writes `dir/cdktf.out`. */
function synthesizeExample(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, MAIN_ARGS, {
      cwd: dir,
      env: mainEnv({ SPILLWAY_CONFIG: EXAMPLE_CONFIG_PATH }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`main.ts exited ${code}: ${stderr.slice(-2000)}`))));
  });
}

async function planExample(dir: string): Promise<ExamplePlanResult> {
  const found = terraformWithMirror();
  if ('skip' in found) return { status: 'skipped', reason: found.skip };
  await synthesizeExample(dir);
  const outdir = path.join(dir, 'cdktf.out');
  const plansDir = path.join(outdir, 'plans');
  const cli = prepareTerraformCli({ plansDir, projectRoot: PROJECT_ROOT, mirror: found.mirror });
  const { outcomes, failed } = await planStacks({ outdir, plansDir, mode: 'preview', extraEnv: cli.env, concurrency: 1, displayRoot: outdir });
  return { status: 'planned', outdir, plansDir, cliEnv: cli.env, outcomes, failed };
}

declare global {
  // The plan in flight, for the global teardown.
  // eslint-disable-next-line no-var
  var spillwayExamplePlan: Promise<void> | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-example-plan-'));
  // Workers are started after this returns and inherit the environment.
  process.env[EXAMPLE_PLAN_ENV_VAR] = dir;
  process.env[TERRAFORM_LOCK_ENV_VAR] ??= path.join(dir, 'terraform.lock');
  const write = (result: ExamplePlanResult) => fs.writeFileSync(path.join(dir, RESULT_FILE), JSON.stringify(result));
  globalThis.spillwayExamplePlan = planExample(dir).then(write, (error: Error) => write({ status: 'error', error: error.stack ?? String(error) }));
}
