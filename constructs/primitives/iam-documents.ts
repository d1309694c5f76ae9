/** Small builders for IAM JSON, so policies are data rather than hand-built strings. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: Record<string, string | string[]>;
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting an AWS service principal assume the role. */
export function assumeRolePolicy(servicePrincipal: string, actions: string[] = ['sts:AssumeRole']): string {
  return policyDocument([{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: actions }]);
}

/** Trust policy for EKS Pod Identity: the agent assumes the role and tags the session with the pod's identity. */
export function podIdentityTrustPolicy(): string {
  return assumeRolePolicy('pods.eks.amazonaws.com', ['sts:AssumeRole', 'sts:TagSession']);
}

/** Spillway's regions are all in the `aws` partition (see model/catalog/regions.ts). */
export function managedPolicyArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}
