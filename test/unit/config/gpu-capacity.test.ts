import { parseConfig } from '../../../config/load';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';
import { gpuNodeGroupsOf } from '../../../model/pools';



describe('GPU capacity config', () => {
  it('accepts the example: hybrid nodes, baseline and spot-then-on-demand pools, a pre-warm window, budget', () => {
    const config = parseConfig(exampleText);
    const primary = config.regions[0];
    expect(primary.hybridNodes?.remoteNodeCidrs).toEqual(['10.80.0.0/16']);
    expect(primary.gpuPools.map((pool) => [pool.name, pool.role, pool.capacity])).toEqual([
      ['baseline', 'baseline', 'on-demand'],
      ['burst', 'burst', 'spot-then-on-demand'],
    ]);
    expect(primary.gpuPools[1].prewarm).toHaveLength(1);
    // Defaults filled in.
    expect(primary.gpuPools[0].amiType).toBe('AL2023_x86_64_NVIDIA');
    expect(primary.gpuPools[0].rootVolumeGiB).toBe(200);
    expect(primary.gpuPools[0].metadataHopLimit).toBe(1);
    expect(config.autoscaler.expendablePodsPriorityCutoff).toBe(-10);
  });

  it('splits a spot-then-on-demand pool into a spot and an on-demand node group', () => {
    const pool = parseConfig(exampleText).regions[0].gpuPools[1];
    expect(gpuNodeGroupsOf(pool).map((group) => [group.name, group.capacityType, group.minSize, group.maxSize])).toEqual([
      ['burst-spot', 'SPOT', 0, 6],
      ['burst-on-demand', 'ON_DEMAND', 0, 6],
    ]);
  });

  it('fills autoscaler defaults when the section is absent', () => {
    const config = parseConfig(exampleWith((c) => delete c.autoscaler));
    expect(config.autoscaler).toEqual({
      balanceSimilarNodeGroups: true,
      scaleDownDelayAfterAdd: '10m',
      scaleDownUnneededTime: '10m',
      expendablePodsPriorityCutoff: -10,
      maxNodeProvisionTime: '10m',
    });
  });

  it('rejects an unknown instance type at its path, listing the known ones', () => {
    const problems = problemsOf(exampleWith((c) => (c.regions[0].gpuPools[1].instanceTypes[1] = 'p3.2xlarge')));
    expect(problems).toEqual([
      'regions[0].gpuPools[1].instanceTypes[1]: unknown GPU instance type; known: g4dn.xlarge, g4dn.2xlarge, g4dn.4xlarge, g4dn.8xlarge, g4dn.12xlarge (got "p3.2xlarge")',
    ]);
  });

  it('rejects a fleet whose pools can exceed maxGpus, with the per-pool arithmetic', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.maxGpus = 20;
        // One GPU count per pool (a pool mixing counts is refused): four-GPU nodes on demand.
        c.regions[0].gpuPools[1].instanceTypes = ['g4dn.12xlarge'];
        c.regions[0].gpuPools[1].capacity = 'on-demand';
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^maxGpus: 20 is below what the GPU pools can reach/);
    expect(problems[0]).toContain('us-west-2/baseline 2 x 1 = 2');
    expect(problems[0]).toContain('us-west-2/burst 6 x 4 = 24');
    expect(problems[0]).toContain('eu-west-1/burst-on-demand 4 x 1 = 4');
    expect(problems[0]).toContain('total 36');
  });

  it('requires maxGpus when pools exist', () => {
    expect(problemsOf(exampleWith((c) => delete c.maxGpus))[0]).toMatch(/^maxGpus: is required when gpuPools are configured; the pools can reach 24 GPUs/);
  });

  it('rejects remote CIDRs overlapping the VPC, the service CIDR or each other, naming the fields', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.regions[0].hybridNodes.remoteNodeCidrs = ['10.10.128.0/20', '10.80.0.0/16'];
        c.regions[0].hybridNodes.remotePodCidrs = ['172.20.0.0/20', '10.80.64.0/18'];
      }),
    );
    expect(problems).toEqual([
      'regions[0].hybridNodes.remoteNodeCidrs[0]: "10.10.128.0/20" overlaps the region\'s vpcCidr "10.10.0.0/16"',
      'regions[0].hybridNodes.remotePodCidrs[0]: "172.20.0.0/20" overlaps cluster.serviceCidr "172.20.0.0/16"',
      'regions[0].hybridNodes.remotePodCidrs[1]: "10.80.64.0/18" overlaps regions[0].hybridNodes.remoteNodeCidrs[1] "10.80.0.0/16"',
    ]);
  });

  it('rejects public remote networks and a private customer gateway address', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.regions[0].hybridNodes.remoteNodeCidrs = ['8.8.8.0/24'];
        c.regions[0].hybridNodes.connectivity.customerGatewayIp = '192.168.1.1';
      }),
    );
    expect(problems).toEqual([
      'regions[0].hybridNodes.connectivity.customerGatewayIp: "192.168.1.1" is a private address; a site-to-site VPN needs the on-prem device\'s public IPv4 address',
      'regions[0].hybridNodes.remoteNodeCidrs[0]: "8.8.8.0/24" must be an RFC 1918 block or inside 100.64.0.0/10, as EKS requires for remote networks',
    ]);
  });

  it('requires a trust anchor source for IAM Roles Anywhere', () => {
    const problems = problemsOf(exampleWith((c) => (c.regions[0].hybridNodes.credentialProvider = 'iam-roles-anywhere')));
    expect(problems).toEqual([
      'regions[0].hybridNodes.rolesAnywhere: credentialProvider "iam-roles-anywhere" needs exactly one of rolesAnywhere.acmPcaArn or rolesAnywhere.certificateBundlePem',
    ]);
  });

  it('checks min <= desired <= max, baseline rules, spot diversity and pre-warm sizes', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.regions[0].gpuPools[0].desiredSize = 3;
        c.regions[0].gpuPools[0].capacity = 'spot';
        c.regions[0].gpuPools[1].instanceTypes = ['g4dn.xlarge'];
        c.regions[0].gpuPools[1].prewarm[0].minSize = 7;
      }),
    );
    expect(problems).toEqual([
      'regions[0].gpuPools[0].desiredSize: must satisfy minSize <= desiredSize <= maxSize; got 1 <= 3 <= 2',
      'regions[0].gpuPools[0].capacity: "spot" is not allowed for a baseline pool: the baseline must not be reclaimed; use on-demand',
      'regions[0].gpuPools[0].instanceTypes: ["g4dn.xlarge"] is one size; a spot pool needs at least two g4dn sizes so spot has capacity to choose from',
      'regions[0].gpuPools[1].instanceTypes: ["g4dn.xlarge"] is one size; a spot-then-on-demand pool needs at least two g4dn sizes so spot has capacity to choose from',
      "regions[0].gpuPools[1].prewarm[0].minSize: 7 must be above the pool's minSize 0 and at most its maxSize 6",
    ]);
  });

  it('rejects unknown keys in a pool and a malformed cron', () => {
    const problems = problemsOf(
      exampleWith((c) => {
        c.regions[0].gpuPools[0].gpuCount = 2;
        c.regions[0].gpuPools[1].prewarm[0].startCron = 'every day';
      }),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^regions\[0\]\.gpuPools\[0\]\.gpuCount: unknown key; allowed keys: name, role, instanceTypes/));
    expect(problems).toContainEqual(expect.stringMatching(/^regions\[0\]\.gpuPools\[1\]\.prewarm\[0\]\.startCron: a five-field cron expression/));
  });
});
