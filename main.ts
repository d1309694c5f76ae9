/** Entry point for `cdktf synth|deploy`: config file -> validated config -> stacks -> Terraform JSON. */
import { ConfigError, loadConfig } from './config/load';
import { buildApp } from './stacks/app';

try {
  buildApp(loadConfig()).synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // Validation happens before any stack is built, so nothing was written.
  console.error(error.message);
  process.exit(1);
}
