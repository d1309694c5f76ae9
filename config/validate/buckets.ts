/**
 * S3 bucket names are global: two buckets of one fleet with one name would be two aws_s3_bucket resources
 * fighting over it (and one equal to the state bucket would take over the state). Each name is unique.
 */
import { modelBucketName } from '../../model/names';
import type { FleetConfig } from '../schema';
import { Fail, Path } from '../schema/common';

/** A bucket name the config gives or derives, at the field that decides it. */
interface BucketClaim {
  readonly name: string;
  readonly path: Path;
  /** How a later clash names this claim. */
  readonly label: string;
  /** How the message at this claim's own field starts (it quotes the value). */
  readonly quoted: string;
}

/** Every bucket name in config order (the order of the schema's sections), so a clash is reported at the later field. */
export function bucketClaims(config: FleetConfig): BucketClaim[] {
  const claims: BucketClaim[] = [];
  const named = (path: Path, name: string | undefined, label: string) => {
    if (name !== undefined) claims.push({ name, path, label, quoted: `"${name}"` });
  };
  if (config.stateBackend.type === 's3') named(['stateBackend', 'bucket'], config.stateBackend.bucket, 'stateBackend.bucket (the state bucket)');
  const flowLogs = config.frontDoor?.accelerator.flowLogs;
  // Without flow logs the name is unused: no bucket is made.
  if (flowLogs?.enabled) named(['frontDoor', 'accelerator', 'flowLogs', 'bucketName'], flowLogs.bucketName, 'frontDoor.accelerator.flowLogs.bucketName');
  named(['cdn', 'bucketNames', 'artifacts'], config.cdn?.bucketNames.artifacts, 'cdn.bucketNames.artifacts');
  named(['cdn', 'bucketNames', 'logs'], config.cdn?.bucketNames.logs, 'cdn.bucketNames.logs');
  claims.push(...modelBucketClaims(config));
  return claims;
}

/** Triton's model bucket in every region, named by model/names.ts from the prefix. */
function modelBucketClaims(config: FleetConfig): BucketClaim[] {
  const prefix = config.triton?.modelRepository.bucketNamePrefix;
  if (prefix === undefined) return [];
  return config.regions.map((region) => {
    const name = modelBucketName(prefix, config.environment, region.name);
    return {
      name,
      path: ['triton', 'modelRepository', 'bucketNamePrefix'],
      label: `triton.modelRepository.bucketNamePrefix (the ${region.name} model bucket)`,
      quoted: `"${prefix}" names the ${region.name} model bucket "${name}", which`,
    };
  });
}

/** Reports each bucket name used a second time, at the later field, naming the earlier one. */
export function validateBucketNames(config: FleetConfig, fail: Fail): void {
  const seen = new Map<string, BucketClaim>();
  for (const claim of bucketClaims(config)) {
    const earlier = seen.get(claim.name);
    if (earlier === undefined) {
      seen.set(claim.name, claim);
      continue;
    }
    fail(
      claim.path,
      `${claim.quoted} is already the name of ${earlier.label}; bucket names must be unique across the fleet (S3 names are global), choose another`,
    );
  }
}
