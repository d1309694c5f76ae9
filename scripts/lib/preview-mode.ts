/**
 * Preview mode: plan without touching AWS. Decides between a real and a preview plan from the
 * environment, and writes the Terraform override file that makes a synthesized stack plannable with
 * mock credentials (no STS, no IMDS, no account lookup, no remote backend).
 *
 * Override files (`*_override.tf.json`) are merged by Terraform after the normal files: a top-level
 * block merges into the block with the same header (for providers: same name and `alias`), attributes
 * replace attributes, nested blocks of the same type replace all original ones, and a `backend` block
 * in an override replaces the original backend (or `cloud` block).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { normalizeProviderSource } from './terraform-runner';

export type PlanMode = 'preview' | 'real';

export const PREVIEW_ENV_VAR = 'SPILLWAY_PREVIEW';
export const PREVIEW_FLAG = '--preview';
export const PREVIEW_OVERRIDE_FILE = 'spillway_preview_override.tf.json';
export const AWS_PROVIDER_SOURCE = 'registry.terraform.io/hashicorp/aws';

/** Mock static credentials: syntactically valid, never sent anywhere (every AWS lookup is skipped). */
export const MOCK_ACCESS_KEY = 'AKIASPILLWAYPREVIEW0';
export const MOCK_SECRET_KEY = 'spillway-preview-mock-secret-key-not-a-credential';

/** Environment variables that each, alone, make AWS credentials available to the provider. */
const CREDENTIAL_ENV_VARS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
] as const;

/** Removed from the terraform child environment in preview mode, so nothing can pick up real credentials. */
const PREVIEW_SCRUBBED_ENV_VARS = [
  ...CREDENTIAL_ENV_VARS,
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_DEFAULT_PROFILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

export interface ModeDecision {
  readonly mode: PlanMode;
  /** Why, in a few words, for the console and the summary. */
  readonly reason: string;
}

export interface ModeInputs {
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly homedir?: string;
  readonly fileExists?: (p: string) => boolean;
}

/** Where the AWS SDK would find credentials, or undefined when it would find none. */
export function findAwsCredentials(inputs: Omit<ModeInputs, 'argv'> = {}): string | undefined {
  const env = inputs.env ?? process.env;
  const fileExists = inputs.fileExists ?? defaultFileExists;
  for (const name of CREDENTIAL_ENV_VARS) {
    if (env[name]?.trim()) return `$${name}`;
  }
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE?.trim() || path.join(inputs.homedir ?? os.homedir(), '.aws', 'credentials');
  return fileExists(credentialsFile) ? credentialsFile : undefined;
}

export function isPreviewForced(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes(PREVIEW_FLAG) || /^(1|true|yes|on)$/i.test(env[PREVIEW_ENV_VAR]?.trim() ?? '');
}

/** Real plan when AWS credentials are available, preview otherwise or when forced. */
export function resolvePlanMode(inputs: ModeInputs = {}): ModeDecision {
  const env = inputs.env ?? process.env;
  const argv = inputs.argv ?? process.argv.slice(2);
  if (argv.includes(PREVIEW_FLAG)) return { mode: 'preview', reason: `${PREVIEW_FLAG} given` };
  if (isPreviewForced([], env)) return { mode: 'preview', reason: `${PREVIEW_ENV_VAR}=${env[PREVIEW_ENV_VAR]}` };
  const credentials = findAwsCredentials(inputs);
  return credentials
    ? { mode: 'real', reason: `AWS credentials from ${credentials}` }
    : { mode: 'preview', reason: 'no AWS credentials in the environment' };
}

/** The environment for terraform in preview mode: no credential sources, no instance metadata lookups. */
export function previewChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const name of PREVIEW_SCRUBBED_ENV_VARS) delete out[name];
  out.AWS_EC2_METADATA_DISABLED = 'true';
  return out;
}

