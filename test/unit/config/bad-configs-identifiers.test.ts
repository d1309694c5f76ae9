import { parseConfig } from '../../../config/load';
import type { FleetConfig } from '../../../config/schema';
import { validateIdentifiers } from '../../../config/validate/identifiers';
import { KNOWN_REGIONS, partitionOf, PARTITIONS, REGIONS } from '../../../model/catalog/regions';
import { exampleWith } from '../../support/example-variants';
import { runSynth } from '../../support/synth-command';

/**
 * Identifiers that AWS accepts one by one but that break the fleet together: state key prefixes, ARNs of another
 * partition or region, bucket names used twice, private keys pasted into config, and required tags left empty.
 * Each is refused by the synth command at its field path, with exit code 1 and nothing written.
 */
type Case = [name: string, change: (config: any) => void, path: string, expected: RegExp];

const KMS_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const kmsKey = (partition: string, region: string) => `arn:${partition}:kms:${region}:111122223333:key/${KMS_KEY_ID}`;
const s3Backend = (change: Record<string, unknown> = {}) => ({
  type: 's3',
  bucket: 'acme-spillway-state',
  keyPrefix: 'spillway/example',
  region: 'us-west-2',
  ...change,
});

/** A recognisable fake key body: it must never appear in a message. */
const KEY_BODY = 'MIIEowIBAAKCAQEAspillwaySecretKeyBody0123456789abcdef';
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
const CERTIFICATE = pem('CERTIFICATE', 'MIIDdzCCAl+gAwIBAgIEspillwayCertificateBody');
const withBundle = (bundle: string) => (c: any) => {
  c.regions[0].hybridNodes.credentialProvider = 'iam-roles-anywhere';
  c.regions[0].hybridNodes.rolesAnywhere = { certificateBundlePem: bundle };
};

const keyPrefixes: Case[] = [
  ['leading slash', (c) => (c.stateBackend = s3Backend({ keyPrefix: '/spillway/example' })), 'stateBackend.keyPrefix', /starts with "\/"; .*allowed: segments/],
  ['bare slash', (c) => (c.stateBackend = s3Backend({ keyPrefix: '/' })), 'stateBackend.keyPrefix', /starts with "\/"/],
  ['double slash', (c) => (c.stateBackend = s3Backend({ keyPrefix: 'spillway//example' })), 'stateBackend.keyPrefix', /holds "\/\/", an empty path segment/],
  ['dot segment', (c) => (c.stateBackend = s3Backend({ keyPrefix: './spillway' })), 'stateBackend.keyPrefix', /holds a "\." or "\.\." path segment/],
  ['dot-dot segment', (c) => (c.stateBackend = s3Backend({ keyPrefix: 'spillway/../prod' })), 'stateBackend.keyPrefix', /"\.\." path segment; allowed: .* \(got "spillway\/\.\.\/prod"\)$/],
  ['trailing dot segment', (c) => (c.stateBackend = s3Backend({ keyPrefix: 'spillway/.' })), 'stateBackend.keyPrefix', /path segment/],
  ['only dot-dot', (c) => (c.stateBackend = s3Backend({ keyPrefix: '..' })), 'stateBackend.keyPrefix', /path segment/],
  ['unsafe character', (c) => (c.stateBackend = s3Backend({ keyPrefix: 'spillway/my prefix' })), 'stateBackend.keyPrefix', /outside the S3 safe set/],
  ['longer than an S3 key allows', (c) => (c.stateBackend = s3Backend({ keyPrefix: 'a'.repeat(1000) })), 'stateBackend.keyPrefix', /1024-byte key limit/],
];

