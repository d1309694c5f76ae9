/**
 * Cross-field rules for GPU capacity (pools, pre-warm windows, the GPU budget) and EKS Hybrid Nodes.
 * Called from `validateFleet`; each problem is reported at the path of the field to fix, quoting the value.
 */
import type { FleetConfig, HybridNodesConfig } from '../schema';
import { Fail, formatPath, Path } from '../schema/common';
import { contains, Ipv4Block, isPrivate, overlaps, parseCidr } from '../../model/cidr';
import { GPU_INSTANCES } from '../../model/catalog/instances';
import { gpuNodeGroupsOf, maxGpusPerNode } from '../../model/pools';


/** Remote networks EKS accepts for hybrid nodes: RFC 1918 and the CGNAT block. */
const CGNAT = parseCidr('100.64.0.0/10') as Ipv4Block;

/** A region's VPC, as the remote-network rules compare against it. */
interface VpcOfRegion {
  readonly index: number;
  readonly name: string;
  readonly cidr: string;
}

export function validateGpuCapacity(config: FleetConfig, fail: Fail): void {
  const vpcs = config.regions.map((region, index): VpcOfRegion => ({ index, name: region.name, cidr: region.vpcCidr }));
  config.regions.forEach((region, regionIndex) => {
    const regionPath: Path = ['regions', regionIndex];
    validatePools(region.gpuPools, [...regionPath, 'gpuPools'], fail);
    if (region.hybridNodes) {
      validateHybridNodes(region.hybridNodes, regionIndex, vpcs, config.cluster.serviceCidr, [...regionPath, 'hybridNodes'], fail);
    }
  });
  validateBudget(config, fail);
}

function validatePools(pools: FleetConfig['regions'][number]['gpuPools'], poolsPath: Path, fail: Fail): void {
  const seen = new Map<string, number>();
  pools.forEach((pool, poolIndex) => {
    const path = [...poolsPath, poolIndex];
    const earlier = seen.get(pool.name);
    if (earlier !== undefined) fail([...path, 'name'], `"${pool.name}" is already the name of gpuPools[${earlier}]; pool names are unique per region`);
    seen.set(pool.name, poolIndex);
    // `<pool>-spot` and `<pool>-on-demand` must not collide with another pool's node group either.
    for (const group of gpuNodeGroupsOf(pool)) {
      if (group.name !== pool.name && pools.some((other) => other.name === group.name)) {
        fail([...path, 'name'], `"${pool.name}" makes node group "${group.name}", which is also the name of another pool`);
      }
    }

    const desired = pool.desiredSize ?? pool.minSize;
    if (pool.minSize > desired || desired > pool.maxSize) {
      fail([...path, pool.desiredSize === undefined ? 'minSize' : 'desiredSize'], `must satisfy minSize <= desiredSize <= maxSize; got ${pool.minSize} <= ${desired} <= ${pool.maxSize}`);
    }
    if (pool.role === 'baseline' && pool.capacity !== 'on-demand') {
      fail([...path, 'capacity'], `"${pool.capacity}" is not allowed for a baseline pool: the baseline must not be reclaimed; use on-demand`);
    }
    if (pool.role === 'baseline' && pool.minSize < 1) {
      fail([...path, 'minSize'], `${pool.minSize} leaves the baseline empty; a baseline pool needs minSize >= 1`);
    }
    if (pool.capacity !== 'on-demand' && new Set(pool.instanceTypes).size < 2) {
      fail(
        [...path, 'instanceTypes'],
        `${JSON.stringify(pool.instanceTypes)} is one size; a ${pool.capacity} pool needs at least two g4dn sizes so spot has capacity to choose from`,
      );
    }
    pool.instanceTypes.forEach((type, typeIndex) => {
      if (pool.instanceTypes.indexOf(type) !== typeIndex) fail([...path, 'instanceTypes', typeIndex], `"${type}" is listed twice`);
    });
    checkOneGpuCount(pool.instanceTypes, [...path, 'instanceTypes'], fail);

    const windows = new Map<string, number>();
    pool.prewarm.forEach((window, windowIndex) => {
      const windowPath = [...path, 'prewarm', windowIndex];
      const earlierWindow = windows.get(window.name);
      if (earlierWindow !== undefined) fail([...windowPath, 'name'], `"${window.name}" is already the name of prewarm[${earlierWindow}]`);
      windows.set(window.name, windowIndex);
      if (window.minSize <= pool.minSize || window.minSize > pool.maxSize) {
        fail(
          [...windowPath, 'minSize'],
          `${window.minSize} must be above the pool's minSize ${pool.minSize} and at most its maxSize ${pool.maxSize}`,
        );
      }
      if (window.startCron === window.endCron) fail([...windowPath, 'endCron'], `"${window.endCron}" equals startCron; the window would be empty`);
    });
  });
}

/**
 * Every size of a pool must have the same GPU count. The autoscaler's node-template tag advertises one count per
 * node group, the smallest (guaranteedResources in model/pools.ts), so a pod needing more never scales the group
 * from zero. We refuse instead of splitting the pool by GPU count: a split would rename node groups, and node-group
 * names are logical IDs (renaming one destroys and recreates it).
 */
