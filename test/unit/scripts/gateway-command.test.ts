/**
 * `npm run gateway` end to end, against fake `aws` and `kubectl` executables on PATH (no AWS account or
 * cluster is reachable here): they keep each region's secret and the level ConfigMap in files, and log argv.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../../support/main-process';

const FAKE_AWS = `#!/bin/sh
echo "aws $*" >> "$FAKE_DIR/calls.log"
region=""; secret=""; value=""
while [ $# -gt 0 ]; do
  case "$1" in
    --region) region="$2"; shift ;;
    --secret-id) secret="$2"; shift ;;
    --secret-string) value="$2"; shift ;;
  esac
  shift
done
store="$FAKE_DIR/secret-$region"
if [ -n "$value" ]; then
  [ -f "$FAKE_DIR/fail-put-$region" ] && { echo "AccessDeniedException: no" >&2; exit 254; }
  cp "\${value#file://}" "$store"; echo '{"VersionId":"v"}'; exit 0
fi
[ -f "$store" ] || { echo "An error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret value for staging label: AWSCURRENT" >&2; exit 254; }
cat "$store"
`;

const FAKE_KUBECTL = `#!/bin/sh
echo "kubectl $*" >> "$FAKE_DIR/calls.log"
case "$*" in
  *"get configmap"*) echo "configmap/inference-gateway-level" ;;
  *"patch configmap"*) for last; do :; done; printf '%s' "$last" | sed 's/.*"level":"\\([^"]*\\)".*/\\1/' > "$FAKE_DIR/level" ;;
  *"get pods"*) printf 'pod/gw-a\\npod/gw-b\\n' ;;
  *"exec"*) cat "$FAKE_DIR/level" ;;
esac
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-gateway-cli-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'aws'), FAKE_AWS, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function gateway(...args: string[]) {
  const result = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(PROJECT_ROOT, 'scripts', 'gateway.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`, FAKE_DIR: dir, SPILLWAY_CONFIG: '', TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json') },
  });
  const calls = fs.existsSync(path.join(dir, 'calls.log')) ? fs.readFileSync(path.join(dir, 'calls.log'), 'utf8') : '';
  return { ...result, calls };
}
const stored = (region: string) => fs.readFileSync(path.join(dir, `secret-${region}`), 'utf8');
const exampleConfig = ['--config', path.join(PROJECT_ROOT, 'config', 'environments', 'example.yaml')];

describe('npm run gateway', () => {
  it('add-key prints the key once and stores only its SHA-256, id and tier in every region; revoke-key removes it', () => {
    const added = gateway('add-key', 'premium', '--id', 'acme-prod', ...exampleConfig);
    expect(added.stderr).toContain('added key acme-prod (tier premium) in us-west-2, eu-west-1');
    expect(added.status).toBe(0);
    const key = added.stdout.trim();
    expect(key).toMatch(/^spw_[A-Za-z0-9_-]{43}$/);
    const line = `${createHash('sha256').update(key).digest('hex')} acme-prod premium`;
    for (const region of ['us-west-2', 'eu-west-1']) {
      expect(stored(region)).toContain(line);
      expect(stored(region)).not.toContain(key);
    }
    expect(added.calls).toContain('--secret-id spillway/example/us-west-2/gateway-api-keys');
    expect(added.calls).not.toContain(key);

    const again = gateway('add-key', 'free', '--id', 'acme-prod', ...exampleConfig);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('npm run gateway: key id "acme-prod" already exists; revoke it first or choose another --id\n');
    expect(again.stdout).toBe('');

    const listed = gateway('list-keys', ...exampleConfig);
    expect(listed.stdout).toBe('us-west-2\tacme-prod\tpremium\neu-west-1\tacme-prod\tpremium\n');

    const revoked = gateway('revoke-key', 'acme-prod', ...exampleConfig);
    expect(revoked.status).toBe(0);
    for (const region of ['us-west-2', 'eu-west-1']) expect(stored(region)).not.toContain('acme-prod');
  });

  it('puts back the regions already written when a later region cannot be written, and prints no key', () => {
    fs.writeFileSync(path.join(dir, 'fail-put-eu-west-1'), '');
    const added = gateway('add-key', 'free', '--id', 'half', ...exampleConfig);
    expect(added.status).toBe(1);
    expect(added.stderr).toMatch(/writing spillway\/example\/eu-west-1\/gateway-api-keys in eu-west-1 failed: AccessDeniedException/);
    expect(added.stdout).toBe('');
    expect(stored('us-west-2')).not.toContain('half');
  });

  it('refuses a tier that is not configured before calling AWS', () => {
    const result = gateway('add-key', 'gold', ...exampleConfig);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('npm run gateway: tier "gold" is not one of triton.tiers: premium, enterprise, free\n');
    expect(result.calls).toBe('');
  });

  it('level patches the labelled ConfigMap in the region cluster and waits until every gateway pod has it', () => {
    const result = gateway('level', 'eu-west-1', 'shed-free', ...exampleConfig);
    expect(result.stderr).toContain(`kubectl --context spillway-example-eu-west-1 --namespace inference patch configmap inference-gateway-level --type merge --patch '{"data":{"level":"shed-free"}}'`);
    expect(result.stderr).toContain('level shed-free is in force in eu-west-1 (2 gateway pods)');
    expect(result.status).toBe(0);
    expect(result.calls).toContain('get configmap --selector spillway.io/gateway-level=inference-gateway --output name');
    expect(result.calls).toContain('exec pod/gw-b --container haproxy -- cat /var/run/spillway/gateway-level/level');

    const dry = gateway('level', 'us-west-2', 'premium-only', '--dry-run', ...exampleConfig);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain('--context spillway-example-us-west-2');
    expect(dry.calls).not.toContain('us-west-2');
  });
});
