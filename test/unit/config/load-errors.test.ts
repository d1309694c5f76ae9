/**
 * Inputs that used to end in a Node stack trace (or a silent or unreadable message) through the synth
 * command: each is one ConfigError naming the file, the field path where there is one and the cause,
 * exit code 1, and no output directory.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runMain } from '../../support/main-process';
import { synthCommand } from '../../../stacks/synthesize';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';
import { tempDir } from '../../support/temp-dir';

/** Paths whose read fails with EACCES: how an unreadable file looks to root, which chmod 000 does not stop. */
jest.mock('fs', () => {
  const actual = jest.requireActual<typeof import('fs')>('fs');
  // Created here: the factory runs (hoisted) before this file's own top-level code.
  const unreadable = new Set<string>();
  return {
    ...actual,
    mockUnreadable: unreadable,
    readFileSync: (file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (unreadable.has(String(file))) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES', errno: -13, syscall: 'open', path: String(file) });
      }
      return (actual.readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
    },
  };
});
const mockUnreadable = (fs as unknown as { mockUnreadable: Set<string> }).mockUnreadable;

const isRoot = process.getuid?.() === 0;

interface Run {
  readonly exitCode: number;
  readonly message: string;
  readonly wroteOutput: boolean;
}

function fresh(): string {
  return tempDir('spillway-load-');
}

/** The synth command on `configFile` (or $SPILLWAY_CONFIG when undefined), into a fresh output directory. */
function run(configFile: string | undefined): Run {
  const outdir = path.join(fresh(), 'cdktf.out');
  const errors: string[] = [];
  const exitCode = synthCommand({ configFile, outdir, reportError: (message) => errors.push(message) });
  return { exitCode, message: errors.join('\n'), wroteOutput: fs.existsSync(outdir) };
}

/** Writes `content` to a fresh file and runs the synth command on it. */
function runOn(content: string | Buffer, name = 'fleet.yaml'): Run & { file: string } {
  const file = path.join(fresh(), name);
  fs.writeFileSync(file, content);
  return { ...run(file), file };
}

function expectRefused(result: Run, file: string, cause: RegExp): void {
  expect(result.exitCode).toBe(1);
  expect(result.message).toContain(`Invalid Spillway config ${file}:`);
  expect(result.message).toMatch(cause);
  expect(result.message).not.toMatch(/\n\s+at /);
  expect(result.wroteOutput).toBe(false);
}

const withEnv = <T>(value: string | undefined, body: () => T): T => {
  const previous = process.env.SPILLWAY_CONFIG;
  if (value === undefined) delete process.env.SPILLWAY_CONFIG;
  else process.env.SPILLWAY_CONFIG = value;
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env.SPILLWAY_CONFIG;
    else process.env.SPILLWAY_CONFIG = previous;
  }
};

/** Aliases that expand to 10^6 nodes from a few hundred bytes. */
const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcde'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcd'[i]}`).join(', ')}]`), `f: [${Array(10).fill('*e').join(', ')}]`].join('\n');

