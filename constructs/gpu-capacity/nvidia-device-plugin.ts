import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';
import { DEVICE_PLUGIN_LABEL, GPU_PRESENT_LABEL, GPU_TAINT } from '../../model/contracts';

/**
 * NVIDIA/k8s-device-plugin chart and image, pinned together: v0.20.0 (tag v0.20.0, 2026-08-19), checked 2026-12-01
 * in github:NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin: image.repository/tag, affinity,
 * tolerations, priorityClassName, gfd.enabled and nfd.enabled are all still values the DaemonSet reads.
 */
export const NVIDIA_DEVICE_PLUGIN_CHART = {
  repository: 'https://nvidia.github.io/k8s-device-plugin',
  chart: 'nvidia-device-plugin',
  version: '0.20.0',
} as const;
export const NVIDIA_DEVICE_PLUGIN_IMAGE = { repository: 'nvcr.io/nvidia/k8s-device-plugin', tag: 'v0.20.0' } as const;

export interface NvidiaDevicePluginProps {
  /** Helm provider of the cluster the device plugin DaemonSet is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Namespace of the release. @default "kube-system" */
  readonly namespace?: string;
}

/** Node affinity of the device plugin: GPU nodes only, and not where the AMI runs the plugin itself. */
export const DEVICE_PLUGIN_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: GPU_PRESENT_LABEL, operator: 'In', values: ['true'] },
            // Bottlerocket's NVIDIA variant runs the plugin on the host; a second one would double-register GPUs.
            { key: DEVICE_PLUGIN_LABEL, operator: 'NotIn', values: ['host'] },
          ],
        },
      ],
    },
  },
};

/**
 * The NVIDIA device plugin DaemonSet (Helm, pinned chart and image), which advertises `nvidia.com/gpu` on a
 * node once it is up. It runs only on nodes labelled `nvidia.com/gpu.present=true` (GPU pools and hybrid
 * GPU servers) and tolerates exactly the GPU taint, so it never lands on CPU nodes. The chart's default
 * affinity (node-feature-discovery labels) and tolerations are replaced, not merged.
 */
export class NvidiaDevicePlugin extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: NvidiaDevicePluginProps) {
    super(scope, id);
    const values = {
      image: { ...NVIDIA_DEVICE_PLUGIN_IMAGE },
      affinity: DEVICE_PLUGIN_AFFINITY,
      tolerations: [{ key: GPU_TAINT.key, operator: 'Exists', effect: 'NoSchedule' }],
      priorityClassName: 'system-node-critical',
      gfd: { enabled: false },
      nfd: { enabled: false },
    };
    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'nvidia-device-plugin',
      namespace: props.namespace ?? 'kube-system',
      chart: NVIDIA_DEVICE_PLUGIN_CHART,
      values,
    });
  }
}
