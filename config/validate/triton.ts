/**
 * Cross-field rules of `triton` (issue 5): priority tiers, per-model queue policies and batching, the model
 * bucket name, and replicas against the GPU capacity of each region. Called from `validateFleet`; each problem
 * is reported at the path of the field to fix, quoting the value.
 */
import type { FleetConfig } from '../schema';
import { Fail, Path } from '../schema/common';
import { gpuNodeGroupsOf, guaranteedResources, maxGpusPerNode } from '../../model/pools';
import { GPU_INSTANCES } from '../../model/catalog/instances';
import { modelBucketName } from '../../model/names';
import { TRITON_NAMESPACE } from '../../model/contracts';


export function validateTriton(config: FleetConfig, fail: Fail): void {
  const triton = config.triton;
  if (!triton) return;
  const tierNames = Object.keys(triton.tiers);

  // Priority levels: 1..N, one tier each (Triton's priority_levels is N; level 1 is served first).
  const levels = Object.entries(triton.tiers).sort(([, a], [, b]) => a - b);
  const byLevel = new Map<number, string>();
  for (const [name, level] of levels) {
    const other = byLevel.get(level);
    if (other !== undefined) fail(['triton', 'tiers', name], `${level} is already the level of tier "${other}"; each tier needs its own priority level`);
    byLevel.set(level, name);
  }
  const expected = Array.from({ length: byLevel.size }, (_, index) => index + 1);
  const missing = expected.filter((level) => !byLevel.has(level));
  if (missing.length > 0) {
    fail(
      ['triton', 'tiers'],
      `levels ${JSON.stringify([...byLevel.keys()].sort((a, b) => a - b))} must be contiguous from 1 (1..${byLevel.size}); missing ${missing.join(', ')}`,
    );
  }
  if (!tierNames.includes(triton.defaultTier)) {
    fail(['triton', 'defaultTier'], `"${triton.defaultTier}" is not a tier; allowed: ${tierNames.join(', ')}`);
  }

  if (triton.replicas.min > triton.replicas.max) {
    fail(['triton', 'replicas', 'min'], `${triton.replicas.min} is above replicas.max ${triton.replicas.max}`);
  }
  validateGpusPerPod(config, fail);

  const seen = new Map<string, number>();
  triton.models.forEach((model, index) => {
    const path: Path = ['triton', 'models', index];
    const earlier = seen.get(model.name);
    if (earlier !== undefined) fail([...path, 'name'], `"${model.name}" is already the name of models[${earlier}]; model names are unique`);
    seen.set(model.name, index);
    if ((model.platform === undefined) === (model.backend === undefined)) {
      fail(
        [...path, 'platform'],
        model.platform === undefined
          ? 'is missing; set exactly one of platform (e.g. onnxruntime_onnx) or backend (e.g. python)'
          : `"${model.platform}" is set together with backend "${model.backend}"; set exactly one of them`,
      );
    }
    model.preferredBatchSizes.forEach((size, sizeIndex) => {
      if (size > model.maxBatchSize) {
        fail([...path, 'preferredBatchSizes', sizeIndex], `${size} is above the model's maxBatchSize ${model.maxBatchSize}`);
      }
      if (model.preferredBatchSizes.indexOf(size) !== sizeIndex) fail([...path, 'preferredBatchSizes', sizeIndex], `${size} is listed twice`);
    });
    for (const tier of Object.keys(model.queuePolicy)) {
      if (!tierNames.includes(tier)) fail([...path, 'queuePolicy', tier], `"${tier}" is not a tier; allowed: ${tierNames.join(', ')}`);
    }
    const without = tierNames.filter((tier) => !(tier in model.queuePolicy));
    if (without.length > 0) {
      fail([...path, 'queuePolicy'], `has no entry for tier${without.length > 1 ? 's' : ''} ${without.map((t) => `"${t}"`).join(', ')}; every tier needs a queue limit and timeout`);
    }
    if (model.defaultTier !== undefined && !tierNames.includes(model.defaultTier)) {
      fail([...path, 'defaultTier'], `"${model.defaultTier}" is not a tier; allowed: ${tierNames.join(', ')}`);
    }
  });

  config.regions.forEach((region, regionIndex) => {
    const bucket = modelBucketName(triton.modelRepository.bucketNamePrefix, config.environment, region.name);
    if (bucket.length > 63) {
      fail(
        ['triton', 'modelRepository', 'bucketNamePrefix'],
        `"${triton.modelRepository.bucketNamePrefix}" makes the ${region.name} bucket "${bucket}" ${bucket.length} characters long; S3 allows 63, shorten the prefix`,
      );
    }
    validateReplicaCapacity(config, regionIndex, fail);
  });

  const service = config.frontDoor?.service;
  if (service && service.namespace !== TRITON_NAMESPACE) {
    fail(['frontDoor', 'service', 'namespace'], `"${service.namespace}" is not where Triton runs; with triton configured the front door binds to namespace "${TRITON_NAMESPACE}"`);
  }
}

