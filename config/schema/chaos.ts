/**
 * `chaos`: game-day fault injection with AWS FIS (issue 13). Per front-door region: CloudWatch alarms on what
 * a user feels (NLB healthy targets, target resets, Global Accelerator traffic) with an encrypted SNS topic,
 * and FIS experiment templates stopped by those alarms. Templates are only created; an apply never starts one.
 */
import { z } from 'zod';
import { strictObject } from './common';

/** FIS writes durations as ISO 8601 (`PT2M`, `PT1H30M`); seconds of such a duration, or why it is not one. */
export function isoDurationSeconds(text: string): number | string {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(text);
  if (!match || text === 'PT') return 'not an ISO 8601 duration like PT2M, PT90S or PT1H30M';
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

const describeSeconds = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/** An ISO 8601 duration within the limits AWS FIS accepts for the parameter it feeds. */
function fisDuration(minSeconds: number, maxSeconds: number, what: string) {
  return z.string().superRefine((value, ctx) => {
    const seconds = isoDurationSeconds(value);
    const allowed = `${what} is ${describeSeconds(minSeconds)} to ${describeSeconds(maxSeconds)} (ISO 8601, e.g. PT${minSeconds / 60}M)`;
    if (typeof seconds === 'string') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${seconds}; ${allowed}` });
    else if (seconds < minSeconds || seconds > maxSeconds) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `out of range; ${allowed}` });
  });
}

/** Share of the matching targets an experiment hits: FIS `selection_mode = PERCENT(n)`. */
const sharePercent = z.number().int().min(1).max(100);
/** How long the experiment keeps running (and its stop conditions armed) after the fault: `aws:fis:wait`, 1 min to 12 h. */
const observeFor = fisDuration(60, 12 * 3600, 'aws:fis:wait duration');

/** Retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const logRetentionDays = z
  .number()
  .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `one of the retentions CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`);

export const chaosAlarmsSchema = strictObject({
  /** Alarm when a target group of the region's NLB has fewer healthy targets (Triton pods) than this, 1-1000. @default 1 */
  minHealthyTargets: z.number().int().min(1).max(1000).default(1),
  /** Alarm when the NLB resets more TCP connections to targets than this in one minute (TCP_Target_Reset_Count). @default 100 */
  maxTargetResetsPerMinute: z.number().int().min(1).max(1000000).default(100),
  /** Consecutive one-minute periods a threshold must be crossed before an alarm fires, 1-10. @default 2 */
  evaluationPeriods: z.number().int().min(1).max(10).default(2),
  /** Minutes of zero bytes through the accelerator to the region's endpoint group before its alarm fires, 1-60. @default 5 */
  acceleratorIdleMinutes: z.number().int().min(1).max(60).default(5),
});

export const chaosExperimentsSchema = strictObject({
  /**
   * `aws:ec2:send-spot-instance-interruptions` on a share of the cluster's running spot instances (the burst
   * pools' `-spot` node groups): the on-demand groups must take over. @default not created
   */
  spotInterruption: strictObject({
    /** @default 50 */
    sharePercent: sharePercent.default(50),
    /** Notice before the interruption (the real one is two minutes), 2-15 min. @default PT2M */
    interruptionNotice: fisDuration(120, 900, 'durationBeforeInterruption').default('PT2M'),
    /** @default PT15M */
    observeFor: observeFor.default('PT15M'),
  }).optional(),
  /** `aws:eks:terminate-nodegroup-instances` on a share of each baseline GPU node group's instances. @default not created */
  nodeTermination: strictObject({
    /** instanceTerminationPercentage. @default 50 */
    sharePercent: sharePercent.default(50),
    /** @default PT15M */
    observeFor: observeFor.default('PT15M'),
  }).optional(),
  /** `aws:network:disrupt-connectivity` (scope `all`) on one zone's private subnet: a zone outage. @default not created */
  zoneLoss: strictObject({
    /** Index into each region's `availabilityZones` of the zone to cut off. @default 0 */
    zoneIndex: z.number().int().min(0).max(5).default(0),
    /** How long the subnet stays cut off, 1 min to 12 h. @default PT10M */
    duration: fisDuration(60, 12 * 3600, 'disrupt-connectivity duration').default('PT10M'),
  }).optional(),
  /** `aws:eks:pod-delete` on a share of Triton's pods (needs `triton`). @default not created */
  podDelete: strictObject({
    /** @default 50 */
    sharePercent: sharePercent.default(50),
    /** @default PT10M */
    observeFor: observeFor.default('PT10M'),
  }).optional(),
});

export const chaosSchema = strictObject({
  alarms: chaosAlarmsSchema.default({}),
  /** Retention of the FIS experiment log group of each region. @default 90 */
  logRetentionDays: logRetentionDays.default(90),
  /** Which experiment templates exist; an experiment is created where its targets exist. @default none */
  experiments: chaosExperimentsSchema.default({}),
});
