/**
 * How a configured GPU pool becomes EKS managed node groups, in one place, so that validation (the GPU
 * budget), the node groups in InfraStack and the autoscaler's priority list in WorkloadsStack agree.
 */
import { GPU_INSTANCES, InstanceSpec } from './catalog/instances';

export type GpuCapacityType = 'ON_DEMAND' | 'SPOT';
export type GpuPoolRole = 'baseline' | 'burst';

/** What the planning needs of a GPU pool (config's `regions[].gpuPools[]` has this shape). */
export interface GpuPoolSpec {
  /** Pool name: the node group name, or the prefix of `<name>-spot` and `<name>-on-demand`. */
  readonly name: string;
  /** Becomes the `spillway.io/role` label. */
  readonly role: GpuPoolRole;
  /**
   * How the pool buys capacity: one on-demand or one spot node group, or a spot group that the autoscaler
   * falls back from to an on-demand group (`<name>-spot`, `<name>-on-demand`).
   */
  readonly capacity: 'on-demand' | 'spot' | 'spot-then-on-demand';
  /** GPU instance types from model/catalog/instances.ts. */
  readonly instanceTypes: readonly string[];
  /** Fewest nodes of the pool's node group (the spot group; the on-demand fallback's minimum is 0). */
  readonly minSize: number;
  /** Nodes at creation; afterwards the cluster autoscaler owns the count. @default minSize */
  readonly desiredSize?: number;
  /** Most nodes of each of the pool's node groups. */
  readonly maxSize: number;
}

/** One EKS managed node group of a GPU pool. */
export interface GpuNodeGroupPlan {
  /** Node group name: the pool name, or `<pool>-spot` / `<pool>-on-demand` for a spot-then-on-demand pool. */
  readonly name: string;
  readonly pool: string;
  readonly role: GpuPoolRole;
  readonly capacityType: GpuCapacityType;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Whether the pool's pre-warm windows act on this node group (the pool's first group). */
  readonly prewarm: boolean;
}

/**
 * `on-demand` and `spot` pools are one node group named after the pool. A `spot-then-on-demand` pool is
 * `<pool>-spot` (every listed size, the pool's min/desired/max) and `<pool>-on-demand` (same sizes,
 * min 0, max the pool's max) that the priority expander falls back to when spot capacity runs out.
 */
export function gpuNodeGroupsOf(pool: GpuPoolSpec): GpuNodeGroupPlan[] {
  const base = { pool: pool.name, role: pool.role, instanceTypes: pool.instanceTypes };
  const sizes = { minSize: pool.minSize, desiredSize: pool.desiredSize ?? pool.minSize, maxSize: pool.maxSize };
  switch (pool.capacity) {
    case 'on-demand':
      return [{ ...base, ...sizes, name: pool.name, capacityType: 'ON_DEMAND', prewarm: true }];
    case 'spot':
      return [{ ...base, ...sizes, name: pool.name, capacityType: 'SPOT', prewarm: true }];
    case 'spot-then-on-demand':
      return [
        { ...base, ...sizes, name: `${pool.name}-spot`, capacityType: 'SPOT', prewarm: true },
        { ...base, name: `${pool.name}-on-demand`, capacityType: 'ON_DEMAND', minSize: 0, desiredSize: 0, maxSize: pool.maxSize, prewarm: false },
      ];
  }
}

/**
 * What every node of a group is guaranteed to have: the smallest of each resource across its instance
 * types. The autoscaler plans with this, so a pod it scales up for fits whichever size EC2 hands out.
 */
export function guaranteedResources(instanceTypes: readonly string[]): Pick<InstanceSpec, 'vcpu' | 'memoryGiB' | 'gpus'> {
  const specs = instanceTypes.map((type) => GPU_INSTANCES[type]);
  return {
    vcpu: Math.min(...specs.map((spec) => spec.vcpu)),
    memoryGiB: Math.min(...specs.map((spec) => spec.memoryGiB)),
    gpus: Math.min(...specs.map((spec) => spec.gpus)),
  };
}

/** The most GPUs one node of the group can bring: what the budget counts. */
export function maxGpusPerNode(instanceTypes: readonly string[]): number {
  return Math.max(...instanceTypes.map((type) => GPU_INSTANCES[type]?.gpus ?? 0));
}
