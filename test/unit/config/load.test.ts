import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_CONFIG_PATH, loadConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';
import { runMain as runMainProcess } from '../../support/main-process';
import { tempDir } from '../../support/temp-dir';

describe('loadConfig', () => {
  it('loads the embedded example with defaults filled in', () => {
    const config = loadConfig(EXAMPLE_CONFIG_PATH);
    expect(config.environment).toBe('example');
    expect(config.regions.map((region) => region.name)).toEqual(['us-west-2', 'eu-west-1']);
    expect(config.cluster.controlPlaneLogTypes).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    expect(config.cluster.systemNodeGroup.rootVolumeGiB).toBe(50);
  });

  it('reads the file named by SPILLWAY_CONFIG', () => {
    const dir = tempDir('spillway-config-');
    const file = path.join(dir, 'other.yaml');
    fs.writeFileSync(file, exampleWith((config) => (config.environment = 'other')));
    const previous = process.env.SPILLWAY_CONFIG;
    process.env.SPILLWAY_CONFIG = file;
    try {
      expect(loadConfig().environment).toBe('other');
    } finally {
      if (previous === undefined) delete process.env.SPILLWAY_CONFIG;
      else process.env.SPILLWAY_CONFIG = previous;
    }
  });

  it('names a missing file', () => {
    expect(() => loadConfig('/nonexistent/fleet.yaml')).toThrow(/fleet\.yaml[\s\S]*file not found/);
  });
});

