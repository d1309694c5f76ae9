/**
 * Rules on the identifiers that point outside a region's own resources: ARNs must be in the fleet's
 * partition, and the state bucket's KMS key in the bucket's region.
 */
import { Partition, partitionOf } from '../../model/catalog/regions';
import type { FleetConfig } from '../schema';
import { KMS_KEY_ARN } from '../schema/cluster';
import { Fail, Path } from '../schema/common';

/** The partition of an ARN (`arn:<partition>:...`), or undefined when it is not an ARN. */
export function arnPartition(arn: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(arn)?.[1];
}

/** Partition and ARN rules; a malformed ARN or unknown region is already reported at its own field. */
export function validateIdentifiers(config: FleetConfig, fail: Fail): void {
  const partition = fleetPartition(config, fail);
  if (partition === undefined) return;
  const checker = partitionChecker(config, partition, fail);
  config.cluster.adminPrincipalArns.forEach((arn, index) => checker.arn(['cluster', 'adminPrincipalArns', index], arn));
  validateStateBackend(config, checker, fail);
}

interface PartitionChecker {
  readonly partition: Partition;
  /** Why the fleet's partition is what it is, for messages. */
  readonly because: string;
  /** Reports an ARN of another partition at `path`; true when the ARN is in the fleet's partition. */
  arn(path: Path, arn: string): boolean;
}

function partitionChecker(config: FleetConfig, partition: Partition, fail: Fail): PartitionChecker {
  const because = `the fleet's regions (${config.regions.map((region) => region.name).join(', ')}) are in partition ${partition}`;
  return {
    partition,
    because,
    arn(path, arn) {
      const found = arnPartition(arn);
      if (found === undefined || found === partition) return true;
      fail(path, `"${arn}" is in partition ${found}; ${because}, so the ARN must start with arn:${partition}:`);
      return false;
    },
  };
}

/**
 * The one partition of every configured region: credentials and ARNs of one partition never work in another,
 * so a fleet cannot span two. Reports each region outside the first region's partition.
 */
function fleetPartition(config: FleetConfig, fail: Fail): Partition | undefined {
  const [first, ...others] = config.regions.map((region) => ({ name: region.name, partition: partitionOf(region.name) }));
  if (first?.partition === undefined) return undefined;
  others.forEach((region, index) => {
    if (region.partition !== undefined && region.partition !== first.partition) {
      fail(
        ['regions', index + 1, 'name'],
        `"${region.name}" is in partition ${region.partition}; regions[0] ${first.name} is in ${first.partition}, and one fleet stays in one partition`,
      );
    }
  });
  return first.partition;
}

/** The S3 state bucket: in the fleet's partition, and its KMS key in the bucket's region. */
function validateStateBackend(config: FleetConfig, checker: PartitionChecker, fail: Fail): void {
  const backend = config.stateBackend;
  if (backend.type !== 's3') return;
  const bucketPartition = partitionOf(backend.region);
  if (bucketPartition !== undefined && bucketPartition !== checker.partition) {
    fail(['stateBackend', 'region'], `"${backend.region}" is in partition ${bucketPartition}; ${checker.because}`);
  }
  if (backend.kmsKeyArn === undefined) return;
  const path = ['stateBackend', 'kmsKeyArn'];
  // A key of another partition is of another region too: one message is enough.
  if (!checker.arn(path, backend.kmsKeyArn)) return;
  const keyRegion = KMS_KEY_ARN.exec(backend.kmsKeyArn)?.[2];
  if (keyRegion !== undefined && keyRegion !== backend.region) {
    fail(path, `"${backend.kmsKeyArn}" is in region ${keyRegion}; S3 only encrypts with KMS keys of the bucket's region, stateBackend.region ${backend.region}`);
  }
}
