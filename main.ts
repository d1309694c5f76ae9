/** Entry point for `cdktf synth|deploy`: config file -> validated config -> stacks -> guardrails -> Terraform JSON. */
import { ConfigError, loadConfig } from './config/load';
import { GuardrailError } from './constructs/guardrails/guardrails';
import { synthesizeFleet } from './stacks/synthesize';

try {
  synthesizeFleet(loadConfig());
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof GuardrailError)) throw error;
  // Both are raised before any stack is written.
  console.error(error.message);
  process.exit(1);
}
