/**
 * Renders the in-repo Triton chart with `helm template`, for tests.
 *
 * `renderTritonChart(values)` is the entry point other tests reuse: for example a WorkloadsStack test that
 * renders the chart with exactly the values the stack synthesizes into its helm_release.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { helmBinary } from '../../../scripts/helm-binary';

/** Absolute path of the chart. */
export const TRITON_CHART_DIR = path.resolve(__dirname, '..', '..', '..', 'charts', 'triton-inference-server');

/** A rendered Kubernetes manifest. */
export type Manifest = Record<string, unknown>;

export interface RenderOptions {
  /** Helm release name. @default 'triton' */
  readonly releaseName?: string;
  /** Release namespace. @default 'inference' */
  readonly namespace?: string;
}

export interface HelmResult {
  /** Exit status of helm (null if it was killed). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm with the given arguments and returns its exit status and output; never throws on a helm failure. */
export function runHelm(args: readonly string[]): HelmResult {
  const result = spawnSync(helmBinary(), args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
    // Keep helm away from the developer's repositories, registries and plugins: rendering is offline.
    env: {
      ...process.env,
      HELM_CACHE_HOME: path.join(os.tmpdir(), 'spillway-helm', 'cache'),
      HELM_CONFIG_HOME: path.join(os.tmpdir(), 'spillway-helm', 'config'),
      HELM_DATA_HOME: path.join(os.tmpdir(), 'spillway-helm', 'data'),
    },
  });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `fn` with the path of a temporary values file holding `values` (JSON is valid YAML). */
function withValuesFile<T>(values: object, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-values-'));
  try {
    const file = path.join(dir, 'values.yaml');
    fs.writeFileSync(file, JSON.stringify(values, null, 2));
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` of the Triton chart with `values` merged over values.yaml; returns helm's raw result. */
export function helmTemplateTriton(values: object, options: RenderOptions = {}): HelmResult {
  return withValuesFile(values, (file) =>
    runHelm([
      'template',
      options.releaseName ?? 'triton',
      TRITON_CHART_DIR,
      '--namespace',
      options.namespace ?? 'inference',
      '--values',
      file,
    ]),
  );
}

/** `helm lint --strict` of the Triton chart with `values` merged over values.yaml. */
export function helmLintTriton(values: object = {}): HelmResult {
  return withValuesFile(values, (file) => runHelm(['lint', '--strict', TRITON_CHART_DIR, '--values', file]));
}

/** Parses a multi-document YAML stream, dropping empty documents; throws on a YAML syntax error. */
export function parseManifests(stream: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(stream)) {
    if ('errors' in doc && doc.errors.length > 0) {
      throw new Error(`helm rendered invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) {
      manifests.push(value as Manifest);
    }
  }
  return manifests;
}

/**
 * Renders the Triton chart with `values` (merged over the chart's values.yaml, as `helm install -f` does) and
 * returns the manifests. Throws an Error carrying helm's message when rendering fails, e.g. when
 * values.schema.json rejects the values.
 */
export function renderTritonChart(values: object, options: RenderOptions = {}): Manifest[] {
  const result = helmTemplateTriton(values, options);
  if (result.status !== 0) {
    throw new Error(`helm template failed (exit ${result.status}):\n${result.stderr}`);
  }
  return parseManifests(result.stdout);
}

/** The one manifest of the given kind; throws if there is not exactly one. */
/** The chart's ClusterIP Service (the one with a cluster IP; the headless `<fullname>-pods` Service is the other). */
export function clusterIpService(manifests: readonly Manifest[]): Manifest {
  const found = manifests.filter((m) => m.kind === 'Service' && (m.spec as { clusterIP?: string } | undefined)?.clusterIP !== 'None');
  if (found.length !== 1) {
    throw new Error(`expected exactly one ClusterIP Service, found ${found.length}`);
  }
  return found[0];
}

/** The chart's headless Service (`clusterIP: None`). */
export function headlessService(manifests: readonly Manifest[]): Manifest {
  const found = manifests.filter((m) => m.kind === 'Service' && (m.spec as { clusterIP?: string } | undefined)?.clusterIP === 'None');
  if (found.length !== 1) {
    throw new Error(`expected exactly one headless Service, found ${found.length}`);
  }
  return found[0];
}

export function manifestOfKind(manifests: readonly Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  }
  return found[0];
}
