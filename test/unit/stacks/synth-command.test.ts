/**
 * The synth command and its output directory: `cdktf synth --output DIR` (CDKTF_OUTDIR) is honoured, and an
 * output directory that cannot take the synth is one clean message, exit 1, with everything as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_CONFIG_PATH } from '../../../config/load';
import { resolveOutdir } from '../../../stacks/app';
import { synthCommand } from '../../../stacks/synthesize';
import { tempDir } from '../../support/temp-dir';

/** Renames the test makes fail with EACCES (`once`: only the first that matches): how a read-only directory looks to root, whom chmod does not stop. */
jest.mock('fs', () => {
  const actual = jest.requireActual<typeof import('fs')>('fs');
  // Created here: the factory runs (hoisted) before this file's own top-level code.
  const renameFails: { when?: (from: string, to: string) => boolean; once?: boolean } = {};
  return {
    ...actual,
    mockRenameFails: renameFails,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (renameFails.when?.(String(from), String(to))) {
        if (renameFails.once) renameFails.when = undefined;
        throw Object.assign(new Error(`EACCES: permission denied, rename '${String(from)}' -> '${String(to)}'`), { code: 'EACCES', errno: -13, syscall: 'rename' });
      }
      actual.renameSync(from, to);
    },
  };
});
const mockRenameFails = (fs as unknown as { mockRenameFails: { when?: (from: string, to: string) => boolean; once?: boolean } }).mockRenameFails;

const isRoot = process.getuid?.() === 0;

/** Every entry under a directory (files with their content), for before/after comparisons. */
function tree(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    entries[path.relative(dir, file)] = entry.isFile() ? fs.readFileSync(file, 'utf8') : '(directory)';
  }
  return entries;
}

function fresh(): string {
  return tempDir('spillway-synth-command-');
}

function synth(outdir?: string): { exitCode: number; message: string } {
  const errors: string[] = [];
  const exitCode = synthCommand({ configFile: EXAMPLE_CONFIG_PATH, outdir, reportError: (message) => errors.push(message) });
  return { exitCode, message: errors.join('\n') };
}

function withOutdirEnv<T>(value: string | undefined, body: () => T): T {
  const previous = process.env.CDKTF_OUTDIR;
  if (value === undefined) delete process.env.CDKTF_OUTDIR;
  else process.env.CDKTF_OUTDIR = value;
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = previous;
  }
}

/** Runs the synth into `outdir` and checks the clean refusal: exit 1, the path and cause, the parent as it was. */
function expectRefused(outdir: string, cause: RegExp, parent = path.dirname(outdir)): void {
  const before = tree(parent);
  const result = synth(outdir);
  expect(result.exitCode).toBe(1);
  expect(result.message).toContain(`Cannot write the synth output to ${outdir}: `);
  expect(result.message).toMatch(cause);
  expect(result.message).toMatch(/Nothing was written\.$/);
  expect(result.message).not.toMatch(/\n\s+at /);
  // Nothing changed, and neither the gate's staging nor its retired directory is left behind.
  expect(tree(parent)).toEqual(before);
}

