import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';
import { GPU_PRESENT_LABEL, GPU_TAINT } from '../../model/contracts';

/**
 * NVIDIA dcgm-exporter chart and image, pinned together: chart 4.8.2 with image 4.5.3-4.8.2-ubuntu22.04 (tag
 * 4.5.3-4.8.2, 2026-05-06), checked 2026-12-01 in github:NVIDIA/dcgm-exporter deployment/: image, affinity,
 * nodeSelector, tolerations, serviceMonitor.enabled/interval/additionalLabels and resources are still read;
 * priorityClassName now comes from values.yaml (default still system-node-critical); the chart's default image
 * flavour became `-distroless`, the Makefile still builds `ubuntu22.04`, which is kept here.
 */
export const DCGM_EXPORTER_CHART = {
  repository: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
  chart: 'dcgm-exporter',
  version: '4.8.2',
} as const;
export const DCGM_EXPORTER_IMAGE = { repository: 'nvcr.io/nvidia/k8s/dcgm-exporter', tag: '4.5.3-4.8.2-ubuntu22.04' } as const;

/** GPU nodes only: nodes labelled nvidia.com/gpu.present=true (GPU pools and hybrid GPU servers). */
export const DCGM_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_PRESENT_LABEL, operator: 'In', values: ['true'] }] }],
    },
  },
};

export interface DcgmExporterProps {
  /** Helm provider of the cluster the exporter DaemonSet is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Namespace of the release and its ServiceMonitor, e.g. the monitoring namespace. */
  readonly namespace: string;
  /** E.g. kube-prometheus-stack, for the ServiceMonitor CRD. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * NVIDIA DCGM exporter (Helm, pinned chart and image): per-GPU utilization and memory for the dashboard and
 * the saturation alert. A DaemonSet on GPU nodes only (required affinity on nvidia.com/gpu.present=true),
 * tolerating exactly the GPU taint, scraped through its ServiceMonitor.
 */
export class DcgmExporter extends Construct {
  readonly release: Release;
  readonly values: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: DcgmExporterProps) {
    super(scope, id);
    this.values = {
      image: { ...DCGM_EXPORTER_IMAGE },
      affinity: DCGM_AFFINITY,
      nodeSelector: {},
      tolerations: [{ key: GPU_TAINT.key, operator: 'Exists', effect: 'NoSchedule' }],
      serviceMonitor: { enabled: true, interval: '15s', additionalLabels: {} },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    };
    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'dcgm-exporter',
      namespace: props.namespace,
      chart: DCGM_EXPORTER_CHART,
      values: this.values,
      dependsOn: props.dependsOn,
    });
  }
}
