// Registers cdktf's Jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...).
import { Testing } from 'cdktf';

Testing.setupJest();

// One terraform at a time per file (each AWS provider process holds 0.3-0.4 GB); across files the
// integration global setup's SPILLWAY_TERRAFORM_LOCK keeps it to one on the machine.
process.env.SPILLWAY_TERRAFORM_CONCURRENCY ??= '1';

if (process.env.SPILLWAY_SYNTH_CAPTURE) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./synth-capture').captureSynthesizedJson(process.env.SPILLWAY_SYNTH_CAPTURE);
}
