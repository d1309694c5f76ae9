/**
 * `npm run plan [-- --preview] [-- --config <file>] [-- --fail-on-danger]`: synthesize in-process (the
 * guardrails run on that synth), plan every stack with terraform, write
 * `cdktf.out/plans/{<stack>.tfplan,<stack>.json,plan-summary.md,plan-comment.md}` and print the summary.
 * `plan-comment.md` is the pull-request comment: the sticky marker line and the summary shortened to
 * GitHub's comment limit when needed.
 *
 * Preview mode (no AWS credentials, SPILLWAY_PREVIEW=1 or --preview) never calls AWS. A provider mirror
 * (SPILLWAY_TF_PLUGIN_MIRROR, else /opt/tf-plugins when present) is used for the providers it holds.
 * Exit codes: 0 planned (stacks that cannot be planned here are listed, not failures), 1 config,
 * guardrail or terraform error, 2 with --fail-on-danger when the danger section is not empty (the
 * summary is written first).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, resolveConfigPath } from '../config/load';
import type { FleetConfig } from '../config/schema';
import type { WaivedViolation } from '../constructs/guardrails/guardrails';
import { capacitySection } from './lib/capacity-section';
import { artifactPointerFromEnv, renderComment } from './lib/comment-limit';
import { DangerousChange, allDangers } from './lib/danger';
import { planStacks, readManifest, resetPlansDir } from './lib/plan-stacks';
import { SummaryInput, buildContext, buildSummary, defaultSectionsWith } from './lib/plan-summary';
import { findStateLeftBehind } from './lib/state-left-behind';
import { supportCalendarSection } from './lib/support-calendar-section';
import { gatewayLevelSection } from './summary/gateway-levels';
import { PREVIEW_ENV_VAR, PREVIEW_FLAG, removePreviewOverride, resolvePlanMode } from './lib/preview-mode';
import { MIRROR_ENV_VAR, prepareTerraformCli } from './lib/terraform-cli-config';
import { renderMarkdown } from './summary/render-markdown';

export const FAIL_ON_DANGER_FLAG = '--fail-on-danger';
export const SKIP_SYNTH_FLAG = '--skip-synth';
/** Exit code of a run that planned fine but found dangerous changes, with --fail-on-danger. */
export const DANGER_EXIT_CODE = 2;

const USAGE = `Usage: npm run plan [-- ${PREVIEW_FLAG}] [-- --config <file>] [-- ${FAIL_ON_DANGER_FLAG}]

  ${PREVIEW_FLAG}        plan with mock AWS credentials, no AWS calls (also ${PREVIEW_ENV_VAR}=1;
                   the default when no AWS credentials are in the environment)
  --config <file>  fleet config (default $SPILLWAY_CONFIG, else config/environments/example.yaml)
  ${FAIL_ON_DANGER_FLAG} exit ${DANGER_EXIT_CODE} when a stateful resource would be destroyed or replaced
                   (after writing the summary)
  --outdir <dir>   cdktf output directory (default cdktf.out)
  ${SKIP_SYNTH_FLAG}     plan what <outdir> already holds (no synth, so no guardrail check and no
                   waiver list); the config is still read for the cost ceiling

  ${MIRROR_ENV_VAR}=<dir|none>  Terraform provider mirror (default /opt/tf-plugins when present)`;

/** The dangerous changes of a summary (what the danger section lists): planned ones and those prevent_destroy blocked. */
export function dangersIn(input: Pick<SummaryInput, 'stacks' | 'mode' | 'orphanedState'>): DangerousChange[] {
  return allDangers(buildContext({ mode: input.mode, stacks: input.stacks, orphanedState: input.orphanedState }));
}

/** The run's exit code: a terraform failure (1) wins; then dangers fail the run (2) only when asked to. */
export function planExitCode(outcome: { readonly failed: boolean; readonly dangers: number; readonly failOnDanger: boolean }): number {
  if (outcome.failed) return 1;
  return outcome.failOnDanger && outcome.dangers > 0 ? DANGER_EXIT_CODE : 0;
}

