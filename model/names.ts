/** Names derived from config in one place, so stacks, constructs and tests agree on them. */
export const infraStackName = (environment: string) => `spillway-${environment}-infra`;
export const workloadsStackName = (environment: string, region: string) => `spillway-${environment}-workloads-${region}`;
export const clusterName = (environment: string, region: string) => `spillway-${environment}-${region}`;
/** `bucket_prefix` of a generated S3 bucket name (at most 37 characters: 9 + 20 + 1 + 6 + 1). */
export const bucketPrefix = (environment: string, purpose: 'cdn' | 'cdnlog' | 'galog' | 's3log') => `spillway-${environment}-${purpose}-`;
/**
 * Triton's model bucket in a region: deterministic, so WorkloadsStack knows the repository URI without a
 * cross-stack reference. `bucketNamePrefix` (config) makes it globally unique; config/validate/triton.ts checks its length.
 */
export const modelBucketName = (bucketNamePrefix: string, environment: string, region: string) =>
  `${bucketNamePrefix}-${environment}-models-${region}`;
/** The Secrets Manager secret of a region's gateway API-key hashes: deterministic, so `npm run gateway` finds it from config. */
export const gatewayKeySecretName = (environment: string, region: string) => `spillway/${environment}/${region}/gateway-api-keys`;
