import * as fs from 'fs';
import { parse, stringify } from 'yaml';
import { ConfigError, EXAMPLE_CONFIG_PATH, parseConfig } from '../../config/load';

/** The embedded example's YAML text, read once. */
export const exampleText = fs.readFileSync(EXAMPLE_CONFIG_PATH, 'utf8');

/** The example config with one change applied, as YAML text. */
export function exampleWith(change: (config: any) => void): string {
  const config = parse(exampleText);
  change(config);
  return stringify(config);
}

/** The loader's problem lines for a config that must be rejected; fails the test if it is accepted. */
export function problemsOf(text: string): string[] {
  try {
    parseConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected the config to be rejected');
}
