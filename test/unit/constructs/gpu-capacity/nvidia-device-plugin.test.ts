import { Testing, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { NVIDIA_DEVICE_PLUGIN_CHART, NvidiaDevicePlugin } from '../../../../constructs/gpu-capacity/nvidia-device-plugin';
import { onlyResource } from '../helpers';

describe('NvidiaDevicePlugin', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new NvidiaDevicePlugin(stack, 'dp', { helmProvider: new HelmProvider(stack, 'helm', {}) });
  const release = onlyResource(JSON.parse(Testing.synth(stack)), 'helm_release');
  const values = JSON.parse(release.values[0]);

  it('installs the pinned chart and image', () => {
    expect(release).toMatchObject({ ...NVIDIA_DEVICE_PLUGIN_CHART, namespace: 'kube-system' });
    expect(values.image).toEqual({ repository: 'nvcr.io/nvidia/k8s-device-plugin', tag: 'v0.20.0' });
  });

  it('requires nodes labelled nvidia.com/gpu.present=true, except where the AMI runs the plugin itself', () => {
    const terms = values.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    // One term: every expression must hold, so a CPU node (no gpu.present label) never matches.
    expect(terms).toEqual([
      {
        matchExpressions: [
          { key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] },
          { key: 'spillway.io/device-plugin', operator: 'NotIn', values: ['host'] },
        ],
      },
    ]);
  });

  it('tolerates exactly the GPU taint', () => {
    expect(values.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });
});