describe('the output directory: explicit option > CDKTF_OUTDIR > cdktf.out', () => {
  it('resolves in that order, an empty CDKTF_OUTDIR counting as unset', () => {
    expect(withOutdirEnv('/from/cli', () => resolveOutdir('/explicit'))).toBe('/explicit');
    expect(withOutdirEnv('/from/cli', () => resolveOutdir())).toBe('/from/cli');
    expect(withOutdirEnv(undefined, () => resolveOutdir())).toBe('cdktf.out');
    expect(withOutdirEnv('', () => resolveOutdir())).toBe('cdktf.out');
  });

  // One real synth, whose output the next tests reuse as "an earlier synth".
  const fromCli = path.join(fresh(), 'from-cli');
  const result = withOutdirEnv(fromCli, () => synth());
  const written = tree(fromCli);

  it('writes where `cdktf synth --output DIR` asked (CDKTF_OUTDIR) when no outdir is passed', () => {
    expect(result).toEqual({ exitCode: 0, message: '' });
    expect(Object.keys(written)).toEqual(expect.arrayContaining(['manifest.json', expect.stringMatching(/^stacks\/[^/]+\/cdk\.tf\.json$/)]));
  });

  describe('an output directory that cannot take the synth', () => {
    it('names an outdir that is an existing file', () => {
      const file = path.join(fresh(), 'cdktf.out');
      fs.writeFileSync(file, 'not a directory');
      expectRefused(file, /it exists and is not a directory/);
    });

    it('names an outdir below a file', () => {
      const file = path.join(fresh(), 'plain-file');
      fs.writeFileSync(file, 'not a directory');
      expectRefused(path.join(file, 'cdktf.out'), /not a directory \(ENOTDIR/, path.dirname(file));
    });

    it('names a read-only outdir (chmod 555)', () => {
      if (isRoot) {
        // Root writes into a mode-555 directory; the simulated EACCES cases below cover it.
        process.stdout.write('skipped "names a read-only outdir (chmod 555)": running as root, where chmod does not stop writes\n');
        return;
      }
      const outdir = path.join(fresh(), 'cdktf.out');
      fs.mkdirSync(outdir);
      fs.chmodSync(outdir, 0o555);
      try {
        expectRefused(outdir, /permission denied \(EACCES/);
      } finally {
        fs.chmodSync(outdir, 0o755);
      }
    });

    /** An earlier synth in `outdir`, with Terraform working state in one stack directory. */
    function earlierSynth(): { outdir: string; stack: string } {
      const outdir = path.join(fresh(), 'cdktf.out');
      fs.cpSync(fromCli, outdir, { recursive: true });
      const stack = path.dirname(Object.keys(written).find((file) => file.endsWith('cdk.tf.json'))!);
      fs.mkdirSync(path.join(outdir, stack, '.terraform'));
      fs.writeFileSync(path.join(outdir, stack, '.terraform', 'terraform.tfstate'), 'initialized backend');
      fs.writeFileSync(path.join(outdir, stack, '.terraform.lock.hcl'), 'provider locks');
      return { outdir, stack };
    }

    afterEach(() => {
      mockRenameFails.when = undefined;
      mockRenameFails.once = undefined;
    });

    it('restores the earlier synth and its Terraform state when the outdir is read-only (simulated EACCES)', () => {
      const { outdir } = earlierSynth();
      // Read-only `outdir`: its own entries cannot be renamed; its subdirectories (the state moves) still can.
      mockRenameFails.when = (from, to) => path.dirname(from) === outdir || path.dirname(to) === outdir;
      expectRefused(outdir, /permission denied \(EACCES, rename '.*stacks' -> /);
    });

    it('undoes the stacks already moved when the manifest rename fails', () => {
      const { outdir } = earlierSynth();
      Object.assign(mockRenameFails, { once: true, when: (_from: string, to: string) => to === path.join(outdir, 'manifest.json') });
      expectRefused(outdir, /permission denied \(EACCES, rename '.*manifest\.json' -> /);
    });

    it('keeps the earlier output and says where when undoing fails too', () => {
      const { outdir } = earlierSynth();
      // Every rename to the manifest fails, the one putting the old manifest back included.
      mockRenameFails.when = (_from, to) => to === path.join(outdir, 'manifest.json');
      const result = synth(outdir);
      expect(result.exitCode).toBe(1);
      const [, retired] = /the previous output is in (\S+)\.$/.exec(result.message) ?? [];
      expect(retired).toMatch(/\.cdktf\.out\.retired-/);
      expect(fs.readFileSync(path.join(retired, 'manifest.json'), 'utf8')).toBe(written['manifest.json']);
      expect(fs.readdirSync(path.dirname(outdir)).filter((entry) => entry.includes('staging'))).toEqual([]);
    });

    it('leaves no directory behind when it created the outdir itself', () => {
      const outdir = path.join(fresh(), 'new-outdir');
      mockRenameFails.when = (_from, to) => to === path.join(outdir, 'manifest.json');
      expectRefused(outdir, /permission denied \(EACCES/);
      expect(fs.existsSync(outdir)).toBe(false);
    });
  });
});
