import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  MOCK_ACCESS_KEY,
  PREVIEW_OVERRIDE_FILE,
  StackJson,
  awsProviderLocalNames,
  backendType,
  buildPreviewOverride,
  findAwsCredentials,
  previewChildEnv,
  removePreviewOverride,
  resolvePlanMode,
  writePreviewOverride,
} from '../../../scripts/lib/preview-mode';

const HOME = '/home/dev';
const noFiles = () => false;
const mode = (env: NodeJS.ProcessEnv, argv: string[] = [], files: string[] = []) =>
  resolvePlanMode({ env, argv, homedir: HOME, fileExists: (p) => files.includes(p) });

describe('resolvePlanMode', () => {
  it('previews when no credentials are found', () => {
    expect(mode({})).toEqual({ mode: 'preview', reason: 'no AWS credentials in the environment' });
    // Blank values and unrelated AWS settings are not credentials.
    expect(mode({ AWS_ACCESS_KEY_ID: ' ', AWS_REGION: 'us-west-2', AWS_CA_BUNDLE: '/etc/ssl/certs/ca.crt' }).mode).toBe('preview');
  });

  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE'],
    ['AWS_PROFILE', 'dev'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/secrets/token'],
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.23/v1/credentials'],
    ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '/v2/credentials/abc'],
  ])('plans for real with %s', (name, value) => {
    expect(mode({ [name]: value })).toEqual({ mode: 'real', reason: `AWS credentials from $${name}` });
  });

  it('plans for real with a shared credentials file (default location or AWS_SHARED_CREDENTIALS_FILE)', () => {
    expect(mode({}, [], [`${HOME}/.aws/credentials`])).toEqual({ mode: 'real', reason: `AWS credentials from ${HOME}/.aws/credentials` });
    expect(mode({ AWS_SHARED_CREDENTIALS_FILE: '/ci/creds' }, [], ['/ci/creds']).mode).toBe('real');
    // The variable points elsewhere: the default file is not what the SDK would read.
    expect(mode({ AWS_SHARED_CREDENTIALS_FILE: '/ci/missing' }, [], [`${HOME}/.aws/credentials`]).mode).toBe('preview');
  });

  it('forces preview with --preview or SPILLWAY_PREVIEW, even with credentials', () => {
    expect(mode({ AWS_PROFILE: 'dev' }, ['--preview'])).toEqual({ mode: 'preview', reason: '--preview given' });
    expect(mode({ AWS_PROFILE: 'dev', SPILLWAY_PREVIEW: '1' })).toEqual({ mode: 'preview', reason: 'SPILLWAY_PREVIEW=1' });
    expect(mode({ AWS_PROFILE: 'dev', SPILLWAY_PREVIEW: 'true' }).mode).toBe('preview');
    expect(mode({ AWS_PROFILE: 'dev', SPILLWAY_PREVIEW: '0' }).mode).toBe('real');
    expect(mode({ AWS_PROFILE: 'dev', SPILLWAY_PREVIEW: '' }).mode).toBe('real');
  });

  it('findAwsCredentials names the source', () => {
    expect(findAwsCredentials({ env: {}, homedir: HOME, fileExists: noFiles })).toBeUndefined();
    expect(findAwsCredentials({ env: { AWS_PROFILE: 'x', AWS_ACCESS_KEY_ID: 'y' }, homedir: HOME, fileExists: noFiles })).toBe('$AWS_ACCESS_KEY_ID');
  });
});

describe('previewChildEnv', () => {
  it('drops every credential source, disables IMDS, keeps the rest and does not mutate its input', () => {
    const env = {
      PATH: '/usr/bin',
      AWS_REGION: 'us-west-2',
      AWS_CA_BUNDLE: '/ca.crt',
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
      AWS_PROFILE: 'p',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/token',
      AWS_ROLE_ARN: 'arn:aws:iam::1:role/r',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://x',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/y',
    };
    const copy = { ...env };
    expect(previewChildEnv(env)).toEqual({ PATH: '/usr/bin', AWS_REGION: 'us-west-2', AWS_CA_BUNDLE: '/ca.crt', AWS_EC2_METADATA_DISABLED: 'true' });
    expect(env).toEqual(copy);
  });
});

