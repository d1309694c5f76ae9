/**
 * Shared helpers for the tests that run real terraform: a temp "cdktf.out" with a manifest and tiny
 * stacks, and the provider mirror they need (tests skip, saying why, when there is none).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PluginMirror, listMirroredProviders, resolvePluginMirror } from '../../scripts/lib/terraform-cli-config';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const AWS = { source: 'hashicorp/aws', version: '5.100.0' };

/** The mirror with aws 5.100.0 and a terraform binary, or the reason they are missing. */
export function terraformWithMirror(): { mirror: PluginMirror } | { skip: string } {
  let mirror: PluginMirror | undefined;
  try {
    mirror = resolvePluginMirror();
  } catch (error) {
    return { skip: (error as Error).message };
  }
  if (!mirror) return { skip: 'no Terraform provider mirror (set SPILLWAY_TF_PLUGIN_MIRROR or provide /opt/tf-plugins)' };
  const aws = listMirroredProviders(mirror.path).find((p) => p.source === 'registry.terraform.io/hashicorp/aws');
  if (!aws?.versions.includes(AWS.version)) return { skip: `mirror ${mirror.path} has no hashicorp/aws ${AWS.version}` };
  try {
    execFileSync(process.env.TERRAFORM_BINARY_NAME ?? 'terraform', ['version'], { stdio: 'ignore' });
  } catch {
    return { skip: 'terraform binary not found on PATH' };
  }
  return { mirror };
}

/** `describe`, or `describe.skip` with a console message naming what is missing. */
export function describeWithTerraform(name: string, body: (mirror: PluginMirror) => void): void {
  const found = terraformWithMirror();
  if ('skip' in found) {
    console.warn(`SKIPPED "${name}": ${found.skip}`);
    describe.skip(name, () => body({ path: '', origin: 'env' }));
    return;
  }
  describe(name, () => body(found.mirror));
}

export interface FixtureStack {
  readonly name: string;
  readonly json: Record<string, unknown>;
  readonly dependencies?: readonly string[];
  /** Extra files written into the stack directory (e.g. a terraform.tfstate). */
  readonly files?: Readonly<Record<string, string>>;
}

/** Writes `<tmp>/manifest.json` and `<tmp>/stacks/<name>/cdk.tf.json` like cdktf synth does; returns the outdir. */
export function writeOutdir(prefix: string, stacks: readonly FixtureStack[]): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `spillway-${prefix}-`));
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: '0.21.0', stacks: {} };
  for (const stack of stacks) {
    const dir = path.join(outdir, 'stacks', stack.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack.json, null, 2));
    for (const [file, content] of Object.entries(stack.files ?? {})) fs.writeFileSync(path.join(dir, file), content);
    manifest.stacks[stack.name] = {
      name: stack.name,
      constructPath: stack.name,
      workingDirectory: path.join('stacks', stack.name),
      synthesizedStackPath: path.join('stacks', stack.name, 'cdk.tf.json'),
      stackMetadataPath: path.join('stacks', stack.name, 'metadata.json'),
      annotations: [],
      dependencies: [...(stack.dependencies ?? [])],
    };
  }
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return outdir;
}

const AWS_PROVIDER_ADDR = 'provider["registry.terraform.io/hashicorp/aws"]';

/** A version 4 state file holding managed resources (what `terraform apply` would have recorded). */
export function stateFile(resources: readonly { type: string; name: string; attributes: Record<string, unknown>; provider?: string }[]): string {
  return JSON.stringify(
    {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: 'spillway-test-lineage',
      outputs: {},
      resources: resources.map((r) => ({
        mode: 'managed',
        type: r.type,
        name: r.name,
        provider: r.provider ?? AWS_PROVIDER_ADDR,
        instances: [{ schema_version: 0, attributes: r.attributes, sensitive_attributes: [] }],
      })),
      check_results: null,
    },
    null,
    2,
  );
}
