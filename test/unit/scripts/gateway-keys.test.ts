import { createHash } from 'crypto';
import {
  GatewayCommandContext,
  GatewayCommandError,
  KEY_PREFIX,
  generateKey,
  hashKey,
  parseGatewayCommand,
  parseKeyDocument,
  serializeKeyDocument,
  withKey,
  withoutKey,
} from '../../../scripts/lib/gateway-keys';
import { GATEWAY } from '../../../model/contracts';

const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
const context: GatewayCommandContext = { regions: ['us-west-2', 'eu-west-1'], tiers: ['premium', 'free'], levels: ['normal', 'shed-free'] };

describe('key document', () => {
  it('round-trips through the gateway keys-file format, sorted by key id, with comments the gateway ignores', () => {
    const text = serializeKeyDocument([
      { sha256: hashB, keyId: 'zeta', tier: 'free' },
      { sha256: hashA, keyId: 'alpha', tier: 'premium' },
    ]);
    const dataLines = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(dataLines).toEqual([`${hashA} alpha premium`, `${hashB} zeta free`]);
    expect(parseKeyDocument(text)).toEqual([
      { sha256: hashA, keyId: 'alpha', tier: 'premium' },
      { sha256: hashB, keyId: 'zeta', tier: 'free' },
    ]);
    // The format the gateway's Lua reads (model/contracts.ts GATEWAY.keysFile).
    expect(GATEWAY.keysFile).toMatch(/keys\.map$/);
  });

  it('reads an empty document and blank or comment lines as no keys', () => {
    expect(parseKeyDocument('')).toEqual([]);
    expect(parseKeyDocument('\n# nothing yet\n   \n')).toEqual([]);
  });

  it.each([
    [`${hashA} alpha`, /line 1 has 2 fields, not 3/],
    [`${'A'.repeat(64)} alpha free`, /line 1 hash "A+" is not 64 lower-case hex digits/],
    [`# header\n${hashA} Alpha! free`, /line 2 key id "Alpha!" is not/],
    [`${hashA} alpha FREE`, /line 1 tier "FREE" is not a tier name/],
  ])('refuses a malformed line %#, naming its line number', (text, message) => {
    expect(() => parseKeyDocument(text)).toThrow(GatewayCommandError);
    expect(() => parseKeyDocument(text)).toThrow(message);
  });

  it('adds a key, refusing a taken id or hash, and revokes one, refusing an unknown id', () => {
    const one = withKey([], { sha256: hashA, keyId: 'alpha', tier: 'premium' });
    expect(() => withKey(one, { sha256: hashB, keyId: 'alpha', tier: 'free' })).toThrow('key id "alpha" already exists');
    expect(() => withKey(one, { sha256: hashA, keyId: 'beta', tier: 'free' })).toThrow('a key with this hash already exists');
    const two = withKey(one, { sha256: hashB, keyId: 'beta', tier: 'free' });
    expect(withoutKey(two, 'alpha').map((entry) => entry.keyId)).toEqual(['beta']);
    expect(() => withoutKey(two, 'gamma', ' in eu-west-1')).toThrow('no key "gamma" in eu-west-1; keys there: alpha, beta');
  });
});

describe('new keys', () => {
  it('are 256 random bits, base64url with the spw_ prefix, and stored as the SHA-256 of the exact text', () => {
    const { key, sha256 } = generateKey();
    expect(key).toMatch(new RegExp(`^${KEY_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(sha256).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashKey(key)).toBe(sha256);
    expect(generateKey().key).not.toBe(key);
  });

  it('take their bytes from the random source', () => {
    const zeros = generateKey((size) => Buffer.alloc(size));
    expect(zeros.key).toBe(`${KEY_PREFIX}${'A'.repeat(43)}`);
  });
});

describe('command line', () => {
  it('add-key: tier, optional id, every region unless --region narrows it', () => {
    expect(parseGatewayCommand(['add-key', 'premium'], context)).toEqual({ kind: 'add-key', tier: 'premium', keyId: undefined, regions: ['us-west-2', 'eu-west-1'] });
    expect(parseGatewayCommand(['add-key', 'free', '--id', 'acme-1', '--region', 'eu-west-1'], context)).toEqual({
      kind: 'add-key',
      tier: 'free',
      keyId: 'acme-1',
      regions: ['eu-west-1'],
    });
  });

  it('revoke-key, list-keys and level', () => {
    expect(parseGatewayCommand(['revoke-key', 'acme-1'], context)).toEqual({ kind: 'revoke-key', keyId: 'acme-1', regions: ['us-west-2', 'eu-west-1'] });
    expect(parseGatewayCommand(['list-keys', '--region', 'us-west-2'], context)).toEqual({ kind: 'list-keys', regions: ['us-west-2'] });
    expect(parseGatewayCommand(['level', 'eu-west-1', 'shed-free', '--dry-run'], context)).toEqual({
      kind: 'level',
      region: 'eu-west-1',
      level: 'shed-free',
      context: undefined,
      dryRun: true,
    });
  });

  it.each([
    [[], 'no command given'],
    [['rotate'], 'unknown command "rotate"; commands: add-key, revoke-key, list-keys, level'],
    [['add-key', 'gold'], 'tier "gold" is not one of triton.tiers: premium, free'],
    [['add-key'], 'add-key takes <tier>, got nothing'],
    [['add-key', 'free', '--id', 'Bad Id'], '--id "Bad Id" must be 1-63 characters'],
    [['add-key', 'free', '--id'], '--id needs a value'],
    [['add-key', 'free', '--region', 'ap-south-1'], 'region "ap-south-1" is not configured; regions: us-west-2, eu-west-1'],
    [['add-key', 'free', '--context', 'x'], 'add-key takes no --context'],
    [['revoke-key', 'a', 'b'], 'revoke-key takes <key id>, got "a" "b"'],
    [['level', 'us-west-2', 'panic'], 'level "panic" is not one of gateway.levels: normal, shed-free'],
    [['level', 'mars-1', 'normal'], 'region "mars-1" is not configured'],
    [['level', 'us-west-2', 'normal', '--force'], 'unknown option --force'],
    [['list-keys', '--dry-run'], 'list-keys takes no --dry-run'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseGatewayCommand(argv, context)).toThrow(GatewayCommandError);
    expect(() => parseGatewayCommand(argv, context)).toThrow(message);
  });
});