/** Shaped like cdktf output: provider blocks as arrays, one alias per region. */
const cdktfStack: StackJson = {
  terraform: {
    required_providers: { aws: { source: 'aws', version: '5.100.0' }, random: { source: 'hashicorp/random', version: '3.7.2' } },
    backend: { s3: { bucket: 'state', key: 'infra.tfstate', region: 'us-west-2' } },
  },
  provider: {
    aws: [
      { region: 'us-west-2', default_tags: [{ tags: { app: 'spillway' } }] },
      { alias: 'us-west-2', region: 'us-west-2' },
      { alias: 'us-east-1', region: 'us-east-1', profile: 'prod', assume_role: [{ role_arn: 'arn:aws:iam::1:role/deploy' }] },
    ],
    random: [{}],
  },
};

describe('buildPreviewOverride', () => {
  const stateFile = '/repo/cdktf.out/plans/preview-state/infra.tfstate';

  it('emits one provider override per aws configuration, matched by alias', () => {
    const override = buildPreviewOverride(cdktfStack, { previewStateFile: stateFile })!;
    expect(override.providers).toEqual(['aws', 'aws.us-west-2', 'aws.us-east-1']);
    const skips = {
      access_key: MOCK_ACCESS_KEY,
      secret_key: expect.any(String),
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
    expect(override.content.provider).toEqual({
      aws: [
        skips,
        { alias: 'us-west-2', ...skips },
        // Settings that would read real credentials or call STS are neutralized, only where present.
        { alias: 'us-east-1', ...skips, profile: null, assume_role: [{ role_arn: '' }] },
      ],
    });
  });

  it('replaces a non-local backend with a local scratch state', () => {
    const override = buildPreviewOverride(cdktfStack, { previewStateFile: stateFile })!;
    expect(override.replacedBackend).toBe('s3');
    expect(override.content.terraform).toEqual({ backend: { local: { path: stateFile } } });
    const cloud = buildPreviewOverride({ terraform: { cloud: { organization: 'o' } }, provider: { aws: { region: 'us-west-2' } } }, { previewStateFile: stateFile })!;
    expect(cloud.replacedBackend).toBe('cloud');
  });

  it('leaves a local backend (or none) alone', () => {
    const local = buildPreviewOverride({ ...cdktfStack, terraform: { ...cdktfStack.terraform, backend: { local: { path: 'x.tfstate' } } } }, { previewStateFile: stateFile })!;
    expect(local.replacedBackend).toBeUndefined();
    expect(local.content).not.toHaveProperty('terraform');
  });

  it('needs no override for a stack without aws and with a local backend', () => {
    const workloads: StackJson = {
      terraform: { required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } }, backend: { local: { path: 'w.tfstate' } } },
      provider: { kubernetes: [{ host: 'https://x' }] },
    };
    expect(buildPreviewOverride(workloads, { previewStateFile: stateFile })).toBeUndefined();
  });

  it('finds aws under another local name, and an aws block written as a single object', () => {
    expect(awsProviderLocalNames({ terraform: { required_providers: { cloud: { source: 'registry.terraform.io/hashicorp/aws' } } } })).toEqual(['cloud']);
    expect(awsProviderLocalNames({ terraform: { required_providers: { aws: { source: 'example.com/acme/aws' } } } })).toEqual([]);
    const single = buildPreviewOverride({ provider: { aws: { region: 'eu-west-1' } } }, { previewStateFile: stateFile })!;
    expect(single.providers).toEqual(['aws']);
    expect(backendType({})).toBe('local');
  });
});

describe('writePreviewOverride / removePreviewOverride', () => {
  it('writes the file, removes it, and removes it when there is nothing to override', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-preview-'));
    try {
      const file = path.join(dir, PREVIEW_OVERRIDE_FILE);
      writePreviewOverride(dir, buildPreviewOverride(cdktfStack, { previewStateFile: '/s' }));
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).provider.aws).toHaveLength(3);
      writePreviewOverride(dir, undefined);
      expect(fs.existsSync(file)).toBe(false);
      expect(removePreviewOverride(dir)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
