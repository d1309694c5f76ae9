/**
 * The one real plan of the example that integration tests share: synthesized by `main.ts` (what `cdktf
 * synth` runs) and planned with terraform in preview mode, once per `npm test`, by the global setup while
 * the other test files run. A test reads it with `exampleInfraPlan()`, which waits until it is there.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { StackOutcome } from '../../../scripts/lib/plan-stacks';

/** Set by the global setup for the test workers: the directory the plan is written to. */
export const EXAMPLE_PLAN_ENV_VAR = 'SPILLWAY_TEST_EXAMPLE_PLAN_DIR';
export const RESULT_FILE = 'result.json';

export type ExamplePlanResult =
  | {
      readonly status: 'planned';
      /** The cdktf output directory main.ts wrote. */
      readonly outdir: string;
      readonly plansDir: string;
      /** TF_CLI_CONFIG_FILE (the mirror) the plan ran with. */
      readonly cliEnv: Readonly<Record<string, string>>;
      /** Every stack's outcome, in manifest order (InfraStack first). */
      readonly outcomes: readonly StackOutcome[];
      readonly failed: boolean;
    }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'error'; readonly error: string };

/** Waits for the global setup's result (the plan takes a minute on two cores). */
export async function exampleInfraPlan(timeoutMs = 600_000): Promise<ExamplePlanResult> {
  const dir = process.env[EXAMPLE_PLAN_ENV_VAR];
  if (!dir) throw new Error(`${EXAMPLE_PLAN_ENV_VAR} is not set: run the integration tests through jest.config.js (its global setup plans the example)`);
  const file = path.join(dir, RESULT_FILE);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no example plan in ${dir} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ExamplePlanResult;
}