function checkOneGpuCount(instanceTypes: readonly string[], path: Path, fail: Fail): void {
  const byCount = new Map<number, string[]>();
  for (const type of instanceTypes) {
    const gpus = GPU_INSTANCES[type]?.gpus;
    if (gpus !== undefined) byCount.set(gpus, [...(byCount.get(gpus) ?? []), type]);
  }
  if (byCount.size < 2) return;
  const counts = [...byCount.keys()].sort((a, b) => a - b);
  const detail = counts.map((count) => `${count} GPU${count === 1 ? '' : 's'}: ${byCount.get(count)!.join(', ')}`).join('; ');
  fail(
    path,
    `${JSON.stringify(instanceTypes)} mixes GPU counts (${detail}); the autoscaler advertises one GPU count per node group, the smallest (${counts[0]}), so it never scales this pool from zero for a pod that needs more. Put each GPU count in its own pool`,
  );
}

function validateHybridNodes(
  hybrid: HybridNodesConfig,
  regionIndex: number,
  vpcs: readonly VpcOfRegion[],
  serviceCidr: string,
  path: Path,
  fail: Fail,
): void {
  const anywhere = hybrid.rolesAnywhere;
  if (hybrid.credentialProvider === 'iam-roles-anywhere') {
    const sources = [anywhere?.acmPcaArn, anywhere?.certificateBundlePem].filter((source) => source !== undefined);
    if (sources.length !== 1) {
      fail([...path, 'rolesAnywhere'], 'credentialProvider "iam-roles-anywhere" needs exactly one of rolesAnywhere.acmPcaArn or rolesAnywhere.certificateBundlePem');
    }
  } else if (anywhere) {
    fail([...path, 'rolesAnywhere'], `is only used with credentialProvider "iam-roles-anywhere"; got credentialProvider "${hybrid.credentialProvider}"`);
  }

  // connectivity.customerGatewayIp needs no other field: the schema checks it (regions.ts customerGatewayAddress).
  checkRemoteCidrs(hybrid, regionIndex, vpcs, serviceCidr, path, fail);
}

/**
 * Remote networks must not overlap the service CIDR, each other, or ANY region's VPC: the VPN or transit gateway
 * routes the on-prem networks together with every VPC of the fleet.
 */
function checkRemoteCidrs(
  hybrid: HybridNodesConfig,
  regionIndex: number,
  vpcs: readonly VpcOfRegion[],
  serviceCidr: string,
  path: Path,
  fail: Fail,
): void {
  const remote = [
    ...hybrid.remoteNodeCidrs.map((cidr, index) => ({ cidr, path: [...path, 'remoteNodeCidrs', index] as Path })),
    ...hybrid.remotePodCidrs.map((cidr, index) => ({ cidr, path: [...path, 'remotePodCidrs', index] as Path })),
  ];
  // Malformed blocks are reported at their own fields already.
  const service = parseCidr(serviceCidr);
  if (typeof service === 'string') return;
  if (remote.some((entry) => typeof parseCidr(entry.cidr) === 'string')) return;
  remote.forEach((entry, index) => {
    const block = parseCidr(entry.cidr) as Ipv4Block;
    if (!isPrivate(block) && !contains(CGNAT, block)) {
      fail(entry.path, `"${block.text}" must be an RFC 1918 block or inside 100.64.0.0/10, as EKS requires for remote networks`);
    }
    for (const vpc of vpcs) {
      const vpcBlock = parseCidr(vpc.cidr);
      if (typeof vpcBlock === 'string' || !overlaps(block, vpcBlock)) continue;
      fail(
        entry.path,
        vpc.index === regionIndex
          ? `"${block.text}" overlaps the region's vpcCidr "${vpcBlock.text}"`
          : `"${block.text}" overlaps regions[${vpc.index}].vpcCidr "${vpcBlock.text}" (${vpc.name}); the on-prem networks are routed together with every region's VPC`,
      );
    }
    if (overlaps(block, service)) fail(entry.path, `"${block.text}" overlaps cluster.serviceCidr "${service.text}"`);
    const clash = remote.slice(0, index).find((other) => overlaps(parseCidr(other.cidr) as Ipv4Block, block));
    if (clash) fail(entry.path, `"${block.text}" overlaps ${formatPath(clash.path)} "${clash.cidr}"`);
  });
}

/** The sum over every cloud GPU node group of maxSize x GPUs per node must fit in maxGpus. */
function validateBudget(config: FleetConfig, fail: Fail): void {
  const lines = config.regions.flatMap((region) =>
    region.gpuPools.flatMap(gpuNodeGroupsOf).map((group) => {
      const perNode = maxGpusPerNode(group.instanceTypes);
      return { text: `${region.name}/${group.name} ${group.maxSize} x ${perNode} = ${group.maxSize * perNode}`, gpus: group.maxSize * perNode };
    }),
  );
  if (lines.length === 0) return;
  const total = lines.reduce((sum, line) => sum + line.gpus, 0);
  if (config.maxGpus === undefined) {
    fail(['maxGpus'], `is required when gpuPools are configured; the pools can reach ${total} GPUs (${lines.map((line) => line.text).join('; ')})`);
  } else if (total > config.maxGpus) {
    fail(
      ['maxGpus'],
      `${config.maxGpus} is below what the GPU pools can reach, maxSize x GPUs per node: ${lines.map((line) => line.text).join('; ')}; total ${total}. Raise maxGpus or lower a pool's maxSize`,
    );
  }
}