/**
 * Triton pods prefer baseline nodes and spill onto burst nodes (the chart's role-weighted affinity), so every
 * cloud GPU node group must hold one pod. The autoscaler plans with the GPUs every node of a group is sure to
 * have (guaranteedResources), so a group with fewer than gpusPerPod never scales up for Triton at all.
 */
function validateGpusPerPod(config: FleetConfig, fail: Fail): void {
  const gpusPerPod = config.triton?.gpusPerPod;
  if (gpusPerPod === undefined) return;
  const tooSmall = config.regions.flatMap((region) =>
    region.gpuPools.flatMap(gpuNodeGroupsOf).flatMap((group) => {
      // An unknown instance type is reported at its own field.
      if (group.instanceTypes.some((type) => !(type in GPU_INSTANCES))) return [];
      const gpus = guaranteedResources(group.instanceTypes).gpus;
      return gpus < gpusPerPod ? [`${region.name}/${group.name} ${gpus} (${group.instanceTypes.join(', ')})`] : [];
    }),
  );
  if (tooSmall.length === 0) return;
  const bigEnough = Object.keys(GPU_INSTANCES).filter((type) => GPU_INSTANCES[type].gpus >= gpusPerPod);
  const fix = bigEnough.length > 0 ? `give those pools sizes with at least ${gpusPerPod} GPUs (${bigEnough.join(', ')})` : `no catalog size has ${gpusPerPod} GPUs`;
  fail(
    ['triton', 'gpusPerPod'],
    `${gpusPerPod} is more GPUs than a node of these node groups has: ${tooSmall.join('; ')}; Triton may schedule on every baseline and burst pool, and the autoscaler never starts a node too small for the pod. Lower gpusPerPod, or ${fix}`,
  );
}

/**
 * maxReplicas x gpusPerPod must fit the GPUs the region's pools can reach: per node group, maxSize nodes of
 * the largest listed size, each holding floor(GPUs per node / gpusPerPod) pods, plus the on-prem
 * `hybridNodes.gpuCount` (floor(gpuCount / gpusPerPod) pods: servers are assumed to hold a multiple of
 * gpusPerPod GPUs). A region with hybrid nodes but no gpuCount is not checked: its ceiling is unknown.
 */
function validateReplicaCapacity(config: FleetConfig, regionIndex: number, fail: Fail): void {
  const triton = config.triton;
  const region = config.regions[regionIndex];
  if (!triton || (region.hybridNodes && region.hybridNodes.gpuCount === undefined)) return;
  const groups = region.gpuPools.flatMap(gpuNodeGroupsOf);
  const lines = groups.map((group) => {
    const perNode = maxGpusPerNode(group.instanceTypes);
    return { name: group.name, text: `${group.name} ${group.maxSize} x ${perNode} GPUs`, gpus: group.maxSize * perNode, pods: group.maxSize * Math.floor(perNode / triton.gpusPerPod) };
  });
  const hybridGpus = region.hybridNodes?.gpuCount;
  if (hybridGpus !== undefined) {
    lines.push({ name: 'hybridNodes', text: `hybridNodes ${hybridGpus} GPUs`, gpus: hybridGpus, pods: Math.floor(hybridGpus / triton.gpusPerPod) });
  }
  const pods = lines.reduce((sum, line) => sum + line.pods, 0);
  const gpus = lines.reduce((sum, line) => sum + line.gpus, 0);
  if (triton.replicas.max > pods) {
    const detail = lines.length === 0 ? 'it has no gpuPools and no hybridNodes' : lines.map((line) => line.text).join('; ');
    const fix = hybridGpus !== undefined ? "lower replicas.max, raise the pools' maxSize or hybridNodes.gpuCount" : "lower replicas.max or raise the pools' maxSize";
    fail(
      ['triton', 'replicas', 'max'],
      `${triton.replicas.max} pods x ${triton.gpusPerPod} GPU(s) do not fit ${region.name}, whose GPU pools reach ${gpus} GPUs (${detail}), room for ${pods} pods; ${fix}`,
    );
  }
}
