import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { FleetConfig } from '../config/schema';
import type { RegionalCluster } from './regional-cluster';
import type { RegionalLoadBalancer } from '../constructs/front-door/regional-load-balancer';
import type { GlobalAccelerator } from '../constructs/front-door/global-accelerator';
import { AlarmTopic } from '../constructs/monitoring/alarm-topic';
import { LoadBalancerAlarms, NamedAlarm } from '../constructs/monitoring/load-balancer-alarms';
import { ACCELERATOR_METRICS_REGION, AcceleratorTrafficAlarm } from '../constructs/monitoring/accelerator-traffic-alarm';
import { ExperimentLogGroup } from '../constructs/chaos/experiment-log-group';
import { FisExperiment, FisExperimentSpec } from '../constructs/chaos/fis-experiment';
import { nodeTerminationSpec, podDeleteSpec, spotInterruptionSpec, zoneLossSpec } from '../constructs/chaos/experiment-specs';
import { CHAOS_EXPERIMENT_KINDS, ChaosExperimentKind, experimentsForRegion } from '../model/chaos';
import { clusterName as clusterNameOf } from '../model/names';
import { FIS_KUBERNETES_USER, FIS_POD_SERVICE_ACCOUNT, TRITON_NAMESPACE, TRITON_RELEASE_NAME } from '../model/contracts';

/** One region's alarms and experiments. */
export interface RegionalChaos {
  readonly alarmTopic: AlarmTopic;
  /** The alarms that stop this region's experiments (all in the region). */
  readonly stopAlarms: readonly NamedAlarm[];
  readonly logGroup: ExperimentLogGroup;
  readonly experiments: ReadonlyMap<ChaosExperimentKind, FisExperiment>;
}

/** The experiments `chaos` asks for, as kinds. */
export function requestedExperiments(config: FleetConfig): ChaosExperimentKind[] {
  const experiments = config.chaos?.experiments ?? {};
  return CHAOS_EXPERIMENT_KINDS.filter((kind) => experiments[kind] !== undefined);
}

/** Whether WorkloadsStack must create the RBAC of the pod-delete experiment in this region's cluster. */
export function podDeleteRuns(config: FleetConfig, region: string): boolean {
  const served = config.frontDoor?.regions.some((entry) => entry.name === region) ?? false;
  const regionConfig = config.regions.find((entry) => entry.name === region);
  if (!config.chaos || !served || !regionConfig) return false;
  return experimentsForRegion(requestedExperiments(config), { gpuPools: regionConfig.gpuPools, triton: config.triton !== undefined }).includes('podDelete');
}

/** The account id out of an ARN created in the same plan: preview mode makes no STS call to learn it. */
const accountOf = (arn: string) => Fn.element(Fn.split(':', arn), 4);

/**
 * `chaos` (issue 13) in InfraStack: per front-door region an encrypted SNS topic, CloudWatch alarms on the
 * NLB (and, in us-west-2 where its metrics live, on Global Accelerator's traffic to each region), an
 * encrypted experiment log group and the FIS templates that those alarms stop. Nothing here starts one.
 */
