/** Names derived from config in one place, so stacks, constructs and tests agree on them. */
export const infraStackName = (environment: string) => `spillway-${environment}-infra`;
export const workloadsStackName = (environment: string, region: string) => `spillway-${environment}-workloads-${region}`;
export const clusterName = (environment: string, region: string) => `spillway-${environment}-${region}`;
