/**
 * State left behind by stacks the app no longer has, for the danger section: local state files in the outdir
 * (orphaned-state.ts) and, for an S3 backend in a real plan, stray keys under the state prefix
 * (remote-state.ts). Preview mode never calls AWS, so it says the prefix was not listed.
 */
import * as path from 'path';
import type { FleetConfig } from '../../config/schema';
import { OrphanedState, findOrphanedState } from './orphaned-state';
import { findRemoteOrphanedState, s3Url, stateKey } from './remote-state';
import type { PlanMode } from './preview-mode';
import type { StackInfo } from './plan-stacks';

export interface StateLeftBehindInput {
  readonly backend: FleetConfig['stateBackend'];
  readonly stacks: readonly StackInfo[];
  readonly outdir: string;
  readonly plansDir: string;
  readonly mode: PlanMode;
  /** Environment for terraform: the caller's plus the CLI config. */
  readonly env: NodeJS.ProcessEnv;
  readonly displayRoot: string;
  readonly log: (line: string) => void;
}

export interface StateLeftBehind {
  readonly orphaned: readonly OrphanedState[];
  /** Where each current stack keeps its state, so a danger can name the old and the new location. */
  readonly locations: Readonly<Record<string, string>>;
}

export async function findStateLeftBehind(input: StateLeftBehindInput): Promise<StateLeftBehind> {
  const names = input.stacks.map((stack) => stack.name);
  const local = findOrphanedState(input.outdir, names, input.displayRoot);
  const { backend } = input;
  if (backend.type !== 's3') {
    const locations = Object.fromEntries(names.map((name) => [name, path.join('stacks', name, `terraform.${name}.tfstate`)]));
    return { orphaned: local, locations };
  }
  const locations = Object.fromEntries(names.map((name) => [name, s3Url(backend, stateKey(backend, name))]));
  const prefix = s3Url(backend, `${backend.keyPrefix}/`);
  if (input.mode === 'preview') {
    input.log(`State prefix ${prefix} not listed: preview mode makes no AWS call (a real plan lists it for state left behind).`);
    return { orphaned: local, locations };
  }
  const awsProviderVersion = input.stacks
    .map((stack) => (stack.json.terraform?.required_providers?.aws as { version?: string } | undefined)?.version)
    .find((version): version is string => Boolean(version));
  if (!awsProviderVersion) return { orphaned: local, locations };
  const remote = await findRemoteOrphanedState(backend, names, {
    workDir: path.join(input.plansDir, 'remote-state'),
    env: input.env,
    awsProviderVersion,
  });
  if (!remote.checked) {
    input.log(`WARNING: state left behind under ${prefix} was not checked: ${remote.why}`);
    return { orphaned: local, locations };
  }
  input.log(`Listed ${prefix}: ${remote.orphaned.length === 0 ? 'no state left behind' : `${remote.orphaned.length} state file(s) of stacks the app no longer has`}`);
  return { orphaned: [...local, ...remote.orphaned], locations };
}
