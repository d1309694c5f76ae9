/**
 * Reads a fleet config file (YAML), validates it once, fills defaults, and turns every problem into a
 * line naming the field path, the value found and what is allowed. Nothing downstream re-validates.
 * The steps: load-read.ts (file, UTF-8), load-yaml.ts (YAML), the schema and cross-field rules, and
 * load-describe.ts (issues as lines).
 */
import * as path from 'path';
import { ConfigError } from './errors';
import { describeIssues } from './load-describe';
import { readConfigFile } from './load-read';
import { parseYaml } from './load-yaml';
import { FleetConfig, fleetSchema } from './schema';
import { validateFleet } from './validate/fleet';

export { ConfigError } from './errors';

/** The section schemas, then the cross-field rules of config/validate/. */
const validatedFleetSchema = fleetSchema.superRefine(validateFleet);

/** The environment variable that chooses the config file. */
export const CONFIG_ENV_VAR = 'SPILLWAY_CONFIG';
export const EXAMPLE_CONFIG_PATH = path.join(__dirname, 'environments', 'example.yaml');

const CHOOSE_A_FILE = `set ${CONFIG_ENV_VAR} to a YAML file, or unset it for the example`;

/** Which file to load: the argument, else $SPILLWAY_CONFIG, else the embedded example. */
export function resolveConfigPath(file?: string): string {
  const fromEnv = process.env[CONFIG_ENV_VAR];
  // Set but empty is an error, not "unset": it is what `SPILLWAY_CONFIG=$TYPO` gives in CI, and falling
  // back to the example would synthesize (and plan) a fleet nobody asked for. path.resolve('') would
  // even take it as the current directory.
  if (file === undefined && fromEnv !== undefined && fromEnv.trim() === '') {
    throw new ConfigError(`${CONFIG_ENV_VAR}=""`, [`${CONFIG_ENV_VAR} is set but empty; ${CHOOSE_A_FILE}`]);
  }
  return path.resolve(file ?? fromEnv ?? EXAMPLE_CONFIG_PATH);
}

export function loadConfig(file?: string): FleetConfig {
  const configPath = resolveConfigPath(file);
  return parseConfig(readConfigFile(configPath, CHOOSE_A_FILE), configPath);
}

/** Validates YAML text; `source` names it in errors. */
export function parseConfig(text: string, source = '<inline>'): FleetConfig {
  const raw = parseYaml(text, source);
  const result = validatedFleetSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error, raw));
  return result.data;
}
