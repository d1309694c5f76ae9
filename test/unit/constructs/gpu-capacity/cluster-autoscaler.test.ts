import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { ClusterAutoscaler, CLUSTER_AUTOSCALER_CHART, priorityExpanderConfig } from '../../../../constructs/gpu-capacity/cluster-autoscaler';
import { GpuNodeGroupInfo } from '../../../../constructs/gpu-capacity/gpu-node-pool';
import { onlyResource } from '../helpers';

const nodeGroups: GpuNodeGroupInfo[] = [
  { name: 'burst-spot', pool: 'burst', role: 'burst', capacityType: 'SPOT' },
  { name: 'burst-on-demand', pool: 'burst', role: 'burst', capacityType: 'ON_DEMAND' },
  { name: 'baseline', pool: 'baseline', role: 'baseline', capacityType: 'ON_DEMAND' },
];

function synthAutoscaler() {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new ClusterAutoscaler(stack, 'ca', {
    helmProvider: new HelmProvider(stack, 'helm', {}),
    kubernetesProvider: new KubernetesProvider(stack, 'kubernetes', {}),
    clusterName: 'spillway-test-us-west-2',
    region: 'us-west-2',
    kubernetesVersion: '1.33',
    settings: {
      balanceSimilarNodeGroups: true,
      scaleDownDelayAfterAdd: '12m',
      scaleDownUnneededTime: '7m',
      expendablePodsPriorityCutoff: -5,
      maxNodeProvisionTime: '9m',
    },
    nodeGroups,
    nodeSelector: { 'spillway.io/role': 'system' },
  });
  return JSON.parse(Testing.synth(stack));
}

describe('ClusterAutoscaler', () => {
  const synth = synthAutoscaler();

  it('ranks baseline first, then spot burst, then on-demand burst, then anything else', () => {
    const configMap = onlyResource(synth, 'kubernetes_config_map_v1');
    expect(configMap.metadata).toMatchObject({ name: 'cluster-autoscaler-priority-expander', namespace: 'kube-system' });
    const priorities = parse(configMap.data.priorities);
    expect(priorities).toEqual({
      100: ['^eks-baseline-[0-9a-f-]+$'],
      50: ['^eks-burst-spot-[0-9a-f-]+$'],
      10: ['^eks-burst-on-demand-[0-9a-f-]+$'],
      1: ['.*'],
    });
  });

  it('writes regexes that match only their own node group ASG', () => {
    const config = priorityExpanderConfig(nodeGroups);
    const spot = new RegExp(config.get(50)![0]);
    expect(spot.test('eks-burst-spot-7ec7f3a1-1b2c-4d5e-8f90-0123456789ab')).toBe(true);
    expect(spot.test('eks-burst-on-demand-7ec7f3a1-1b2c-4d5e-8f90-0123456789ab')).toBe(false);
    const onDemand = new RegExp(config.get(10)![0]);
    expect(onDemand.test('eks-burst-spot-7ec7f3a1-1b2c-4d5e-8f90-0123456789ab')).toBe(false);
  });

  it('leaves out tiers with no node groups but keeps the catch-all', () => {
    expect([...priorityExpanderConfig([]).keys()]).toEqual([1]);
  });

  it('installs the pinned chart with the priority expander and the configured flags', () => {
    const release = onlyResource(synth, 'helm_release');
    expect(release).toMatchObject({ ...CLUSTER_AUTOSCALER_CHART, namespace: 'kube-system', name: 'cluster-autoscaler' });
    expect(release.depends_on).toEqual([expect.stringMatching(/^kubernetes_config_map_v1\./)]);
    const values = JSON.parse(release.values[0]);
    expect(values.extraArgs).toMatchObject({
      expander: 'priority',
      'balance-similar-node-groups': true,
      'scale-down-delay-after-add': '12m',
      'scale-down-unneeded-time': '7m',
      'expendable-pods-priority-cutoff': -5,
      'max-node-provision-time': '9m',
    });
    expect(values.image.tag).toBe('v1.33.6');
    expect(values.autoDiscovery.clusterName).toBe('spillway-test-us-west-2');
    expect(values.rbac.serviceAccount.name).toBe('cluster-autoscaler');
    expect(values.nodeSelector).toEqual({ 'spillway.io/role': 'system' });
    expect(values.expanderPriorities).toEqual({});
  });
});
