/**
 * Reads a fleet config file (YAML), validates it once, fills defaults, and turns every problem into a
 * line naming the field path, the value found and what is allowed. Nothing downstream re-validates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FleetConfig, fleetSchema, formatPath } from './schema';
import { validateFleet } from './validate/fleet';

/** The section schemas, then the cross-field rules of config/validate/. */
const validatedFleetSchema = fleetSchema.superRefine(validateFleet);

/** The environment variable that chooses the config file. */
export const CONFIG_ENV_VAR = 'SPILLWAY_CONFIG';
export const EXAMPLE_CONFIG_PATH = path.join(__dirname, 'environments', 'example.yaml');

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid Spillway config ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Which file to load: the argument, else $SPILLWAY_CONFIG, else the embedded example. */
export function resolveConfigPath(file?: string): string {
  return path.resolve(file ?? process.env[CONFIG_ENV_VAR] ?? EXAMPLE_CONFIG_PATH);
}

export function loadConfig(file?: string): FleetConfig {
  const configPath = resolveConfigPath(file);
  if (!fs.existsSync(configPath)) {
    throw new ConfigError(configPath, [`file not found (set ${CONFIG_ENV_VAR} to a YAML file, or unset it for the example)`]);
  }
  return parseConfig(fs.readFileSync(configPath, 'utf8'), configPath);
}

/** Validates YAML text; `source` names it in errors. */
export function parseConfig(text: string, source = '<inline>'): FleetConfig {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(source, document.errors.map((error) => `YAML: ${error.message.split('\n')[0]}`));
  }
  const raw: unknown = document.toJS();
  const result = validatedFleetSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error, raw));
  return result.data;
}

function describeIssues(error: z.ZodError, raw: unknown): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      // One line per unknown key, at the key's own path.
      return issue.keys.map((key) => `${formatPath([...issue.path, key]) || key}: ${issue.message}`);
    }
    const where = formatPath(issue.path) || '(top level)';
    const value = valueAt(raw, issue.path);
    const found = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
    // Cross-field messages already quote the value; every other message gets it appended.
    const quoted = issue.code === z.ZodIssueCode.custom && issue.params?.valueQuoted === true;
    const message = quoted ? issue.message : `${issue.message} (${found})`;
    return [`${where}: ${message}`];
  });
}

function valueAt(raw: unknown, issuePath: readonly (string | number)[]): unknown {
  let node: unknown = raw;
  for (const part of issuePath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}
