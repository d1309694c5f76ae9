/**
 * `npm run plan [-- --preview] [-- --config <file>]`: synthesize in-process, plan every stack with
 * terraform, write `cdktf.out/plans/{<stack>.tfplan,<stack>.json,plan-summary.md}` and print the summary.
 *
 * Preview mode (no AWS credentials, SPILLWAY_PREVIEW=1 or --preview) never calls AWS. A provider mirror
 * (SPILLWAY_TF_PLUGIN_MIRROR, else /opt/tf-plugins when present) is used for the providers it holds.
 * Exit codes: 0 planned (stacks that cannot be planned here are listed, not failures), 1 config or
 * terraform error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig } from '../config/load';
import { buildApp } from '../stacks/app';
import { planStacks, readManifest, resetPlansDir } from './lib/plan-stacks';
import { renderSummary } from './lib/plan-summary';
import { PREVIEW_ENV_VAR, PREVIEW_FLAG, removePreviewOverride, resolvePlanMode } from './lib/preview-mode';
import { MIRROR_ENV_VAR, prepareTerraformCli } from './lib/terraform-cli-config';

const USAGE = `Usage: npm run plan [-- ${PREVIEW_FLAG}] [-- --config <file>]

  ${PREVIEW_FLAG}        plan with mock AWS credentials, no AWS calls (also ${PREVIEW_ENV_VAR}=1;
                   the default when no AWS credentials are in the environment)
  --config <file>  fleet config (default $SPILLWAY_CONFIG, else config/environments/example.yaml)

  ${MIRROR_ENV_VAR}=<dir|none>  Terraform provider mirror (default /opt/tf-plugins when present)`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const configIndex = argv.indexOf('--config');
  const configFile = configIndex >= 0 ? argv[configIndex + 1] : undefined;
  if (configIndex >= 0 && !configFile) {
    console.error(`--config needs a file\n\n${USAGE}`);
    return 1;
  }
  const started = Date.now();
  const projectRoot = path.resolve(__dirname, '..');
  const outdir = path.join(projectRoot, 'cdktf.out');
  const plansDir = path.join(outdir, 'plans');

  // 1. Config and synthesis. A config error writes nothing.
  let app: ReturnType<typeof buildApp>;
  try {
    app = buildApp(loadConfig(configFile), { outdir });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const mode = resolvePlanMode({ argv });
  app.synth();
  console.log(`Synthesized to ${path.relative(process.cwd(), outdir) || outdir} in ${seconds(Date.now() - started)}`);

  // 2. Terraform setup.
  resetPlansDir(plansDir);
  const cli = prepareTerraformCli({ plansDir, projectRoot });
  console.log(
    mode.mode === 'preview'
      ? `PREVIEW MODE (${mode.reason}): mock AWS credentials, no AWS API calls. Not a plan against the real account.`
      : `Real plan (${mode.reason}).`,
  );
  console.log(cli.description);

  // 3. Plan every stack. The preview override (mock credentials) never outlives the run: a later
  // `cdktf deploy` from the same cdktf.out must not pick it up.
  let result: Awaited<ReturnType<typeof planStacks>>;
  try {
    result = await planStacks({
      outdir,
      plansDir,
      mode: mode.mode,
      extraEnv: cli.env,
      displayRoot: process.cwd(),
      log: (line) => console.log(line),
    });
  } finally {
    for (const stack of readManifest(outdir)) removePreviewOverride(stack.dir);
  }

  // 4. Summary.
  const summary = renderSummary({ mode: mode.mode, modeReason: mode.reason, stacks: result.outcomes.map((o) => o.report) });
  const summaryFile = path.join(plansDir, 'plan-summary.md');
  fs.writeFileSync(summaryFile, summary);
  console.log(`\n${summary}`);
  for (const outcome of result.outcomes) {
    if (outcome.report.status === 'failed') console.error(`\nterraform failed for ${outcome.report.stack}:\n${outcome.stderr ?? outcome.report.error}`);
  }
  console.log(`Wrote ${path.relative(process.cwd(), summaryFile)} (${seconds(Date.now() - started)} total)`);
  return result.failed ? 1 : 0;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
