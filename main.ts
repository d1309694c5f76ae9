/** Entry point for `cdktf synth|deploy`: config file -> validated config -> stacks -> guardrails -> Terraform JSON. */
import { synthCommand } from './stacks/synthesize';

process.exitCode = synthCommand();
