import * as fs from 'fs';
import * as path from 'path';
import { withTerraformLock } from '../../../scripts/lib/terraform-lock';
import { tempDir } from '../../support/temp-dir';

const lockFile = () => path.join(tempDir('spillway-lock-'), 'terraform.lock');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withTerraformLock', () => {
  it('runs one task at a time and releases the lock after each, also after a failure', async () => {
    const file = lockFile();
    let running = 0;
    let most = 0;
    const task = (fail: boolean) => async () => {
      running += 1;
      most = Math.max(most, running);
      await pause(30);
      running -= 1;
      if (fail) throw new Error('terraform failed');
      return 'done';
    };
    const results = await Promise.allSettled([false, true, false, false].map((fail) => withTerraformLock(file, task(fail))));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(most).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const file = lockFile();
    fs.writeFileSync(file, '2147483646');
    await expect(withTerraformLock(file, async () => fs.readFileSync(file, 'utf8'))).resolves.toBe(String(process.pid));
  });

  it('waits for a live owner', async () => {
    const file = lockFile();
    fs.writeFileSync(file, String(process.pid));
    let ran = false;
    const waiting = withTerraformLock(file, async () => (ran = true));
    await pause(150);
    expect(ran).toBe(false);
    fs.rmSync(file);
    await waiting;
    expect(ran).toBe(true);
  });

  it('does not wait without a lock file', async () => {
    await expect(withTerraformLock(undefined, async () => 42)).resolves.toBe(42);
  });
});
