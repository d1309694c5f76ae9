import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';

/** A chart from a Helm repository at an exact version. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

export interface PinnedReleaseProps {
  /** Helm provider of the cluster the release is installed in. */
  readonly provider: TerraformProvider;
  /** Helm release name. */
  readonly name: string;
  /** Namespace the release is installed in. */
  readonly namespace: string;
  /** Repository, chart and exact version to install; never a range. */
  readonly chart: ChartPin;
  /** Chart values as a typed object; rendered as JSON, never assembled as text. */
  readonly values: object;
  /** Seconds Helm waits for the release's resources to be ready. @default the provider's 300 */
  readonly timeoutSeconds?: number;
  /** Release revisions Helm keeps. @default the provider's (unlimited) */
  readonly maxHistory?: number;
  /** What must exist before Helm installs, e.g. the namespace, CRDs or the nodes the pods need. @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The `helm_release` (construct id `release`) of a pinned third-party chart. Atomic with cleanup on failure:
 * a failed install or upgrade rolls back instead of leaving a half-applied release behind.
 */
export function pinnedRelease(scope: Construct, props: PinnedReleaseProps): Release {
  return new Release(scope, 'release', {
    provider: props.provider,
    name: props.name,
    namespace: props.namespace,
    repository: props.chart.repository,
    chart: props.chart.chart,
    version: props.chart.version,
    values: [JSON.stringify(props.values)],
    atomic: true,
    cleanupOnFail: true,
    timeout: props.timeoutSeconds,
    maxHistory: props.maxHistory,
    dependsOn: props.dependsOn,
  });
}
