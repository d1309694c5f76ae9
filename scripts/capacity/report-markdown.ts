/** capacity-report.md: what the run found, per region and for the burst, and the advice in config syntax. */
import type { FleetConfig } from '../../config/schema';
import * as path from 'path';
import type { CapacityRun } from './plan-capacity';
import { provisioningLeadSeconds } from './fleet-inputs';

export interface ReportContext {
  readonly config: FleetConfig;
  readonly trafficFile: string;
  readonly configFile: string;
}

const percent = (value: number, decimals = 2) => `${(value * 100).toFixed(decimals)}%`;

export function renderCapacityReport(run: CapacityRun, context: ReportContext): string {
  const { json } = run;
  const triton = context.config.triton!;
  const timing = context.config.capacity.burst;
  const lines: string[] = [];
  // Paths inside the working directory are shown relative to it, others as they are.
  const relative = (file: string) => {
    const shown = path.relative(process.cwd(), file);
    return shown === '' || shown.startsWith('..') ? file : shown;
  };
  lines.push('# Capacity plan', '');
  lines.push(`Traffic \`${relative(context.trafficFile)}\`, config \`${relative(context.configFile)}\`. Forecast: ${json.forecast.method}, ${json.forecast.horizonHours} h ahead; back-test MAPE on the last week ${percent(json.forecast.backtestMape, 1)} (worst region).`);
  lines.push(`Sizing: M/M/c (Erlang C), a pod of ${triton.gpusPerPod} GPU(s) is a server; P(queue wait > ${triton.autoscaling.queueTimeSloMicroseconds / 1000} ms) <= ${percent(context.config.capacity.waitProbability, 1)} at the planning peak (the highest hourly 95% upper bound).`, '');
  lines.push('| Region | Planning peak rps | Offered load (GPUs) | GPUs needed | Baseline GPUs | Max GPUs | Shortfall | P(wait > SLO) Erlang C / simulated | Back-test MAPE |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const [name, region] of Object.entries(json.regions)) {
    const simulated = region.waitProbability.simulated === null ? '-' : percent(region.waitProbability.simulated, 3);
    lines.push(
      `| ${name} | ${region.peakRps.toFixed(0)} | ${region.offeredLoadGpus.toFixed(2)} | ${region.requiredGpus} | ${region.configuredGpus.baseline} | ${region.configuredGpus.max} | ${region.shortfallGpus > 0 ? `**${region.shortfallGpus}**` : '0'} | ${percent(region.waitProbability.erlangC, 3)} / ${simulated} | ${percent(region.backtestMape, 1)} |`,
    );
  }
  lines.push('');
  for (const detail of run.regions) {
    lines.push(`- ${detail.name}: ${detail.rates.map((rate) => `${rate.name} ${percent(rate.share, 0)} of requests at ${rate.throughputPerGpu} inferences/s per GPU (${rate.source})`).join('; ')}.`);
  }
  for (const note of run.notes) lines.push(`- Note: ${note}.`);
  lines.push('', run.exitCode === 2 ? '**The forecast peak needs more GPUs than the config allows (exit code 2).**' : 'The forecast peak fits the configured maximum.', '');

  if (json.burst && run.burst) {
    const burst = json.burst;
    lines.push(`## Burst: ${burst.fromRps} to ${burst.toRps} rps in ${burst.rampSeconds} s on ${burst.region}, held ${timing.durationSeconds} s`, '');
    lines.push(`Capacity stops growing after ${burst.timeToCapacitySeconds.toFixed(0)} s, at ${run.burst.finalReadyPods} ready pods.`, '');
    lines.push('| Tier | Served | Shed | p95 queue time |', '|---|---:|---:|---:|');
    for (const [tier, outcome] of Object.entries(burst.tiers)) lines.push(`| ${tier} | ${percent(outcome.served)} | ${percent(outcome.shed)} | ${outcome.p95QueueMs.toFixed(0)} ms |`);
    lines.push('');
    lines.push(
      `Model: HPA on queue time (target ${triton.autoscaling.queueTimeSloMicroseconds / 1000} ms, tolerance ${timing.hpaTolerance}, sync ${timing.hpaSyncSeconds} s, ${timing.metricWindowSeconds} s window scraped every ${timing.scrapeIntervalSeconds} s; scale-up ${triton.autoscaling.scaleUp.percent}% or ${triton.autoscaling.scaleUp.pods ?? 0} pods per ${triton.autoscaling.scaleUp.periodSeconds} s), cluster-autoscaler scan ${timing.autoscalerScanSeconds} s (baseline, then spot, then on-demand; a spot shortfall waits maxNodeProvisionTime ${context.config.autoscaler.maxNodeProvisionTime}), node boot ${timing.nodeBootSeconds} s, image ${timing.imageSizeGiB} GiB at ${timing.imagePullMiBps} MiB/s, model load ${timing.modelLoadSeconds} s; Triton's per-tier queues and timeouts from triton.models[].queuePolicy. Timings are set in \`capacity.burst\`.`,
      '',
    );
  }

  lines.push('## Advice', '');
  const advice = json.advice;
  if (json.burst) {
    lines.push(
      advice.premiumRunningPods === null
        ? `- Premium at ${percent(context.config.capacity.premiumServedTarget, 1)} served through the burst is out of reach even with all ${triton.replicas.max} pods (replicas.max) running when it starts: raise the limits below first.`
        : `- Premium at ${percent(advice.premiumServedWithAdvice ?? 0)} through the burst (target ${percent(context.config.capacity.premiumServedTarget, 1)}) needs ${advice.premiumRunningPods} pods serving when it starts on ${json.burst.region} (\`triton.replicas.min: ${advice.premiumRunningPods}\`, configured ${triton.replicas.min}), with ${advice.premiumWarmNodes} burst node(s) warm for them (a pre-warm \`minSize\` above the pool's): capacity added during a burst arrives after the provisioning lead time.`,
    );
  }
  lines.push(`- \`triton.replicas.max: ${advice.replicasMax}\` (configured ${triton.replicas.max}); \`maxGpus: ${advice.maxGpus}\` (configured ${context.config.maxGpus ?? 'none'}).`);
  for (const [name, region] of Object.entries(advice.regions)) {
    const pool = region.burstPool ? `; burst pool \`${region.burstPool}\` \`maxSize: ${region.burstPoolMaxSize}\`` : '';
    lines.push(`- ${name}: needs ${region.neededGpus} GPUs at its peak (forecast or burst); a baseline of ${region.baselineGpus} GPUs serves the forecast's median hour${pool}.`);
  }
  lines.push('', `Pre-warm windows (forecast hours above the baseline, opened ${Math.ceil(provisioningLeadSeconds(context.config) / 60)} min early, the provisioning lead time), for \`regions[].gpuPools[].prewarm\`:`, '');
  if (json.prewarm.length === 0) lines.push('None: the baseline covers every forecast hour.');
  else {
    lines.push('```yaml');
    for (const window of json.prewarm) {
      lines.push(`# ${window.region}, pool ${window.pool}`, `- { name: ${window.name}, startCron: "${window.startCron}", endCron: "${window.endCron}", minSize: ${window.minSize} }`);
    }
    lines.push('```');
  }
  return `${lines.join('\n')}\n`;
}
