/**
 * The HorizontalPodAutoscaler's scale-up decision, as the Kubernetes controller makes it every sync period
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/, "Algorithm details" and
 * "Configurable scaling behavior"): desired = ceil(ready x metric / target) unless the ratio is within the
 * tolerance; pods without metrics (still starting) count as zero on a scale-up, which is what using the ready
 * pods here amounts to; the scale-up stabilization window takes the lowest recent recommendation; the
 * policies limit the pods added per period (selectPolicy Max: whichever policy allows more).
 */

export interface ScaleUpBehavior {
  readonly stabilizationWindowSeconds: number;
  readonly percent: number;
  readonly pods?: number;
  readonly periodSeconds: number;
}

export interface HpaSettings {
  /** Target average queue time per request, seconds. */
  readonly targetSeconds: number;
  readonly tolerance: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleUp: ScaleUpBehavior;
}

export class HorizontalPodAutoscaler {
  private readonly recommendations: { time: number; replicas: number }[] = [];
  private readonly scaleEvents: { time: number; added: number }[] = [];

  constructor(private readonly settings: HpaSettings) {}

  /** The replica count after a sync at `time`, given the current spec replicas, ready pods and the metric (seconds). */
  sync(time: number, replicas: number, readyPods: number, metricSeconds: number): number {
    const { targetSeconds, tolerance, minReplicas, maxReplicas, scaleUp } = this.settings;
    const ratio = metricSeconds / targetSeconds;
    let recommendation = replicas;
    if (Math.abs(ratio - 1) > tolerance && ratio > 1) recommendation = Math.max(replicas, Math.ceil(readyPods * ratio));
    recommendation = Math.min(Math.max(recommendation, minReplicas), maxReplicas);
    this.recommendations.push({ time, replicas: recommendation });
    while (this.recommendations.length > 0 && this.recommendations[0].time < time - scaleUp.stabilizationWindowSeconds) this.recommendations.shift();
    // Scale-up stabilization: the lowest recommendation of the window wins (0 s: only this one).
    const stabilized = Math.min(...this.recommendations.map((entry) => entry.replicas));
    if (stabilized <= replicas) return replicas;
    while (this.scaleEvents.length > 0 && this.scaleEvents[0].time <= time - scaleUp.periodSeconds) this.scaleEvents.shift();
    const addedInPeriod = this.scaleEvents.reduce((sum, event) => sum + event.added, 0);
    const periodStart = replicas - addedInPeriod;
    const byPercent = Math.ceil(periodStart * (1 + scaleUp.percent / 100));
    const byPods = scaleUp.pods === undefined ? 0 : periodStart + scaleUp.pods;
    const limit = Math.max(byPercent, byPods);
    const next = Math.min(stabilized, limit, maxReplicas);
    if (next > replicas) this.scaleEvents.push({ time, added: next - replicas });
    return Math.max(next, replicas);
  }
}
