import * as fs from 'fs';
import { EXAMPLE_PLAN_ENV_VAR } from './example-plan';

/** Waits for the example's plan if no test did (a filtered run), so no terraform outlives Jest; then cleans up. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.spillwayExamplePlan;
  const dir = process.env[EXAMPLE_PLAN_ENV_VAR];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