/** The subset of a synthesized stack (cdk.tf.json) this module reads. */
export interface StackJson {
  readonly terraform?: {
    readonly backend?: Record<string, unknown>;
    readonly cloud?: unknown;
    readonly required_providers?: Record<string, unknown>;
  };
  readonly provider?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Local names under which a stack declares hashicorp/aws (normally just `aws`). */
export function awsProviderLocalNames(stack: StackJson): string[] {
  const required = stack.terraform?.required_providers ?? {};
  const names = Object.entries(required)
    .filter(([name, requirement]) => {
      const source = typeof requirement === 'string' ? undefined : (requirement as { source?: string } | null)?.source;
      return normalizeProviderSource(source ?? name) === AWS_PROVIDER_SOURCE;
    })
    .map(([name]) => name);
  // An undeclared `aws` provider block still means hashicorp/aws (implied source).
  if (!('aws' in required) && stack.provider && 'aws' in stack.provider) names.push('aws');
  return names.sort();
}

/** Every provider block of one local name, whether written as one object or an array (cdktf). */
export function providerBlocks(stack: StackJson, localName: string): Record<string, unknown>[] {
  const value = stack.provider?.[localName];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null);
}

/** The backend type a stack uses: `local` when none is configured; `cloud` for a `cloud` block. */
export function backendType(stack: StackJson): string {
  const backend = stack.terraform?.backend;
  const declared = backend ? Object.keys(backend)[0] : undefined;
  if (declared) return declared;
  return stack.terraform?.cloud ? 'cloud' : 'local';
}

export interface PreviewOverride {
  /** The override file's JSON content. */
  readonly content: Record<string, unknown>;
  /** Provider blocks overridden, as `aws` or `aws.<alias>`. */
  readonly providers: readonly string[];
  /** The backend type replaced by a local one, when the stack's backend is not local. */
  readonly replacedBackend?: string;
}

/** Settings that could make the AWS provider look for real credentials or an account: unset in preview. */
const UNSET_IN_PREVIEW = [
  'profile',
  'token',
  'shared_config_files',
  'shared_credentials_files',
  'allowed_account_ids',
  'forbidden_account_ids',
];
/** Nested blocks that would call STS; replaced by one inert block (the provider ignores an empty role_arn). */
const NEUTRALIZED_BLOCKS = ['assume_role', 'assume_role_with_web_identity'];

/**
 * Builds the preview override for one stack, or undefined when the stack needs none (no AWS provider
 * and a local backend). Pure.
 */
export function buildPreviewOverride(stack: StackJson, options: { readonly previewStateFile: string }): PreviewOverride | undefined {
  const providers: string[] = [];
  const providerOverrides: Record<string, Record<string, unknown>[]> = {};
  for (const localName of awsProviderLocalNames(stack)) {
    const blocks = providerBlocks(stack, localName);
    if (blocks.length === 0) continue;
    providerOverrides[localName] = blocks.map((block) => {
      const alias = typeof block.alias === 'string' ? block.alias : undefined;
      providers.push(alias ? `${localName}.${alias}` : localName);
      const override: Record<string, unknown> = {
        ...(alias ? { alias } : {}),
        access_key: MOCK_ACCESS_KEY,
        secret_key: MOCK_SECRET_KEY,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      };
      for (const key of UNSET_IN_PREVIEW) if (key in block) override[key] = null;
      for (const key of NEUTRALIZED_BLOCKS) if (key in block) override[key] = [{ role_arn: '' }];
      return override;
    });
  }
  const type = backendType(stack);
  const replacedBackend = type === 'local' ? undefined : type;
  if (providers.length === 0 && !replacedBackend) return undefined;
  const content: Record<string, unknown> = {
    '//': 'Written by `npm run plan` in preview mode (mock AWS credentials, no AWS calls). Removed by a real plan.',
  };
  if (replacedBackend) content.terraform = { backend: { local: { path: options.previewStateFile } } };
  if (providers.length > 0) content.provider = providerOverrides;
  return { content, providers, replacedBackend };
}

/** Writes (or, with undefined, removes) the preview override in a stack directory. */
export function writePreviewOverride(stackDir: string, override: PreviewOverride | undefined): void {
  if (!override) {
    removePreviewOverride(stackDir);
    return;
  }
  fs.writeFileSync(path.join(stackDir, PREVIEW_OVERRIDE_FILE), `${JSON.stringify(override.content, null, 2)}\n`);
}

/** Real mode: a stale override from an earlier preview must not turn a real plan into a mock one. */
export function removePreviewOverride(stackDir: string): boolean {
  const file = path.join(stackDir, PREVIEW_OVERRIDE_FILE);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}

function defaultFileExists(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