/** Each bad input: the change, the exact field path expected, and a fragment of what is allowed. */
const badInputs: [string, (config: any) => void, string, RegExp][] = [
  ['wrong type', (c) => (c.cluster.systemNodeGroup.minSize = 'two'), 'cluster.systemNodeGroup.minSize', /Expected number, received string \(got "two"\)/],
  ['unknown top-level key', (c) => (c.regionz = []), 'regionz', /unknown key; allowed keys: environment, tags/],
  ['unknown nested key', (c) => (c.regions[0].vpcCIDR = '10.0.0.0/16'), 'regions[0].vpcCIDR', /allowed keys: name, primary, vpcCidr/],
  ['min above desired', (c) => Object.assign(c.cluster.systemNodeGroup, { minSize: 5, desiredSize: 2, maxSize: 4 }), 'cluster.systemNodeGroup.desiredSize', /minSize <= desiredSize <= maxSize; got 5 <= 2 <= 4/],
  ['malformed CIDR', (c) => (c.regions[0].vpcCidr = '10.10.0.0/33'), 'regions[0].vpcCidr', /prefix length above 32/],
  ['CIDR with host bits', (c) => (c.regions[0].vpcCidr = '10.10.0.1/16'), 'regions[0].vpcCidr', /network address is 10\.10\.0\.0\/16/],
  ['overlapping subnets', (c) => (c.regions[0].availabilityZones[1].privateSubnetCidr = '10.10.16.0/20'), 'regions[0].availabilityZones[1].privateSubnetCidr', /overlaps regions\[0\]\.availabilityZones\[0\]\.privateSubnetCidr/],
  ['subnet outside its VPC', (c) => (c.regions[1].availabilityZones[0].publicSubnetCidr = '10.30.0.0/24'), 'regions[1].availabilityZones[0].publicSubnetCidr', /not inside the region's vpcCidr "10\.20\.0\.0\/16"/],
  ['VPCs of two regions overlap', (c) => (c.regions[1].vpcCidr = '10.10.0.0/16'), 'regions[1].vpcCidr', /overlaps regions\[0\]\.vpcCidr/],
  ['zone not in its region', (c) => (c.regions[1].availabilityZones[0].name = 'us-west-2a'), 'regions[1].availabilityZones[0].name', /not a zone of eu-west-1; allowed: eu-west-1a, eu-west-1b, eu-west-1c/],
  ['duplicate region', (c) => (c.regions[1] = { ...c.regions[0], primary: false, vpcCidr: '10.30.0.0/16', availabilityZones: [] }), 'regions[1].availabilityZones', /at least 2/],
  ['unknown region', (c) => (c.regions[1].name = 'mars-north-1'), 'regions[1].name', /Expected 'us-east-1' \| .* received 'mars-north-1'/],
  ['environment name AWS would reject', (c) => (c.environment = 'Prod_1'), 'environment', /a-z, 0-9 and "-"/],
  ['reserved tag prefix', (c) => (c.tags['aws:owner'] = 'x'), 'tags.aws:owner', /reserved prefix "aws:"/],
  ['admin principal that is not an IAM ARN', (c) => (c.cluster.adminPrincipalArns = ['platform-admin']), 'cluster.adminPrincipalArns[0]', /IAM role or user ARN/],
  ['two primary regions', (c) => (c.regions[1].primary = true), 'regions', /exactly one region must have primary: true; found 2/],
  ['public service CIDR', (c) => (c.cluster.serviceCidr = '100.64.0.0/16'), 'cluster.serviceCidr', /RFC 1918 block from \/12 to \/24/],
  ['service CIDR overlapping a VPC', (c) => (c.cluster.serviceCidr = '10.20.0.0/16'), 'regions[1].vpcCidr', /overlaps cluster\.serviceCidr/],
  ['unknown NAT mode', (c) => (c.regions[0].natGateways = 'two'), 'regions[0].natGateways', /Expected 'one-per-zone' \| 'single', received 'two'/],
  ['a single zone', (c) => (c.regions[1].availabilityZones = c.regions[1].availabilityZones.slice(0, 1)), 'regions[1].availabilityZones', /at least 2/],
  ['S3 state bucket name', (c) => (c.stateBackend = { type: 's3', bucket: 'My_Bucket', keyPrefix: 'spillway/example', region: 'us-west-2' }), 'stateBackend.bucket', /S3 bucket names are 3-63 characters/],
  ['log retention CloudWatch does not offer', (c) => (c.cluster.logRetentionDays = 42), 'cluster.logRetentionDays', /must be one of 1, 3, 5/],
  ['system instance type not in the catalog', (c) => (c.cluster.systemNodeGroup.instanceTypes = ['x1e.32xlarge']), 'cluster.systemNodeGroup.instanceTypes[0]', /Expected 't3\.large' \| 'm5\.large'/],
];

describe('parseConfig rejects bad input with the field path, the value and what is allowed', () => {
  it.each(badInputs)('%s', (_name, change, fieldPath, allowed) => {
    const problems = problemsOf(exampleWith(change));
    const problem = problems.find((line) => line.startsWith(`${fieldPath}: `));
    expect(problem).toBeDefined();
    expect(problem).toMatch(allowed);
  });

  it('reports a region listed twice at the second entry', () => {
    const problems = problemsOf(exampleWith((c) => (c.regions[1] = { ...c.regions[0], primary: false })));
    expect(problems).toContain('regions[1].name: "us-west-2" is already configured at regions[0]; each region appears once');
  });

  it('reports every problem at once, not just the first', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.environment = 'BAD';
        c.regions[0].natGateways = 'two';
      }),
    );
    expect(problems.map((line) => line.split(':')[0])).toEqual(expect.arrayContaining(['environment', 'regions[0].natGateways']));
  });

  it('rejects YAML with a duplicated key instead of keeping the last one', () => {
    expect(problemsOf(`${exampleText}\nenvironment: again\n`)[0]).toMatch(/YAML: Map keys must be unique/);
  });
});

describe('main.ts with a bad config', () => {

  function runMain(config: string) {
    const cwd = tempDir('spillway-main-');
    const file = path.join(cwd, 'bad.yaml');
    fs.writeFileSync(file, config);
    const result = runMainProcess(cwd, { SPILLWAY_CONFIG: file });
    return { ...result, wroteOutput: fs.existsSync(path.join(cwd, 'cdktf.out')) };
  }

  it('exits non-zero, names every bad field (a wrong value, an unknown key) and writes no stack', () => {
    // One process for both problems: each spawn loads ts-node and the project (about 2 s).
    const result = runMain(
      exampleWith((c) => {
        c.regions[0].vpcCidr = '10.0.0.0/8';
        c.cluster.endpointPublicAccess = true;
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('regions[0].vpcCidr: "10.0.0.0/8" must be an RFC 1918 block from /16 to /28');
    expect(result.stderr).toContain('cluster.endpointPublicAccess: unknown key');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.wroteOutput).toBe(false);
  });
});
