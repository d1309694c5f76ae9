import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GatewayRelease } from '../../../../../constructs/gateway/gateway-release';
import { renderGatewayConfig } from '../../../../../constructs/gateway/haproxy-config';
import { TargetGroupBinding } from '../../../../../constructs/front-door/target-group-binding';
import { gatewayConfigSpec } from '../../../../../stacks/inference-gateway';
import { exampleConfig } from '../../../../support/fixtures';
import { GATEWAY, TRITON_RELEASE_NAME } from '../../../../../model/contracts';
import { RuleCase } from '../helpers';

const TRITON_PORTS = { http: 8000, grpc: 8001, metrics: 8002 };
/** The example's real rendered gateway config, with `edit` applied to haproxy.cfg. */
const files = (edit: (cfg: string) => string = (cfg) => cfg) => {
  const rendered = renderGatewayConfig(gatewayConfigSpec(exampleConfig.gateway!, exampleConfig.triton!, TRITON_PORTS, true));
  return { ...rendered, 'haproxy.cfg': edit(rendered['haproxy.cfg']) };
};
const withoutLines = (pattern: RegExp) => (cfg: string) => cfg.split('\n').filter((line) => !pattern.test(line)).join('\n');

interface ClusterParts {
  /** The gateway release, with its haproxy.cfg edited; absent: no gateway. */
  readonly gateway?: (cfg: string) => string;
  /** Services bound to the NLB, by name and port. */
  readonly bindings?: readonly { readonly service: string; readonly port: number }[];
  /** A Triton release (its name, Service and ports as the chart values carry them). */
  readonly triton?: boolean;
}

/** Some of a workloads stack: the gateway release, TargetGroupBindings and Triton's release. */
function cluster(parts: ClusterParts) {
  return (scope: Construct, _provider: AwsProvider) => {
    const helm = new HelmProvider(scope, 'helm', {});
    const kubernetes = new KubernetesProvider(scope, 'kubernetes', {});
    if (parts.gateway) {
      new GatewayRelease(scope, 'gateway', {
        helmProvider: helm,
        namespace: 'inference',
        gateway: {
          image: exampleConfig.gateway!.image,
          replicas: exampleConfig.gateway!.replicas,
          files: files(parts.gateway),
          level: 'normal',
          keySecret: { name: 'spillway/test/us-west-2/gateway-api-keys', region: 'us-west-2' },
          nodeSelector: {},
          tritonPorts: TRITON_PORTS,
          tritonPodLabels: { 'app.kubernetes.io/name': 'triton-inference-server', 'app.kubernetes.io/instance': TRITON_RELEASE_NAME },
        },
      });
    }
    (parts.bindings ?? []).forEach((binding, index) => {
      new TargetGroupBinding(scope, `binding-${index}`, {
        provider: kubernetes,
        name: `front-door-${index}`,
        namespace: 'inference',
        serviceName: binding.service,
        servicePort: binding.port,
        targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/t/1',
      });
    });
    if (parts.triton) {
      new Release(scope, 'triton', {
        provider: helm,
        name: TRITON_RELEASE_NAME,
        namespace: 'inference',
        chart: './triton',
        values: [JSON.stringify({ service: { name: 'triton-inference-server' }, ports: TRITON_PORTS })],
      });
    }
  };
}

const vpcCni = (configurationValues?: string) => (scope: Construct, provider: AwsProvider) => {
  new EksAddon(scope, 'vpc-cni', { provider, clusterName: 'c1', addonName: 'vpc-cni', configurationValues });
};

const toGateway = [{ service: GATEWAY.releaseName, port: GATEWAY.ports.http }, { service: GATEWAY.releaseName, port: GATEWAY.ports.grpc }];
const k8sAddress = /^kubernetes_manifest\.binding-0_manifest_[0-9A-F]+$/;
const gatewayAddress = /^helm_release\.gateway_release_[0-9A-F]+$/;
const tritonAddress = /^helm_release\.triton$/;

export const GATEWAY_CASES: RuleCase[] = [
  {
    rule: 'SPW-GW-001',
    name: 'the NLB binds the gateway, not Triton',
    pass: cluster({ gateway: (cfg) => cfg, bindings: toGateway }),
    fail: cluster({ gateway: (cfg) => cfg, bindings: [{ service: 'triton-inference-server', port: 8000 }] }),
    problem: /binds Service "triton-inference-server" port 8000, not the inference gateway \(inference-gateway\): clients reach it with no authentication/,
    address: k8sAddress,
  },
  {
    rule: 'SPW-GW-001',
    name: 'the gateway listener on the bound port answers 401 without a key',
    pass: cluster({ gateway: (cfg) => cfg, bindings: toGateway.slice(0, 1) }),
    fail: cluster({ gateway: withoutLines(/return status 401/), bindings: toGateway.slice(0, 1) }),
    problem: /frontend inference on port 8000 has no "http-request return status 401" rule/,
    address: k8sAddress,
  },
  {
    rule: 'SPW-GW-002',
    name: 'a NetworkPolicy of the gateway covers Triton, and no binding goes around it',
    pass: cluster({ gateway: (cfg) => cfg, bindings: toGateway, triton: true }),
    fail: cluster({ bindings: [{ service: 'triton-inference-server', port: 8000 }], triton: true }),
    problem: /binds Triton's Service "triton-inference-server" to the NLB, around the gateway; the stack has 0 helm_release named "inference-gateway"/,
    address: tritonAddress,
  },
  {
    rule: 'SPW-GW-002',
    name: 'the VPC CNI enforces network policies',
    pass: vpcCni(JSON.stringify({ enableNetworkPolicy: 'true' })),
    fail: vpcCni(),
    problem: /configuration_values is unset: network policies would not be enforced/,
    address: /^aws_eks_addon\.vpc-cni$/,
  },
  {
    rule: 'SPW-GW-003',
    name: 'every tier has a per-key and a per-tier rate limit',
    pass: cluster({ gateway: (cfg) => cfg }),
    fail: cluster({ gateway: withoutLines(/tier_free \{ sc_http_req_rate\(1\)/) }),
    problem: /^tier "free" has no per-tier request-rate limit \(sc_http_req_rate\(1\)\)$/,
    address: gatewayAddress,
  },
];