describe('YAML the parser throws on (rather than reports)', () => {
  it('names an alias to an undefined anchor at its field path', () => {
    const result = runOn(exampleText.replace(/^environment: example$/m, 'environment: *nope'));
    expectRefused(result, result.file, /- environment: YAML alias \*nope refers to no anchor &nope/);
  });

  it('refuses an alias-expansion bomb by the yaml library guard (maxAliasCount)', () => {
    const result = runOn(aliasBomb);
    expectRefused(result, result.file, /YAML: aliases expand to too many nodes \(more than maxAliasCount 100/);
  });

  it('refuses 100,000 nested brackets as nested too deeply', () => {
    const result = runOn('['.repeat(100_000));
    expectRefused(result, result.file, /YAML: nested too deeply to parse/);
  });
});

describe('config files that cannot be read', () => {
  it('names a directory given as the config file', () => {
    const dir = fresh();
    expectRefused(run(dir), dir, /is a directory, not a YAML file/);
  });

  it('takes SPILLWAY_CONFIG="" as an error naming the variable, not the current directory or the example', () => {
    expectRefused(withEnv('', () => run(undefined)), 'SPILLWAY_CONFIG=""', /SPILLWAY_CONFIG is set but empty; set SPILLWAY_CONFIG to a YAML file, or unset it/);
  });

  it('main.ts with SPILLWAY_CONFIG="" exits 1 with the message and no stack trace', () => {
    const cwd = fresh();
    const result = runMain(cwd, { SPILLWAY_CONFIG: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SPILLWAY_CONFIG is set but empty');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('names an unreadable file (chmod 000)', () => {
    if (isRoot) {
      // Root reads a mode-000 file; the EACCES case below simulates what everyone else sees.
      process.stdout.write('skipped "names an unreadable file (chmod 000)": running as root, where chmod 000 does not stop reads\n');
      return;
    }
    const file = path.join(fresh(), 'fleet.yaml');
    fs.writeFileSync(file, exampleText);
    fs.chmodSync(file, 0o000);
    expectRefused(run(file), file, /cannot read the file: permission denied \(EACCES\)/);
  });

  it('names a file whose read fails with EACCES (simulated, so it holds for root too)', () => {
    const file = path.join(fresh(), 'fleet.yaml');
    fs.writeFileSync(file, exampleText);
    mockUnreadable.add(file);
    try {
      expectRefused(run(file), file, /cannot read the file: permission denied \(EACCES\)/);
    } finally {
      mockUnreadable.delete(file);
    }
  });
});

describe('files that are not UTF-8', () => {
  it('names a Latin-1 byte with its offset and line, instead of replacing it with U+FFFD', () => {
    const [before] = exampleText.split('environment: example');
    const result = runOn(Buffer.concat([Buffer.from(`${before}environment: caf`), Buffer.from([0xe9]), Buffer.from('\n')]));
    const offset = Buffer.byteLength(`${before}environment: caf`);
    const line = `${before}environment: caf`.split('\n').length;
    expectRefused(result, result.file, new RegExp(`not UTF-8: byte 0xE9 at offset ${offset} \\(line ${line}\\)`));
    expect(result.message.split('\n')).toHaveLength(2);
  });

  it('names a UTF-16 file by its byte order mark, in one line, not 51 KB of \\u0000', () => {
    const result = runOn(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(exampleText, 'utf16le')]));
    expectRefused(result, result.file, /not UTF-8: the file is UTF-16 LE \(byte order mark 0xFF 0xFE\); save the file as UTF-8/);
    expect(result.message.split('\n')).toHaveLength(2);
  });

  it('names UTF-16 without a byte order mark by its NUL bytes', () => {
    const result = runOn(Buffer.from(exampleText, 'utf16le'));
    expectRefused(result, result.file, /a NUL byte at offset 1 \(line 1\) \(UTF-16 without a byte order mark/);
  });

  it('still reads UTF-8 with a byte order mark', () => {
    expect(problemsOf(`\uFEFF${exampleText.replace(/^environment: example$/m, 'environment: Café')}`)[0]).toMatch(/^environment: /);
  });
});

describe('values in problem lines', () => {
  const withLine = (pattern: RegExp, replacement: string) => problemsOf(exampleText.replace(pattern, replacement));

  it.each([
    ['1e309', 'got Infinity'],
    ['-1e309', 'got -Infinity'],
    ['.nan', 'got NaN'],
  ])('names %s by what it is, not null', (literal, expected) => {
    const [problem] = withLine(/^maxGpus: 24$/m, `maxGpus: ${literal}`).filter((line) => line.startsWith('maxGpus: '));
    expect(problem).toContain(`(${expected})`);
    expect(problem).not.toContain('null');
  });

  it('names non-finite numbers inside a quoted structure too', () => {
    const [problem] = withLine(/^environment: example$/m, 'environment: [.nan, 1e309]');
    expect(problem).toBe('environment: Expected string, received array (got [NaN,Infinity])');
  });

  it('cuts a 10 MB value to 120 characters and says how many were left out', () => {
    const big = 'x'.repeat(10_000_000);
    const problems = withLine(/^environment: example$/m, `environment: ${big}`);
    const [problem] = problems.filter((line) => line.startsWith('environment: '));
    expect(problem).toContain(`(got "${'x'.repeat(120)}…" (9,999,880 more characters))`);
    expect(problem.length).toBeLessThan(300);
  });

  it("cuts a long value that zod quotes in its own message (an enum's received value)", () => {
    const big = 'y'.repeat(5_000);
    const [problem] = withLine(/name: us-west-2$/m, `name: ${big}`).filter((line) => line.startsWith('regions[0].name: '));
    expect(problem).toContain(`received '${'y'.repeat(120)}…' (4,880 more characters)`);
    expect(problem.length).toBeLessThan(700);
  });

  it('cuts a long unknown key', () => {
    const [problem] = problemsOf(`${exampleText}\n${'k'.repeat(1_000)}: 1\n`).filter((line) => line.startsWith('kkk'));
    expect(problem).toMatch(/^k{120}… \(880 more characters\): unknown key/);
  });

  it('never echoes a private key, even when the schema rejects the field for another reason', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const problems = problemsOf(exampleWith((c) => (c.tags.Owner = key)));
    expect(problems.some((line) => line.startsWith('tags.Owner: '))).toBe(true);
    expect(problems.join('\n')).not.toContain('MIIEowIBAAKCAQEA');
  });
});
