/**
 * A lock across processes, so that at most one terraform runs at a time on the machine when several
 * processes plan at once (Jest's workers; two `npm run plan` in one checkout). Each terraform run with the
 * AWS provider holds about 0.5 GB; the lock bounds the peak at one. Opt-in: `SPILLWAY_TERRAFORM_LOCK`
 * names the lock file; unset, nothing waits.
 */
import * as fs from 'fs';

export const TERRAFORM_LOCK_ENV_VAR = 'SPILLWAY_TERRAFORM_LOCK';

const RETRY_MS = 50;

function ownerAlive(lockFile: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lockFile, 'utf8'));
  } catch {
    return true; // Being written or just released: look again.
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock (an exclusively created file holding our pid), taking over one whose owner has died. Two
 * waiters that find the same dead owner may both get in once; the cost is one more terraform in memory.
 */
async function acquire(lockFile: string): Promise<void> {
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!ownerAlive(lockFile)) fs.rmSync(lockFile, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** Runs `task` holding the lock named by `lockFile`, or at once when there is none. */
export async function withTerraformLock<T>(lockFile: string | undefined, task: () => Promise<T>): Promise<T> {
  if (!lockFile) return task();
  await acquire(lockFile);
  try {
    return await task();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
