/**
 * Amazon EKS Kubernetes support calendar: per minor version, the EKS release date, the end of standard support
 * and the end of extended support (ISO dates, UTC). Data only: the plan summary reads it
 * (scripts/lib/support-calendar-section.ts) to warn before a fleet's version gets expensive.
 *
 * EKS gives a minor version 14 months of standard support from its EKS release, then 12 months of extended
 * support at six times the standard control-plane price per cluster hour, then auto-upgrades the cluster.
 */

/** When the dates below were last checked against their sources. */
export const SUPPORT_CALENDAR_CHECKED = '2026-12-01';

/** Extended support costs this many times the standard control-plane price per cluster hour. */
export const EXTENDED_SUPPORT_PRICE_MULTIPLIER = 6;

/** Standard EKS control-plane price, USD per cluster hour; extended support is {@link EXTENDED_SUPPORT_PRICE_MULTIPLIER} times this. */
export const STANDARD_CONTROL_PLANE_USD_PER_HOUR = 0.1;

export interface EksVersionSupport {
  /** Kubernetes minor version, e.g. "1.35". */
  readonly version: string;
  /** Amazon EKS release date (ISO). */
  readonly released: string;
  /** End of standard support (ISO), as AWS's calendar gives it: from this day on the version is in extended support, at its price. */
  readonly endOfStandardSupport: string;
  /** End of extended support (ISO): from this day on EKS auto-upgrades the cluster to the oldest supported version. */
  readonly endOfExtendedSupport: string;
  /** Where the dates come from. */
  readonly source: string;
  /** When they were checked (ISO). */
  readonly checked: string;
}

const ENDOFLIFE = 'https://endoflife.date/amazon-eks (mirrors https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)';

/**
 * Versions EKS still supports (standard or extended) on {@link SUPPORT_CALENDAR_CHECKED}, newest first.
 * 1.36 is available on EKS but no stored source gave its EKS release date, so it has no entry yet: the plan
 * summary says so instead of guessing.
 */
export const EKS_SUPPORT_CALENDAR: readonly EksVersionSupport[] = [
  {
    version: '1.35',
    released: '2026-01-28',
    endOfStandardSupport: '2027-03-27',
    endOfExtendedSupport: '2028-03-27',
    source: ENDOFLIFE,
    checked: SUPPORT_CALENDAR_CHECKED,
  },
  {
    version: '1.34',
    released: '2025-10-06',
    endOfStandardSupport: '2026-12-02',
    endOfExtendedSupport: '2027-12-02',
    source: ENDOFLIFE,
    checked: SUPPORT_CALENDAR_CHECKED,
  },
  {
    version: '1.33',
    released: '2025-05-28',
    endOfStandardSupport: '2026-07-29',
    endOfExtendedSupport: '2027-07-29',
    source: ENDOFLIFE,
    checked: SUPPORT_CALENDAR_CHECKED,
  },
  {
    version: '1.32',
    released: '2025-01-25',
    endOfStandardSupport: '2026-03-23',
    endOfExtendedSupport: '2027-03-23',
    source: ENDOFLIFE,
    checked: SUPPORT_CALENDAR_CHECKED,
  },
];

export function supportOf(version: string): EksVersionSupport | undefined {
  return EKS_SUPPORT_CALENDAR.find((entry) => entry.version === version);
}
