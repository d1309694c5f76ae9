import { loadConfig, EXAMPLE_CONFIG_PATH } from '../../config/load';
import { FleetConfig } from '../../config/schema';
import { buildStacks, SpillwayApp } from '../../stacks/app';
import { tempDir } from './temp-dir';

/** The example config, loaded once per test file. */
export const exampleConfig: FleetConfig = loadConfig(EXAMPLE_CONFIG_PATH);

/**
 * The app for a config, synthesized once into a temporary outdir: cross-stack references only become
 * remote-state reads and outputs during the app's synth, so per-stack synths must come after it.
 */
export function synthesizedStacks(config: FleetConfig = exampleConfig): SpillwayApp & { outdir: string } {
  const outdir = tempDir('spillway-synth-');
  const stacks = buildStacks(config, { outdir });
  stacks.app.synth();
  return { ...stacks, outdir };
}