export function buildChaos(
  stack: TerraformStack,
  config: FleetConfig,
  providers: ReadonlyMap<string, AwsProvider>,
  regions: ReadonlyMap<string, RegionalCluster>,
  loadBalancers: ReadonlyMap<string, RegionalLoadBalancer>,
  accelerator: GlobalAccelerator | undefined,
): Map<string, RegionalChaos> {
  const chaos = config.chaos;
  const result = new Map<string, RegionalChaos>();
  if (!chaos) return result;
  const output = (id: string, value: string, description: string) => new TerraformOutput(stack, id, { value, description });

  // ---- per region: topic, NLB alarms, experiment log group ----
  const regional = new Map<string, { topic: AlarmTopic; alarms: NamedAlarm[]; logGroup: ExperimentLogGroup; accountId: string }>();
  for (const [regionName, loadBalancer] of loadBalancers) {
    const provider = providers.get(regionName)!;
    const cluster = regions.get(regionName)!;
    // Plain names from config (not the cluster's token), so alarm and key names read well in plans.
    const prefix = clusterNameOf(config.environment, regionName);
    const accountId = accountOf(cluster.nodeRole.arn);
    // The region's customer key (issue 14) also encrypts the alarm topic: CloudWatch must encrypt what it publishes.
    cluster.customerKey.allowCloudWatchAlarms();
    const topic = new AlarmTopic(stack, `${regionName}-alarm-topic`, { provider, name: `${prefix}-alarms`, kmsKeyArn: cluster.customerKeyArn });
    const nlbAlarms = new LoadBalancerAlarms(stack, `${regionName}-nlb-alarms`, {
      provider,
      namePrefix: `${prefix}-nlb`,
      loadBalancerArnSuffix: loadBalancer.arnSuffix,
      targetGroups: loadBalancer.targetGroupArnSuffixes,
      minHealthyTargets: chaos.alarms.minHealthyTargets,
      maxTargetResetsPerMinute: chaos.alarms.maxTargetResetsPerMinute,
      evaluationPeriods: chaos.alarms.evaluationPeriods,
      alarmTopicArn: topic.arn,
    });
    const logGroup = new ExperimentLogGroup(stack, `${regionName}-fis-logs`, { provider, namePrefix: prefix, retentionDays: chaos.logRetentionDays, kmsKeyArn: cluster.customerKeyArn });
    regional.set(regionName, { topic, alarms: [...nlbAlarms.alarms], logGroup, accountId });
    output(`${regionName}-alarm-topic-arn`, topic.arn, `SNS topic of the ${regionName} alarms: subscribe on-call to it`);
  }

  // ---- Global Accelerator traffic per region: its metrics exist only in us-west-2 ----
  const metricsRegion = regional.get(ACCELERATOR_METRICS_REGION);
  if (accelerator && metricsRegion) {
    for (const regionName of regional.keys()) {
      const listenerArns = [...accelerator.endpointGroups.values()].flatMap((groups) => {
        const group = groups.get(regionName);
        return group ? [group.listenerArn] : [];
      });
      if (listenerArns.length === 0) continue;
      const name = `${clusterNameOf(config.environment, regionName)}-accelerator-idle`;
      const alarm = new AcceleratorTrafficAlarm(stack, `${regionName}-accelerator-traffic-alarm`, {
        provider: providers.get(ACCELERATOR_METRICS_REGION)!,
        name,
        acceleratorArn: accelerator.arn,
        listenerArns,
        endpointGroupRegion: regionName,
        idleMinutes: chaos.alarms.acceleratorIdleMinutes,
        alarmTopicArn: metricsRegion.topic.arn,
      });
      // FIS stops an experiment only on alarms of its own region: this one guards us-west-2's experiments.
      if (regionName === ACCELERATOR_METRICS_REGION) metricsRegion.alarms.push({ name, arn: alarm.arn });
    }
  }

  // ---- experiment templates ----
  const requested = requestedExperiments(config);
  for (const [regionName, facts] of regional) {
    const provider = providers.get(regionName)!;
    const cluster = regions.get(regionName)!;
    const regionConfig = config.regions.find((entry) => entry.name === regionName)!;
    const namePrefix = clusterNameOf(config.environment, regionName);
    // No gateway 5xx alarm here: FIS stops only on CloudWatch alarms, and the gateway's per-tier 5xx counts are in
    // Prometheus (its ServiceMonitor), not CloudWatch. The NLB alarms above see a gateway that stops answering
    // (unhealthy targets: its health endpoint fails when no Triton pod is up) or resets connections.
    const stopAlarms = facts.alarms;
    const experiments = new Map<ChaosExperimentKind, FisExperiment>();
    for (const kind of experimentsForRegion(requested, { gpuPools: regionConfig.gpuPools, triton: config.triton !== undefined })) {
      const spec = specFor(kind, config, regionName, cluster);
      const experiment = new FisExperiment(stack, `${regionName}-fis-${spec.shortName}`, {
        provider,
        region: regionName,
        accountId: facts.accountId,
        namePrefix,
        // The token orders the pod experiment's access entry after the cluster.
        clusterName: cluster.cluster.name,
        spec,
        stopConditionAlarmArns: stopAlarms.map((alarm) => alarm.arn),
        logGroupArn: facts.logGroup.fisLogGroupArn,
      });
      experiments.set(kind, experiment);
      output(`${regionName}-fis-${spec.shortName}-template-id`, experiment.templateId, `FIS template: ${spec.description}`);
      output(`${regionName}-fis-${spec.shortName}-start-command`, experiment.startCommand, `Starts the ${kind} experiment in ${regionName} (README: Chaos experiments)`);
    }
    result.set(regionName, { alarmTopic: facts.topic, stopAlarms, logGroup: facts.logGroup, experiments });
  }
  return result;
}

function specFor(kind: ChaosExperimentKind, config: FleetConfig, region: string, cluster: RegionalCluster): FisExperimentSpec {
  const experiments = config.chaos!.experiments;
  const clusterName = clusterNameOf(config.environment, region);
  switch (kind) {
    case 'spotInterruption': {
      const settings = experiments.spotInterruption!;
      return spotInterruptionSpec({ region, clusterName, ...settings });
    }
    case 'nodeTermination': {
      const settings = experiments.nodeTermination!;
      const nodeGroups = cluster.gpuPools.flatMap((pool) =>
        pool.nodeGroups.filter((_, index) => pool.nodeGroupInfos[index].role === 'baseline').map((group) => ({ name: group.nodeGroupName, arn: group.nodeGroupArn })),
      );
      return nodeTerminationSpec({ region, clusterName, nodeGroups: nodeGroups.slice(0, 5), ...settings });
    }
    case 'zoneLoss': {
      const settings = experiments.zoneLoss!;
      const regionConfig = config.regions.find((entry) => entry.name === region)!;
      return zoneLossSpec({
        region,
        clusterName,
        zone: regionConfig.availabilityZones[settings.zoneIndex].name,
        subnetArn: cluster.network.privateSubnetArns[settings.zoneIndex],
        vpcId: cluster.network.vpcId,
        duration: settings.duration,
      });
    }
    case 'podDelete': {
      const settings = experiments.podDelete!;
      return podDeleteSpec({
        region,
        clusterName,
        clusterArn: cluster.cluster.arn,
        namespace: TRITON_NAMESPACE,
        deploymentName: TRITON_RELEASE_NAME,
        serviceAccount: FIS_POD_SERVICE_ACCOUNT,
        kubernetesUser: FIS_KUBERNETES_USER,
        ...settings,
      });
    }
  }
}
