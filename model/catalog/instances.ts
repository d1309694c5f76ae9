/**
 * Embedded EC2 instance catalog: the facts the autoscaler's node templates, validation and the cost
 * ceiling need, so none of them calls AWS. Prices are Linux on-demand USD per hour.
 */
export const CATALOG_DATE = '2026-11-01';

export interface InstanceSpec {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpus: number;
  readonly gpuMemoryGiB: number;
  /** Instance-store NVMe, GB; 0 when EBS only. */
  readonly localNvmeGB: number;
  /** On-demand USD per hour by region. */
  readonly hourlyUsd: Readonly<Record<string, number>>;
}

/** Regions priced in this catalog; a region missing here has no cost line, not a wrong one. */
function prices(usEast1: number, usWest2: number, euWest1: number): Record<string, number> {
  return { 'us-east-1': usEast1, 'us-east-2': usEast1, 'us-west-2': usWest2, 'eu-west-1': euWest1 };
}

export const GPU_INSTANCES: Readonly<Record<string, InstanceSpec>> = {
  'g4dn.xlarge': { vcpu: 4, memoryGiB: 16, gpus: 1, gpuMemoryGiB: 16, localNvmeGB: 125, hourlyUsd: prices(0.526, 0.526, 0.587) },
  'g4dn.2xlarge': { vcpu: 8, memoryGiB: 32, gpus: 1, gpuMemoryGiB: 16, localNvmeGB: 225, hourlyUsd: prices(0.752, 0.752, 0.838) },
  'g4dn.4xlarge': { vcpu: 16, memoryGiB: 64, gpus: 1, gpuMemoryGiB: 16, localNvmeGB: 225, hourlyUsd: prices(1.204, 1.204, 1.342) },
  'g4dn.8xlarge': { vcpu: 32, memoryGiB: 128, gpus: 1, gpuMemoryGiB: 16, localNvmeGB: 900, hourlyUsd: prices(2.176, 2.176, 2.426) },
  'g4dn.12xlarge': { vcpu: 48, memoryGiB: 192, gpus: 4, gpuMemoryGiB: 64, localNvmeGB: 900, hourlyUsd: prices(3.912, 3.912, 4.362) },
};

export const SYSTEM_INSTANCES: Readonly<Record<string, InstanceSpec>> = {
  't3.large': { vcpu: 2, memoryGiB: 8, gpus: 0, gpuMemoryGiB: 0, localNvmeGB: 0, hourlyUsd: prices(0.0832, 0.0832, 0.0912) },
  'm5.large': { vcpu: 2, memoryGiB: 8, gpus: 0, gpuMemoryGiB: 0, localNvmeGB: 0, hourlyUsd: prices(0.096, 0.096, 0.107) },
  'm6i.large': { vcpu: 2, memoryGiB: 8, gpus: 0, gpuMemoryGiB: 0, localNvmeGB: 0, hourlyUsd: prices(0.096, 0.096, 0.107) },
  'm6i.xlarge': { vcpu: 4, memoryGiB: 16, gpus: 0, gpuMemoryGiB: 0, localNvmeGB: 0, hourlyUsd: prices(0.192, 0.192, 0.214) },
};

export const GPU_INSTANCE_TYPES = Object.keys(GPU_INSTANCES) as [string, ...string[]];
export const SYSTEM_INSTANCE_TYPES = Object.keys(SYSTEM_INSTANCES) as [string, ...string[]];
