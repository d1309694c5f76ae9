/** `main.ts` (what `cdktf synth` runs) in a child process, for tests of its exit code and output. */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as path from 'path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The argv that starts main.ts through ts-node, as cdktf.json's app does. */
export const MAIN_ARGS = ['-r', require.resolve('ts-node/register/transpile-only'), path.join(PROJECT_ROOT, 'main.ts')];

/** Environment main.ts needs besides `extra`: ts-node must find the project's tsconfig from any cwd. */
export function mainEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'), ...extra };
}

/** Runs main.ts in `cwd` with `env` added, waiting for it. */
export function runMain(cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, MAIN_ARGS, { cwd, env: mainEnv(env), encoding: 'utf8' });
}