function optionValue(argv: readonly string[], name: string): string | undefined | null {
  const index = argv.indexOf(name);
  if (index < 0) return undefined;
  const value = argv[index + 1];
  return value && !value.startsWith('--') ? value : null;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const configFile = optionValue(argv, '--config');
  const outdirOption = optionValue(argv, '--outdir');
  if (configFile === null || outdirOption === null) {
    console.error(`${configFile === null ? '--config' : '--outdir'} needs a value\n\n${USAGE}`);
    return 1;
  }
  const failOnDanger = argv.includes(FAIL_ON_DANGER_FLAG);
  const skipSynth = argv.includes(SKIP_SYNTH_FLAG);
  const started = Date.now();
  const projectRoot = path.resolve(__dirname, '..');
  const outdir = outdirOption ? path.resolve(outdirOption) : path.join(projectRoot, 'cdktf.out');
  const plansDir = path.join(outdir, 'plans');

  // 1. Config and synthesis. A config error or a guardrail violation writes nothing.
  let config: FleetConfig;
  let waived: readonly WaivedViolation[] | undefined;
  try {
    config = loadConfig(configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (skipSynth) {
    console.log(`Not synthesizing (${SKIP_SYNTH_FLAG}): planning ${path.relative(process.cwd(), outdir) || outdir} as it is`);
  } else {
    // Loaded only to synthesize: --skip-synth (and tests of the exit-code decision) do without the stacks.
    const { GuardrailError, OutputDirError } = await import('../constructs/guardrails/guardrails');
    const { synthesizeFleet } = await import('../stacks/synthesize');
    try {
      waived = synthesizeFleet(config, { outdir }).guardrails.waived;
    } catch (error) {
      if (error instanceof GuardrailError || error instanceof OutputDirError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
    console.log(`Synthesized to ${path.relative(process.cwd(), outdir) || outdir} in ${seconds(Date.now() - started)}`);
  }
  const mode = resolvePlanMode({ argv });

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

  // 4. State left behind by renamed stacks: local state files, and stray keys under an S3 prefix (real plans).
  const leftBehind = await findStateLeftBehind({
    backend: config.stateBackend,
    stacks: readManifest(outdir),
    outdir,
    plansDir,
    mode: mode.mode,
    env: { ...process.env, ...cli.env },
    displayRoot: process.cwd(),
    log: (line) => console.log(line),
  });

  // 5. Summary: the full one, and the pull-request comment that fits GitHub's limit.
  const input: SummaryInput = {
    mode: mode.mode,
    modeReason: mode.reason,
    stacks: result.outcomes.map((o) => o.report),
    config,
    waivedGuardrails: waived,
    orphanedState: leftBehind.orphaned,
    stateLocations: leftBehind.locations,
  };
  // One document, two renderings: the comment is shortened from the same model as the full file.
  // A version in (or near) extended support is a warning in the summary, never a failure.
  const supportCalendar = supportCalendarSection({ kubernetesVersion: config.cluster.kubernetesVersion, clusters: config.regions.length });
  const sections = [...defaultSectionsWith(supportCalendar)];
  // After the support warning: the gateway's degradation level per region (from config), then, with
  // capacity.trafficFile, a one-line capacity check per region.
  const capacity = capacitySection(config, resolveConfigPath(configFile));
  sections.splice(sections.indexOf(supportCalendar) + 1, 0, () => gatewayLevelSection(config), capacity);
  const document = buildSummary(input, { sections });
  const summary = renderMarkdown(document);
  const summaryFile = path.join(plansDir, 'plan-summary.md');
  fs.writeFileSync(summaryFile, summary);
  const comment = renderComment(document, { artifactPointer: artifactPointerFromEnv() });
  const commentFile = path.join(plansDir, 'plan-comment.md');
  fs.writeFileSync(commentFile, comment.markdown);
  console.log(`\n${summary}`);
  for (const outcome of result.outcomes) {
    if (outcome.report.status === 'failed') console.error(`\nterraform failed for ${outcome.report.stack}:\n${outcome.stderr ?? outcome.report.error}`);
  }
  console.log(`Wrote ${path.relative(process.cwd(), summaryFile)} (${seconds(Date.now() - started)} total)`);
  console.log(
    `Wrote ${path.relative(process.cwd(), commentFile)} (${comment.markdown.length} characters${comment.truncated ? `, shortened: ${comment.omitted.join('; ')}` : ''})`,
  );
  const dangers = dangersIn(input);
  const code = planExitCode({ failed: result.failed, dangers: dangers.length, failOnDanger });
  if (code === DANGER_EXIT_CODE) {
    console.error(`\n${FAIL_ON_DANGER_FLAG}: ${dangers.length} destroy or replace of stateful resources:`);
    for (const danger of dangers) {
      const what = danger.kind === 'orphaned' ? `state left behind in ${danger.address} (${danger.reason})` : `${danger.kind} ${danger.address}`;
      console.error(`  ${danger.stack}: ${what}${danger.forcedBy.length > 0 ? ` (forced by ${danger.forcedBy.join(', ')})` : ''}`);
    }
  }
  return code;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
