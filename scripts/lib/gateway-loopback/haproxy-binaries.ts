/**
 * The haproxy binaries the gateway's live tests and benchmark run: the host's (`haproxy` on PATH; Debian 12's
 * is 2.6) and a build of the production image's LTS branch when one is there: SPILLWAY_HAPROXY_LTS, or the
 * directory scripts/fetch-haproxy-lts.sh fills by default.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface HaproxyBinary {
  /** The command to run. */
  readonly command: string;
  /** "HAProxy 2.6.12", from `haproxy -v`. */
  readonly version: string;
}

const DEFAULT_LTS = path.resolve(__dirname, '../../../.cache/haproxy-lts/bin/haproxy');

function probe(command: string): HaproxyBinary | undefined {
  const result = spawnSync(command, ['-v'], { encoding: 'utf8' });
  const version = /HAProxy version (\S+)/.exec(result.stdout ?? '')?.[1];
  return result.status === 0 && version ? { command, version: `HAProxy ${version.replace(/-.*$/, '')}` } : undefined;
}

/** Every distinct haproxy found, the host's first; empty when there is none. */
export function haproxyBinaries(): HaproxyBinary[] {
  const chosen = process.env.SPILLWAY_HAPROXY_LTS;
  const lts = chosen || (fs.existsSync(DEFAULT_LTS) ? DEFAULT_LTS : undefined);
  const ltsBinary = lts ? probe(lts) : undefined;
  if (chosen && !ltsBinary) throw new Error(`SPILLWAY_HAPROXY_LTS=${chosen} does not run (\`-v\` failed); unset it or run scripts/fetch-haproxy-lts.sh`);
  const found = [probe('haproxy'), ltsBinary].filter((binary): binary is HaproxyBinary => binary !== undefined);
  return found.filter((binary, index) => found.findIndex((other) => other.version === binary.version) === index);
}