const partitions: Case[] = [
  [
    'aws-cn admin principal',
    (c) => (c.cluster.adminPrincipalArns = ['arn:aws-cn:iam::111122223333:role/platform-admin']),
    'cluster.adminPrincipalArns[0]',
    /"arn:aws-cn:iam::111122223333:role\/platform-admin" is in partition aws-cn; the fleet's regions \(us-west-2, eu-west-1\) are in partition aws, so the ARN must start with arn:aws:/,
  ],
  [
    'GovCloud admin principal after a good one',
    (c) => c.cluster.adminPrincipalArns.push('arn:aws-us-gov:iam::111122223333:user/ops'),
    'cluster.adminPrincipalArns[1]',
    /is in partition aws-us-gov/,
  ],
  [
    'GovCloud KMS key for the state bucket',
    (c) => (c.stateBackend = s3Backend({ kmsKeyArn: kmsKey('aws-us-gov', 'us-gov-west-1') })),
    'stateBackend.kmsKeyArn',
    /is in partition aws-us-gov; .*must start with arn:aws:/,
  ],
  [
    'aws-cn KMS alias for the state bucket',
    (c) => (c.stateBackend = s3Backend({ kmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:alias/spillway-state' })),
    'stateBackend.kmsKeyArn',
    /is in partition aws-cn/,
  ],
];

const kmsRegions: Case[] = [
  [
    'KMS key of another region',
    (c) => (c.stateBackend = s3Backend({ kmsKeyArn: kmsKey('aws', 'eu-west-1') })),
    'stateBackend.kmsKeyArn',
    /is in region eu-west-1; S3 only encrypts with KMS keys of the bucket's region, stateBackend\.region us-west-2/,
  ],
  [
    'KMS alias of another region',
    (c) => (c.stateBackend = s3Backend({ kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/spillway-state' })),
    'stateBackend.kmsKeyArn',
    /is in region us-east-1; .*stateBackend\.region us-west-2/,
  ],
  [
    'state bucket moved without its key',
    (c) => (c.stateBackend = s3Backend({ region: 'eu-west-1', kmsKeyArn: kmsKey('aws', 'us-west-2') })),
    'stateBackend.kmsKeyArn',
    /is in region us-west-2; .*stateBackend\.region eu-west-1/,
  ],
];

const MODEL_BUCKET_EU = 'acme-spillway-example-models-eu-west-1';
const buckets: Case[] = [
  [
    'flow log bucket equal to the CDN artifacts bucket',
    (c) => {
      c.frontDoor.accelerator.flowLogs.bucketName = 'acme-shared-bucket';
      c.cdn.bucketNames = { artifacts: 'acme-shared-bucket' };
    },
    'cdn.bucketNames.artifacts',
    /"acme-shared-bucket" is already the name of frontDoor\.accelerator\.flowLogs\.bucketName; bucket names must be unique across the fleet/,
  ],
  [
    'flow log bucket equal to the state bucket',
    (c) => {
      c.stateBackend = s3Backend();
      c.frontDoor.accelerator.flowLogs.bucketName = 'acme-spillway-state';
    },
    'frontDoor.accelerator.flowLogs.bucketName',
    /"acme-spillway-state" is already the name of stateBackend\.bucket \(the state bucket\)/,
  ],
  [
    'flow log bucket equal to a model bucket',
    (c) => (c.frontDoor.accelerator.flowLogs.bucketName = MODEL_BUCKET_EU),
    'triton.modelRepository.bucketNamePrefix',
    /"acme-spillway" names the eu-west-1 model bucket "acme-spillway-example-models-eu-west-1", which is already the name of frontDoor\.accelerator\.flowLogs\.bucketName/,
  ],
  [
    'CDN logs bucket equal to the artifacts bucket',
    (c) => (c.cdn.bucketNames = { artifacts: 'acme-cdn', logs: 'acme-cdn' }),
    'cdn.bucketNames.logs',
    /"acme-cdn" is already the name of cdn\.bucketNames\.artifacts/,
  ],
  [
    'CDN logs bucket equal to the state bucket',
    (c) => {
      c.stateBackend = s3Backend();
      c.cdn.bucketNames = { logs: 'acme-spillway-state' };
    },
    'cdn.bucketNames.logs',
    /already the name of stateBackend\.bucket/,
  ],
  [
    'state bucket equal to a model bucket',
    (c) => (c.stateBackend = s3Backend({ bucket: 'acme-spillway-example-models-us-west-2' })),
    'triton.modelRepository.bucketNamePrefix',
    /names the us-west-2 model bucket .* already the name of stateBackend\.bucket \(the state bucket\)/,
  ],
];

const privateKeys: Case[] = [
  [
    'certificate bundle with an RSA private key',
    withBundle(CERTIFICATE + pem('RSA PRIVATE KEY', KEY_BODY)),
    'regions[0].hybridNodes.rolesAnywhere.certificateBundlePem',
    /holds PEM private-key material \(the value is not shown\); it would be written into cdk\.tf\.json and Terraform state/,
  ],
  ['certificate bundle with an EC private key', withBundle(CERTIFICATE + pem('EC PRIVATE KEY', KEY_BODY)), 'regions[0].hybridNodes.rolesAnywhere.certificateBundlePem', /PEM private-key material/],
  ['certificate bundle with an encrypted PKCS#8 key', withBundle(pem('ENCRYPTED PRIVATE KEY', KEY_BODY) + CERTIFICATE), 'regions[0].hybridNodes.rolesAnywhere.certificateBundlePem', /PEM private-key material/],
  ['certificate bundle with an OpenSSH key', withBundle(CERTIFICATE + pem('OPENSSH PRIVATE KEY', KEY_BODY)), 'regions[0].hybridNodes.rolesAnywhere.certificateBundlePem', /PEM private-key material/],
  ['certificate bundle with CRLF line ends', withBundle((CERTIFICATE + pem('PRIVATE KEY', KEY_BODY)).replace(/\n/g, '\r\n')), 'regions[0].hybridNodes.rolesAnywhere.certificateBundlePem', /PEM private-key material/],
  ['a one-line key in a tag value', (c) => (c.tags.Owner = `-----BEGIN PRIVATE KEY----- ${KEY_BODY} -----END PRIVATE KEY-----`), 'tags.Owner', /PEM private-key material/],
  ['a key pasted into a waiver reason', (c) => (c.guardrails.waivers[0].reason = `temporary, see key ${pem('PRIVATE KEY', KEY_BODY)}`), 'guardrails.waivers[0].reason', /PEM private-key material/],
];

const requiredTags: Case[] = [
  ['empty Owner tag', (c) => (c.tags.Owner = ''), 'tags.Owner', /^"" is empty; guardrails\.requiredTags lists Owner, so tags must give it a non-empty value/],
  ['blank Owner tag', (c) => (c.tags.Owner = '   '), 'tags.Owner', /^"   " is empty/],
  ['missing Project tag', (c) => delete c.tags.Project, 'tags.Project', /^missing; guardrails\.requiredTags lists Project/],
  ['required tag no tag gives', (c) => (c.guardrails.requiredTags = ['Project', 'Owner', 'DataClassification']), 'tags.DataClassification', /^missing; .*provider default_tags/],
  ['no tags at all', (c) => delete c.tags, 'tags.Owner', /^missing/],
];

/** The problem line at `path` in the synth command's report. */
function lineAt(message: string, path: string): string | undefined {
  return message.split('\n').map((line) => line.replace(/^\s+- /, '')).find((line) => line.startsWith(`${path}: `));
}

describe('identifiers that break the fleet are refused at load, before anything is written', () => {
  const all = [...keyPrefixes, ...partitions, ...kmsRegions, ...buckets, ...privateKeys, ...requiredTags];

  it('has many bad inputs (several per finding)', () => {
    expect(all.length).toBeGreaterThanOrEqual(20);
  });

  it.each(all)('%s', (_name, change, path, expected) => {
    const run = runSynth(change);
    expect(run.exitCode).toBe(1);
    expect(run.written).toEqual([]);
    const line = lineAt(run.message, path);
    expect(line).toBeDefined();
    expect(line!.slice(path.length + 2)).toMatch(expected);
  });

  it.each(privateKeys)('never echoes the private key: %s', (_name, change) => {
    const run = runSynth(change);
    expect(run.message).not.toContain(KEY_BODY);
    expect(run.message).not.toContain('-----BEGIN');
  });

  it('reports an empty required tag once, at the tag, not as guardrail violations', () => {
    const run = runSynth((c) => (c.tags.Owner = ''));
    expect(run.message.split('\n').filter((line) => line.includes('tags.Owner'))).toHaveLength(1);
    expect(run.message).not.toMatch(/SPW-TAG-001/);
  });
});

describe('identifiers that are fine load', () => {
  const loads = (change: (config: any) => void) => parseConfig(exampleWith(change));

  it('accepts an S3 backend with a nested key prefix and a KMS key or alias of its own region', () => {
    expect(loads((c) => (c.stateBackend = s3Backend({ keyPrefix: 'teams/ml-platform/spillway.v2', kmsKeyArn: kmsKey('aws', 'us-west-2') }))).stateBackend).toMatchObject({ keyPrefix: 'teams/ml-platform/spillway.v2' });
    expect(() => loads((c) => (c.stateBackend = s3Backend({ region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/state' })))).not.toThrow();
  });

  it('accepts a flow log bucket name that no bucket uses because flow logs are off', () => {
    expect(() =>
      loads((c) => {
        c.frontDoor.accelerator.flowLogs = { enabled: false, bucketName: 'acme-shared-bucket' };
        c.cdn.bucketNames = { artifacts: 'acme-shared-bucket' };
      }),
    ).not.toThrow();
  });

  it('accepts a certificate bundle without a key, and required tags given by tags', () => {
    expect(() => loads(withBundle(CERTIFICATE))).not.toThrow();
    expect(() => loads((c) => (c.guardrails.requiredTags = ['Project', 'Owner', 'CostCenter']))).not.toThrow();
  });
});

describe('partitions are data per region', () => {
  it('knows the partition of every known region', () => {
    for (const region of KNOWN_REGIONS) expect(PARTITIONS).toContain(partitionOf(region));
  });

  it('checks ARNs against the partition of the fleet, so an aws-cn region needs aws-cn ARNs', () => {
    const regions = REGIONS as Record<string, (typeof REGIONS)[string]>;
    regions['cn-north-1'] = { partition: 'aws-cn', zones: ['a', 'b'] };
    const fleet = (admin: string) =>
      ({ regions: [{ name: 'cn-north-1' }], cluster: { adminPrincipalArns: [admin] }, stateBackend: { type: 'local' } }) as unknown as FleetConfig;
    const problems = (config: FleetConfig) => {
      const found: string[] = [];
      validateIdentifiers(config, (path, message) => found.push(`${path.join('.')}: ${message}`));
      return found;
    };
    try {
      expect(problems(fleet('arn:aws-cn:iam::111122223333:role/admin'))).toEqual([]);
      expect(problems(fleet('arn:aws:iam::111122223333:role/admin'))).toEqual([expect.stringMatching(/^cluster\.adminPrincipalArns\.0: .* is in partition aws; .* must start with arn:aws-cn:/)]);
    } finally {
      delete regions['cn-north-1'];
    }
  });
});
