import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  DEFAULT_MIRROR_PATH,
  DEFAULT_PLUGIN_CACHE_DIR,
  MIRROR_ENV_VAR,
  listMirroredProviders,
  prepareTerraformCli,
  renderCliConfig,
  resolvePluginMirror,
} from '../../../scripts/lib/terraform-cli-config';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-cli-config-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function touch(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
}

/** A mirror with aws unpacked (two versions) and kubernetes packed. */
function makeMirror(root: string): string {
  touch(path.join(root, 'registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws_v5.100.0_x5'));
  touch(path.join(root, 'registry.terraform.io/hashicorp/aws/5.99.0/linux_amd64/terraform-provider-aws_v5.99.0_x5'));
  touch(path.join(root, 'registry.terraform.io/hashicorp/kubernetes/terraform-provider-kubernetes_2.38.0_linux_amd64.zip'));
  // Not providers: an empty type directory and a stray file.
  fs.mkdirSync(path.join(root, 'registry.terraform.io/hashicorp/helm'), { recursive: true });
  touch(path.join(root, 'README'));
  return root;
}

describe('resolvePluginMirror', () => {
  const dirs = (...existing: string[]) => (p: string) => existing.includes(p);

  it('uses SPILLWAY_TF_PLUGIN_MIRROR when set', () => {
    expect(resolvePluginMirror({ [MIRROR_ENV_VAR]: '/srv/mirror' }, dirs('/srv/mirror', DEFAULT_MIRROR_PATH))).toEqual({
      path: '/srv/mirror',
      origin: 'env',
    });
  });

  it('discovers /opt/tf-plugins when the variable is unset or empty', () => {
    expect(resolvePluginMirror({}, dirs(DEFAULT_MIRROR_PATH))).toEqual({ path: DEFAULT_MIRROR_PATH, origin: 'discovered' });
    expect(resolvePluginMirror({ [MIRROR_ENV_VAR]: '  ' }, dirs(DEFAULT_MIRROR_PATH))).toEqual({ path: DEFAULT_MIRROR_PATH, origin: 'discovered' });
  });

  it('uses no mirror when none exists, or when disabled', () => {
    expect(resolvePluginMirror({}, dirs())).toBeUndefined();
    expect(resolvePluginMirror({ [MIRROR_ENV_VAR]: 'none' }, dirs(DEFAULT_MIRROR_PATH))).toBeUndefined();
    expect(resolvePluginMirror({ [MIRROR_ENV_VAR]: 'off' }, dirs(DEFAULT_MIRROR_PATH))).toBeUndefined();
  });

  it('refuses a variable naming a missing directory rather than silently using the registry', () => {
    expect(() => resolvePluginMirror({ [MIRROR_ENV_VAR]: '/nope' }, dirs(DEFAULT_MIRROR_PATH))).toThrow(
      'SPILLWAY_TF_PLUGIN_MIRROR=/nope: no such directory',
    );
  });
});

describe('listMirroredProviders', () => {
  it('reads unpacked and packed layouts', () => {
    expect(listMirroredProviders(makeMirror(tmp))).toEqual([
      { source: 'registry.terraform.io/hashicorp/aws', versions: ['5.100.0', '5.99.0'] },
      { source: 'registry.terraform.io/hashicorp/kubernetes', versions: ['2.38.0'] },
    ]);
  });

  it('returns nothing for a missing or empty directory', () => {
    expect(listMirroredProviders(path.join(tmp, 'missing'))).toEqual([]);
    expect(listMirroredProviders(tmp)).toEqual([]);
  });
});

describe('renderCliConfig', () => {
  it('installs the mirrored providers from the mirror only, and everything else directly', () => {
    expect(
      renderCliConfig({
        mirrorPath: '/opt/tf-plugins',
        providers: ['registry.terraform.io/hashicorp/aws'],
        pluginCacheDir: '/repo/node_modules/.cache/spillway/terraform-plugins',
      }),
    ).toBe(
      [
        '# Written by `npm run plan` (scripts/lib/terraform-cli-config.ts). Regenerated on every run.',
        'plugin_cache_dir = "/repo/node_modules/.cache/spillway/terraform-plugins"',
        'provider_installation {',
        '  filesystem_mirror {',
        '    path    = "/opt/tf-plugins"',
        '    include = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '  direct {',
        '    exclude = ["registry.terraform.io/hashicorp/aws"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('quotes paths and falls back to direct installation for an empty mirror', () => {
    const text = renderCliConfig({ mirrorPath: '/a "quoted"\\dir', providers: [] });
    expect(text).toContain('provider_installation {\n  direct {}\n}');
    expect(text).not.toContain('filesystem_mirror');
    expect(renderCliConfig({ mirrorPath: '/a "q"\\d', providers: ['x/y/z'] })).toContain('path    = "/a \\"q\\"\\\\d"');
  });
});

describe('prepareTerraformCli', () => {
  it('with a mirror: writes the CLI config and cache dir, and returns TF_CLI_CONFIG_FILE for the children only', () => {
    const mirror = makeMirror(path.join(tmp, 'mirror'));
    const before = process.env.TF_CLI_CONFIG_FILE;
    const setup = prepareTerraformCli({ plansDir: path.join(tmp, 'plans'), projectRoot: tmp, mirror: { path: mirror, origin: 'env' } });
    expect(process.env.TF_CLI_CONFIG_FILE).toBe(before);
    expect(setup.env).toEqual({ TF_CLI_CONFIG_FILE: path.join(tmp, 'plans', 'terraformrc') });
    expect(setup.pluginCacheDir).toBe(path.join(tmp, DEFAULT_PLUGIN_CACHE_DIR));
    expect(fs.statSync(setup.pluginCacheDir!).isDirectory()).toBe(true);
    const text = fs.readFileSync(setup.cliConfigFile!, 'utf8');
    expect(text).toContain(`plugin_cache_dir = "${setup.pluginCacheDir}"`);
    expect(text).toContain('include = ["registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/kubernetes"]');
    expect(setup.description).toContain(`mirror ${mirror} (SPILLWAY_TF_PLUGIN_MIRROR: registry.terraform.io/hashicorp/aws 5.100.0, 5.99.0;`);
  });

  it('without a mirror: no extra environment, nothing written, the user CLI config applies', () => {
    const setup = prepareTerraformCli({ plansDir: path.join(tmp, 'plans'), projectRoot: tmp, mirror: null });
    expect(setup.env).toEqual({});
    expect(fs.existsSync(path.join(tmp, 'plans'))).toBe(false);
    expect(setup.description).toMatch(/^providers: registry/);
  });

  it('resolves the mirror from the given environment', () => {
    const mirror = makeMirror(path.join(tmp, 'mirror'));
    const setup = prepareTerraformCli({ plansDir: path.join(tmp, 'plans'), projectRoot: tmp, env: { [MIRROR_ENV_VAR]: mirror } });
    expect(setup.mirror).toEqual({ path: mirror, origin: 'env' });
  });
});
