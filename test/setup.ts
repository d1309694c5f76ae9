// Registers cdktf's Jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...).
import { Testing } from 'cdktf';

Testing.setupJest();

// Jest runs two test files at once; one terraform at a time per file keeps the suite's peak memory near
// 2 GiB (each AWS provider process holds about 0.5 GB).
process.env.SPILLWAY_TERRAFORM_CONCURRENCY ??= '1';

if (process.env.SPILLWAY_SYNTH_CAPTURE) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./synth-capture').captureSynthesizedJson(process.env.SPILLWAY_SYNTH_CAPTURE);
}
