/**
 * Temporary directories for one test file. Jest loads this module afresh for every test file, so the top-level
 * afterAll below belongs to the file that created the directories and removes them when its tests are done.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const created: string[] = [];

function removeAll(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

afterAll(removeAll);

/** A new empty directory under the OS temp dir, named `<prefix><random>`, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}
