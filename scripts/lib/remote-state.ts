/**
 * State left behind in an S3 backend: the `.tfstate` keys under the fleet's `stateBackend.keyPrefix` that no
 * stack of the app owns any more (an environment or a stack renamed moves a stack's key, and the old key keeps
 * the old resources' state). The local backend's version is orphaned-state.ts.
 *
 * Both reads go through the real terraform with the caller's credentials, so no AWS SDK is needed and the
 * permissions are the ones the plan already uses: a throwaway root lists the prefix with the `aws_s3_objects`
 * data source, then each stray key is read with `terraform state pull` through an `s3` backend. Nothing is
 * written to the bucket, and the throwaway directory (its local state holds only key names) is removed.
 * Real plans only: preview mode never calls AWS.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OrphanedState, countManagedResources } from './orphaned-state';
import { TerraformResult, firstError, runTerraform } from './terraform-runner';

/** An S3-compatible endpoint (MinIO, LocalStack, a test server) instead of AWS: path-style, no STS or account lookup. */
export const S3_ENDPOINT_ENV_VAR = 'SPILLWAY_S3_ENDPOINT';

export interface S3StateLocation {
  readonly bucket: string;
  readonly keyPrefix: string;
  readonly region: string;
}

export interface RemoteStateOptions {
  /** Scratch directory for the throwaway roots; removed afterwards. */
  readonly workDir: string;
  /** Environment for terraform (credentials, CLI config with the provider mirror). */
  readonly env: NodeJS.ProcessEnv;
  /** The hashicorp/aws version the stacks pin, so the mirror serves the listing too. */
  readonly awsProviderVersion: string;
  /** @default the environment's SPILLWAY_S3_ENDPOINT, else AWS */
  readonly endpoint?: string;
}

export type RemoteStateResult =
  | { readonly checked: true; readonly orphaned: readonly OrphanedState[] }
  | { readonly checked: false; readonly why: string };

/** The key a stack's state lives under (stacks/backend.ts writes the same). */
export function stateKey(location: Pick<S3StateLocation, 'keyPrefix'>, stack: string): string {
  return `${location.keyPrefix}/${stack}.tfstate`;
}

export function s3Url(location: Pick<S3StateLocation, 'bucket'>, key: string): string {
  return `s3://${location.bucket}/${key}`;
}

/** State keys directly under the prefix that no current stack owns; lock files and nested keys are not state of ours. */
export function strayStateKeys(keys: readonly string[], location: Pick<S3StateLocation, 'keyPrefix'>, stacks: readonly string[]): string[] {
  const owned = new Set(stacks.map((stack) => stateKey(location, stack)));
  const direct = new RegExp(`^${escapeRegExp(location.keyPrefix)}/[^/]+\\.tfstate$`);
  return keys.filter((key) => direct.test(key) && !owned.has(key)).sort();
}

/** Lists the prefix and counts the managed resources each stray state still holds; states holding none are not reported. */
export async function findRemoteOrphanedState(
  location: S3StateLocation,
  stacks: readonly string[],
  options: RemoteStateOptions,
): Promise<RemoteStateResult> {
  const endpoint = options.endpoint ?? (options.env[S3_ENDPOINT_ENV_VAR] || undefined);
  fs.rmSync(options.workDir, { recursive: true, force: true });
  try {
    const listed = await listKeys(location, { ...options, endpoint });
    if ('why' in listed) return { checked: false, why: listed.why };
    const orphaned: OrphanedState[] = [];
    for (const key of strayStateKeys(listed.keys, location, stacks)) {
      const pulled = await pullState(location, key, { ...options, endpoint });
      if ('why' in pulled) return { checked: false, why: pulled.why };
      const resources = countManagedResources(pulled.state);
      if (resources > 0) orphaned.push({ stack: path.basename(key, '.tfstate'), stateFile: s3Url(location, key), resources });
    }
    return { checked: true, orphaned };
  } finally {
    fs.rmSync(options.workDir, { recursive: true, force: true });
  }
}

type Resolved = RemoteStateOptions & { readonly endpoint: string | undefined };

async function listKeys(location: S3StateLocation, options: Resolved): Promise<{ keys: string[] } | { why: string }> {
  const dir = path.join(options.workDir, 'list');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(listingRoot(location, options), null, 2));
  const run = (args: string[]) => runTerraform([...args, '-no-color'], { cwd: dir, env: options.env });
  const steps: [string, string[]][] = [
    ['init', ['init', '-input=false']],
    ['apply', ['apply', '-input=false', '-auto-approve']],
  ];
  for (const [name, args] of steps) {
    const result = await run(args);
    if (result.exitCode !== 0) return { why: failure(`listing ${s3Url(location, `${location.keyPrefix}/`)} (terraform ${name})`, result) };
  }
  const output = await run(['output', '-json', 'keys']);
  if (output.exitCode !== 0) return { why: failure('reading the listed keys', output) };
  return { keys: JSON.parse(output.stdout) as string[] };
}

async function pullState(location: S3StateLocation, key: string, options: Resolved): Promise<{ state: string } | { why: string }> {
  const dir = path.join(options.workDir, 'read');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { backend: { s3: {} } } }));
  const backendConfig = Object.entries(backendSettings(location, key, options.endpoint)).map(([name, value]) => `-backend-config=${name}=${value}`);
  const init = await runTerraform(['init', '-input=false', '-reconfigure', '-no-color', ...backendConfig], { cwd: dir, env: options.env });
  if (init.exitCode !== 0) return { why: failure(`reading ${s3Url(location, key)} (terraform init)`, init) };
  // `state pull` prints the state to our stdout only: it is counted in memory and never written to disk.
  const pulled = await runTerraform(['state', 'pull'], { cwd: dir, env: options.env });
  if (pulled.exitCode !== 0) return { why: failure(`reading ${s3Url(location, key)} (terraform state pull)`, pulled) };
  return { state: pulled.stdout };
}

/** The throwaway root that lists the prefix: one data source and its output, no resource. */
export function listingRoot(location: S3StateLocation, options: Pick<RemoteStateOptions, 'awsProviderVersion' | 'endpoint'>): object {
  const provider: Record<string, unknown> = { region: location.region };
  if (options.endpoint) {
    Object.assign(provider, {
      endpoints: [{ s3: options.endpoint }],
      s3_use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  }
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: options.awsProviderVersion } } },
    provider: { aws: [provider] },
    data: { aws_s3_objects: { state: { bucket: location.bucket, prefix: `${location.keyPrefix}/`, max_keys: 10000 } } },
    output: { keys: { value: '${data.aws_s3_objects.state.keys}' } },
  };
}

function backendSettings(location: S3StateLocation, key: string, endpoint: string | undefined): Record<string, string> {
  const settings: Record<string, string> = { bucket: location.bucket, key, region: location.region };
  if (!endpoint) return settings;
  return {
    ...settings,
    endpoints: `{s3="${endpoint}"}`,
    use_path_style: 'true',
    skip_credentials_validation: 'true',
    skip_requesting_account_id: 'true',
    skip_region_validation: 'true',
  };
}

function failure(what: string, result: TerraformResult): string {
  return `${what} failed: ${firstError(result)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
