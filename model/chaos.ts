/**
 * Where each game-day experiment (issue 13) has something to hit. One answer for config validation,
 * InfraStack (templates, roles, the EKS access entry) and WorkloadsStack (the RBAC of pod actions).
 */
import { gpuNodeGroupsOf, GpuPoolSpec } from './pools';

export const CHAOS_EXPERIMENT_KINDS = ['spotInterruption', 'nodeTermination', 'zoneLoss', 'podDelete'] as const;
export type ChaosExperimentKind = (typeof CHAOS_EXPERIMENT_KINDS)[number];

/** What a region offers the experiments. */
export interface ChaosRegionFacts {
  readonly gpuPools: readonly GpuPoolSpec[];
  /** Whether Triton (the pod-delete target) runs in the region's cluster. */
  readonly triton: boolean;
}

/** Whether a region has targets for an experiment: spot node groups, baseline GPU pools, Triton pods; zones always. */
export function experimentApplies(kind: ChaosExperimentKind, region: ChaosRegionFacts): boolean {
  switch (kind) {
    case 'spotInterruption':
      return region.gpuPools.some((pool) => gpuNodeGroupsOf(pool).some((group) => group.capacityType === 'SPOT'));
    case 'nodeTermination':
      return region.gpuPools.some((pool) => pool.role === 'baseline');
    case 'zoneLoss':
      return true;
    case 'podDelete':
      return region.triton;
  }
}

/** The requested experiments that apply to a region, in CHAOS_EXPERIMENT_KINDS order. */
export function experimentsForRegion(requested: readonly ChaosExperimentKind[], region: ChaosRegionFacts): ChaosExperimentKind[] {
  return CHAOS_EXPERIMENT_KINDS.filter((kind) => requested.includes(kind) && experimentApplies(kind, region));
}
