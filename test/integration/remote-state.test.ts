/**
 * State left behind in an S3 backend, end to end with real parts: s3rver (an S3 API server in Node) holds
 * the bucket, real terraform writes the states through its `s3` backend (`terraform_data` resources, so
 * no provider is needed to make them), and findRemoteOrphanedState lists and reads them back through the
 * mirrored aws provider and `terraform state pull`, exactly as a real plan does against AWS.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AddressInfo } from 'net';
// s3rver ships no types; the test needs only its constructor, run() and close().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };
import { findRemoteOrphanedState, stateKey } from '../../scripts/lib/remote-state';
import { prepareTerraformCli } from '../../scripts/lib/terraform-cli-config';
import { runTerraform } from '../../scripts/lib/terraform-runner';
import { AWS, PROJECT_ROOT, describeWithTerraform } from './terraform-fixtures';

const BUCKET = 'spillway-state-test';
const PREFIX = 'spillway/prod';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' }; // s3rver's fixed test keys

describeWithTerraform('state left behind under an S3 prefix (s3rver + real terraform)', (mirror) => {
  let work: string;
  let server: InstanceType<typeof S3rver>;
  let endpoint: string;
  let env: NodeJS.ProcessEnv;

  /**
   * Writes a state under `key` the way terraform does: `resources` terraform_data resources, applied through
   * the s3 backend. Asynchronous: s3rver answers from this process's event loop.
   */
  async function writeState(key: string, resources: number): Promise<void> {
    const dir = fs.mkdtempSync(path.join(work, 'writer-'));
    const resource = resources > 0 ? { terraform_data: Object.fromEntries(Array.from({ length: resources }, (_, i) => [`r${i}`, { input: i }])) } : undefined;
    const root = { terraform: { backend: { s3: {} } }, ...(resource ? { resource } : {}), output: { stack: { value: key } } };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(root));
    const backend = [`bucket=${BUCKET}`, `key=${key}`, 'region=us-west-2', `endpoints={s3="${endpoint}"}`, 'use_path_style=true']
      .concat(['skip_credentials_validation', 'skip_requesting_account_id', 'skip_region_validation'].map((flag) => `${flag}=true`))
      .map((setting) => `-backend-config=${setting}`);
    for (const args of [['init', '-input=false', ...backend], ['apply', '-input=false', '-auto-approve']]) {
      const run = await runTerraform([...args, '-no-color'], { cwd: dir, env });
      if (run.exitCode !== 0) throw new Error(`terraform ${args[0]} for ${key}: ${run.stderr}`);
    }
  }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-remote-state-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(work, 's3'), configureBuckets: [{ name: BUCKET }] });
    endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    const cli = prepareTerraformCli({ plansDir: path.join(work, 'cli'), projectRoot: PROJECT_ROOT, mirror });
    env = { ...process.env, ...cli.env, ...CREDENTIALS };
    await writeState(stateKey({ keyPrefix: PREFIX }, 'spillway-prod-infra'), 1); // the current stack
    await writeState(stateKey({ keyPrefix: PREFIX }, 'spillway-staging-infra'), 2); // its name before a rename
    await writeState(stateKey({ keyPrefix: PREFIX }, 'spillway-retired-infra'), 0); // destroyed: an empty state
    await writeState(`${PREFIX}/archive/spillway-old-infra.tfstate`, 1); // not a key a stack of ours writes
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reports the renamed stack with its resources, and skips the current, the empty and the nested states', async () => {
    const workDir = path.join(work, 'scan');
    const result = await findRemoteOrphanedState({ bucket: BUCKET, keyPrefix: PREFIX, region: 'us-west-2' }, ['spillway-prod-infra'], {
      workDir,
      env,
      awsProviderVersion: AWS.version,
      endpoint,
    });
    expect(result).toEqual({
      checked: true,
      orphaned: [{ stack: 'spillway-staging-infra', stateFile: `s3://${BUCKET}/${PREFIX}/spillway-staging-infra.tfstate`, resources: 2 }],
    });
    expect(fs.existsSync(workDir)).toBe(false);
  }, 120_000);

  it('says why it could not check, naming the prefix, when the bucket cannot be listed', async () => {
    const result = await findRemoteOrphanedState({ bucket: 'no-such-bucket', keyPrefix: PREFIX, region: 'us-west-2' }, [], {
      workDir: path.join(work, 'missing'),
      env,
      awsProviderVersion: AWS.version,
      endpoint,
    });
    expect(result.checked).toBe(false);
    expect(result).toMatchObject({ why: expect.stringContaining(`listing s3://no-such-bucket/${PREFIX}/`) });
    expect(result).toMatchObject({ why: expect.stringMatching(/NoSuchBucket|does not exist|404/) });
  }, 120_000);
});
