/** Waits for the example's plan if no test did (a filtered run), so no terraform outlives Jest. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.spillwayExamplePlan;
}
