/**
 * Kubernetes support warning for the plan summary: the fleet's EKS Kubernetes version read against the embedded
 * support calendar (model/catalog/support-calendar.ts). It warns when the version is in extended support (six
 * times the control-plane price), within {@link STANDARD_SUPPORT_WARNING_DAYS} days of leaving standard support,
 * or past the end of extended support (EKS auto-upgrades the clusters). A warning, never an error: the config
 * stays valid and the plan exit code does not change. Pure: version, cluster count and today in, a part out.
 */
import {
  EXTENDED_SUPPORT_PRICE_MULTIPLIER,
  STANDARD_CONTROL_PLANE_USD_PER_HOUR,
  SUPPORT_CALENDAR_CHECKED,
  supportOf,
} from '../../model/catalog/support-calendar';
import type { SummaryContext, SummaryPart } from '../summary/model';
import { paragraph } from '../summary/model';
import { HOURS_PER_MONTH } from './cost-ceiling';

export const SUPPORT_CALENDAR_TITLE = 'Kubernetes support';

/** Warn this many days (or fewer) before a version leaves standard support. */
export const STANDARD_SUPPORT_WARNING_DAYS = 60;

export type SupportStatus =
  | { readonly kind: 'standard'; readonly version: string; readonly endOfStandardSupport: string; readonly daysLeft: number }
  | { readonly kind: 'leaving-standard'; readonly version: string; readonly endOfStandardSupport: string; readonly daysLeft: number }
  | { readonly kind: 'extended'; readonly version: string; readonly since: string; readonly endOfExtendedSupport: string }
  | { readonly kind: 'ended'; readonly version: string; readonly endOfExtendedSupport: string }
  | { readonly kind: 'unknown'; readonly version: string };

export interface SupportCalendarOptions {
  /** `cluster.kubernetesVersion` of the fleet. */
  readonly kubernetesVersion: string;
  /** EKS clusters of the fleet (one per region), for the cost line. */
  readonly clusters: number;
  /** Today, as an ISO date or a Date (its UTC day). @default the current day */
  readonly today?: string | Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function isoDay(day: string | Date): string {
  if (typeof day === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`today must be an ISO date like 2026-12-01, got "${day}"`);
    return day;
  }
  return day.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (ISO dates, UTC): negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function supportStatus(version: string, today: string | Date = new Date()): SupportStatus {
  const day = isoDay(today);
  const entry = supportOf(version);
  if (!entry) return { kind: 'unknown', version };
  if (day >= entry.endOfExtendedSupport) return { kind: 'ended', version, endOfExtendedSupport: entry.endOfExtendedSupport };
  if (day >= entry.endOfStandardSupport) {
    return { kind: 'extended', version, since: entry.endOfStandardSupport, endOfExtendedSupport: entry.endOfExtendedSupport };
  }
  const daysLeft = daysBetween(day, entry.endOfStandardSupport);
  const kind = daysLeft <= STANDARD_SUPPORT_WARNING_DAYS ? 'leaving-standard' : 'standard';
  return { kind, version, endOfStandardSupport: entry.endOfStandardSupport, daysLeft };
}

/** Extra control-plane cost of extended support per month for `clusters` clusters, in USD. */
export function extendedSupportExtraMonthlyUsd(clusters: number): number {
  const extraPerHour = STANDARD_CONTROL_PLANE_USD_PER_HOUR * (EXTENDED_SUPPORT_PRICE_MULTIPLIER - 1);
  return Math.round(extraPerHour * HOURS_PER_MONTH * clusters * 100) / 100;
}

function costLine(clusters: number): string {
  const standard = STANDARD_CONTROL_PLANE_USD_PER_HOUR;
  const extended = standard * EXTENDED_SUPPORT_PRICE_MULTIPLIER;
  const plural = clusters === 1 ? 'cluster' : 'clusters';
  return (
    `Extended support costs ${EXTENDED_SUPPORT_PRICE_MULTIPLIER} times the standard control-plane price: ` +
    `$${extended.toFixed(2)} instead of $${standard.toFixed(2)} per cluster hour, ` +
    `about $${extendedSupportExtraMonthlyUsd(clusters).toFixed(2)} more per month for ${clusters} ${plural}.`
  );
}

const UPGRADE_HINT = 'Upgrade `cluster.kubernetesVersion` to a version in standard support (see README, "Versions and support").';

/** The warning part, or nothing while the version is in standard support for more than the warning window. */
export function supportCalendarPart(options: SupportCalendarOptions): SummaryPart | undefined {
  const status = supportStatus(options.kubernetesVersion, options.today);
  const checked = `Dates from the embedded EKS support calendar, checked ${SUPPORT_CALENDAR_CHECKED}.`;
  switch (status.kind) {
    case 'standard':
      return undefined;
    case 'leaving-standard': {
      const when = status.daysLeft === 1 ? 'in 1 day' : `in ${status.daysLeft} days`;
      return {
        title: `${SUPPORT_CALENDAR_TITLE}: Kubernetes ${status.version} leaves standard support on ${status.endOfStandardSupport}`,
        priority: 'keep',
        blocks: [
          paragraph(`**Warning:** EKS Kubernetes ${status.version} leaves standard support on ${status.endOfStandardSupport} (${when}) and then runs in extended support.`),
          paragraph(costLine(options.clusters)),
          paragraph(`${UPGRADE_HINT} ${checked}`),
        ],
      };
    }
    case 'extended':
      return {
        title: `${SUPPORT_CALENDAR_TITLE}: Kubernetes ${status.version} is in extended support`,
        priority: 'keep',
        blocks: [
          paragraph(
            `**Warning:** EKS Kubernetes ${status.version} left standard support on ${status.since}; extended support ends on ${status.endOfExtendedSupport}, when EKS upgrades the clusters itself.`,
          ),
          paragraph(costLine(options.clusters)),
          paragraph(`${UPGRADE_HINT} ${checked}`),
        ],
      };
    case 'ended':
      return {
        title: `${SUPPORT_CALENDAR_TITLE}: Kubernetes ${status.version} is past the end of extended support`,
        priority: 'keep',
        blocks: [
          paragraph(
            `**Warning:** EKS Kubernetes ${status.version} left extended support on ${status.endOfExtendedSupport}: EKS auto-upgrades these clusters to the oldest supported version, outside this plan.`,
          ),
          paragraph(`${UPGRADE_HINT} ${checked}`),
        ],
      };
    case 'unknown':
      return {
        title: `${SUPPORT_CALENDAR_TITLE}: no dates for Kubernetes ${status.version}`,
        priority: 'detail',
        blocks: [paragraph(`The embedded EKS support calendar has no entry for Kubernetes ${status.version}, so its support dates are not checked. ${checked}`)],
      };
  }
}

/** A plan-summary section (see `defaultSectionsWith` in plan-summary.ts) for the fleet's version. */
export function supportCalendarSection(options: SupportCalendarOptions): (context: SummaryContext) => SummaryPart | undefined {
  return () => supportCalendarPart(options);
}
