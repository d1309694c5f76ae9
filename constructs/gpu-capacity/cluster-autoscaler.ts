import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { pinnedRelease } from '../primitives/pinned-release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { stringify } from 'yaml';
import type { GpuNodeGroupInfo } from './gpu-node-pool';
import { CLUSTER_AUTOSCALER_NAMESPACE, CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from '../../model/contracts';

/**
 * kubernetes/autoscaler `cluster-autoscaler` chart 9.59.0 (appVersion 1.35.0; tag cluster-autoscaler-chart-9.59.0,
 * 5a0b98e, 2026-07-21, the newest chart tag in github:kubernetes/autoscaler checked 2026-12-01). One chart for every
 * Kubernetes version: the image tag below is set per version, and every value Spillway sets (cloudProvider,
 * awsRegion, autoDiscovery.clusterName, image.tag, rbac, nodeSelector, priorityClassName, resources,
 * expanderPriorities, extraArgs) is in the chart's values.yaml at that tag.
 */
export const CLUSTER_AUTOSCALER_CHART = {
  repository: 'https://kubernetes.github.io/autoscaler',
  chart: 'cluster-autoscaler',
  version: '9.59.0',
} as const;

/**
 * The autoscaler's minor version follows the cluster's Kubernetes minor version: the newest patch release
 * tag `cluster-autoscaler-<x.y.z>` of each minor in github:kubernetes/autoscaler (checked 2026-12-01; that
 * snapshot ends 2026-08-22, so a later patch may exist).
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.32': 'v1.32.7', // tag cluster-autoscaler-1.32.7 (f645beb), 2026-02-13
  '1.33': 'v1.33.6', // tag cluster-autoscaler-1.33.6 (be4b5a1), 2026-07-22
  '1.34': 'v1.34.5', // tag cluster-autoscaler-1.34.5 (cb2123e), 2026-07-22
  '1.35': 'v1.35.2', // tag cluster-autoscaler-1.35.2 (2d42588), 2026-07-22
  '1.36': 'v1.36.1', // tag cluster-autoscaler-1.36.1 (35e8a28), 2026-07-22
};

/** The name cluster-autoscaler's priority expander reads, in its own namespace. */
export const PRIORITY_EXPANDER_CONFIG_MAP = 'cluster-autoscaler-priority-expander';

/** Priorities of the expander: the highest number wins among node groups that fit the pending pods. */
export const EXPANDER_PRIORITIES = { baseline: 100, burstSpot: 50, burstOnDemand: 10, anyOther: 1 } as const;

export interface AutoscalerSettings {
  readonly balanceSimilarNodeGroups: boolean;
  /** Go duration, e.g. 10m. */
  readonly scaleDownDelayAfterAdd: string;
  readonly scaleDownUnneededTime: string;
  readonly expendablePodsPriorityCutoff: number;
  readonly maxNodeProvisionTime: string;
}

export interface ClusterAutoscalerProps {
  /** Helm provider of the cluster the autoscaler is installed in. */
  readonly helmProvider: TerraformProvider;
  /** Kubernetes provider of the same cluster, for the priority expander's ConfigMap. */
  readonly kubernetesProvider: TerraformProvider;
  /** EKS cluster whose tagged Auto Scaling groups the autoscaler discovers. */
  readonly clusterName: string;
  /** AWS region of the cluster's Auto Scaling groups. */
  readonly region: string;
  /** The cluster's Kubernetes version: picks the autoscaler image from `CLUSTER_AUTOSCALER_IMAGE_TAGS`. */
  readonly kubernetesVersion: string;
  /** Scale-up and scale-down tuning, passed to the autoscaler as flags. */
  readonly settings: AutoscalerSettings;
  /** GPU node groups, ranked by the priority expander. */
  readonly nodeGroups: readonly GpuNodeGroupInfo[];
  /** Where the autoscaler runs (the system nodes). */
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/**
 * The priority expander's list: baseline node groups first (on-prem hybrid nodes, which have no Auto
 * Scaling group, are always used before any of these), then spot burst, then on-demand burst, then
 * anything else (the system nodes). Regexes match the ASG names EKS gives managed node groups,
 * `eks-<nodegroup>-<uuid>`.
 */
export function priorityExpanderConfig(nodeGroups: readonly GpuNodeGroupInfo[]): Map<number, string[]> {
  const pattern = (group: GpuNodeGroupInfo) => `^eks-${group.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f-]+$`;
  const tiers: [number, GpuNodeGroupInfo[]][] = [
    [EXPANDER_PRIORITIES.baseline, nodeGroups.filter((group) => group.role === 'baseline')],
    [EXPANDER_PRIORITIES.burstSpot, nodeGroups.filter((group) => group.role === 'burst' && group.capacityType === 'SPOT')],
    [EXPANDER_PRIORITIES.burstOnDemand, nodeGroups.filter((group) => group.role === 'burst' && group.capacityType === 'ON_DEMAND')],
  ];
  const priorities = new Map<number, string[]>();
  for (const [priority, groups] of tiers) {
    if (groups.length > 0) priorities.set(priority, groups.map(pattern));
  }
  // Groups matching no regex are never expanded; the catch-all keeps the system nodes scalable.
  priorities.set(EXPANDER_PRIORITIES.anyOther, ['.*']);
  return priorities;
}

/**
 * cluster-autoscaler (Helm, pinned chart and image) with ASG auto-discovery by the cluster's tags, the
 * priority expander and its generated ConfigMap. Its AWS permissions come from EKS Pod Identity
 * (ClusterAutoscalerRole in InfraStack), bound to the service account created here.
 */
export class ClusterAutoscaler extends Construct {
  readonly release: Release;
  readonly priorityConfigMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const { settings } = props;

    this.priorityConfigMap = new ConfigMapV1(this, 'priority-expander', {
      provider: props.kubernetesProvider,
      metadata: {
        name: PRIORITY_EXPANDER_CONFIG_MAP,
        namespace: CLUSTER_AUTOSCALER_NAMESPACE,
        labels: { 'app.kubernetes.io/part-of': 'spillway', 'app.kubernetes.io/managed-by': 'terraform' },
      },
      data: { priorities: stringify(priorityExpanderConfig(props.nodeGroups)) },
    });

    const values = {
      cloudProvider: 'aws',
      awsRegion: props.region,
      autoDiscovery: { clusterName: props.clusterName },
      image: { tag: CLUSTER_AUTOSCALER_IMAGE_TAGS[props.kubernetesVersion] },
      rbac: { create: true, serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } },
      nodeSelector: { ...props.nodeSelector },
      priorityClassName: 'system-cluster-critical',
      resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { memory: '600Mi' } },
      // The ConfigMap above is the only priority list; the chart must not render its own.
      expanderPriorities: {},
      extraArgs: {
        logtostderr: true,
        stderrthreshold: 'info',
        v: 4,
        expander: 'priority',
        'balance-similar-node-groups': settings.balanceSimilarNodeGroups,
        'scale-down-delay-after-add': settings.scaleDownDelayAfterAdd,
        'scale-down-unneeded-time': settings.scaleDownUnneededTime,
        'expendable-pods-priority-cutoff': settings.expendablePodsPriorityCutoff,
        'max-node-provision-time': settings.maxNodeProvisionTime,
        // Triton keeps models in emptyDir; without this, burst nodes would never scale back down.
        'skip-nodes-with-local-storage': false,
      },
    };

    this.release = pinnedRelease(this, {
      provider: props.helmProvider,
      name: 'cluster-autoscaler',
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      chart: CLUSTER_AUTOSCALER_CHART,
      values,
      dependsOn: [this.priorityConfigMap],
    });
  }
}
