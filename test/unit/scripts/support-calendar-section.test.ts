import { clusterSchema } from '../../../config/schema/cluster';
import { EKS_SUPPORT_CALENDAR, SUPPORT_CALENDAR_CHECKED } from '../../../model/catalog/support-calendar';
import { DEFAULT_SECTIONS, buildSummary, defaultSectionsWith } from '../../../scripts/lib/plan-summary';
import {
  STANDARD_SUPPORT_WARNING_DAYS,
  daysBetween,
  extendedSupportExtraMonthlyUsd,
  supportCalendarPart,
  supportCalendarSection,
  supportStatus,
} from '../../../scripts/lib/support-calendar-section';
import { renderPart } from '../../../scripts/summary/render-markdown';

const ALLOWED: readonly string[] = clusterSchema.shape.kubernetesVersion.removeDefault().options;
const ADMIN = ['arn:aws:iam::123456789012:role/platform-admin'];

/** The ISO day `days` after `day`. */
function plus(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const render = (version: string, today: string, clusters = 2): string | undefined => {
  const part = supportCalendarPart({ kubernetesVersion: version, clusters, today });
  return part && renderPart(part);
};

describe('EKS support calendar data', () => {
  it('has every allowed version except 1.36 (no EKS release date on record), with ordered ISO dates and a source', () => {
    expect(EKS_SUPPORT_CALENDAR.map((entry) => entry.version).sort()).toEqual(ALLOWED.filter((v) => v !== '1.36').sort());
    for (const entry of EKS_SUPPORT_CALENDAR) {
      for (const day of [entry.released, entry.endOfStandardSupport, entry.endOfExtendedSupport, entry.checked]) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.released < entry.endOfStandardSupport && entry.endOfStandardSupport < entry.endOfExtendedSupport).toBe(true);
      expect(entry.source).toMatch(/^https:\/\//);
      expect(entry.checked).toBe(SUPPORT_CALENDAR_CHECKED);
    }
  });

  it('matches the given facts: 1.33 extended since 2026-07-29, 1.34 leaves standard on 2026-12-02, 1.35 standard until 2027-03-27', () => {
    const byVersion = new Map(EKS_SUPPORT_CALENDAR.map((entry) => [entry.version, entry]));
    expect(byVersion.get('1.33')?.endOfStandardSupport).toBe('2026-07-29');
    expect(byVersion.get('1.34')?.endOfStandardSupport).toBe('2026-12-02');
    expect(byVersion.get('1.35')?.endOfStandardSupport).toBe('2027-03-27');
  });

  it.each(ALLOWED)('keeps a config on Kubernetes %s valid, whatever its support state', (version) => {
    expect(clusterSchema.parse({ kubernetesVersion: version, adminPrincipalArns: ADMIN }).kubernetesVersion).toBe(version);
  });
});

describe('support warning thresholds (1.35: standard support ends 2027-03-27)', () => {
  const end = '2027-03-27';

  it('says nothing one day before the warning window', () => {
    const today = plus(end, -(STANDARD_SUPPORT_WARNING_DAYS + 1));
    expect(supportStatus('1.35', today)).toMatchObject({ kind: 'standard', daysLeft: STANDARD_SUPPORT_WARNING_DAYS + 1 });
    expect(render('1.35', today)).toBeUndefined();
  });

  it(`warns exactly ${STANDARD_SUPPORT_WARNING_DAYS} days before, naming the version, the date and the cost`, () => {
    const today = plus(end, -STANDARD_SUPPORT_WARNING_DAYS);
    expect(daysBetween(today, end)).toBe(STANDARD_SUPPORT_WARNING_DAYS);
    const text = render('1.35', today)!;
    expect(text).toContain('Kubernetes 1.35 leaves standard support on 2027-03-27');
    expect(text).toContain(`in ${STANDARD_SUPPORT_WARNING_DAYS} days`);
    expect(text).toContain('6 times the standard control-plane price');
    expect(text).toContain('$0.60 instead of $0.10 per cluster hour');
    expect(text).toContain('$730.00 more per month for 2 clusters');
  });

  it('warns the day before standard support ends', () => {
    expect(supportStatus('1.35', plus(end, -1))).toMatchObject({ kind: 'leaving-standard', daysLeft: 1 });
    expect(render('1.35', plus(end, -1))).toContain('(in 1 day)');
  });

  it('reports extended support from the end-of-standard-support date on', () => {
    expect(supportStatus('1.35', end)).toMatchObject({ kind: 'extended', since: end, endOfExtendedSupport: '2028-03-27' });
    const text = render('1.35', end, 1)!;
    expect(text).toContain('Kubernetes 1.35 is in extended support');
    expect(text).toContain('left standard support on 2027-03-27');
    expect(text).toContain('$365.00 more per month for 1 cluster.');
  });

  it('reports extended support the day before it ends, and the auto-upgrade from its end on', () => {
    expect(supportStatus('1.35', '2028-03-26').kind).toBe('extended');
    expect(supportStatus('1.35', '2028-03-27').kind).toBe('ended');
    expect(render('1.35', '2028-03-27')).toContain('EKS auto-upgrades these clusters');
  });
});

describe('support warning on 2026-12-01', () => {
  const today = '2026-12-01';

  it('warns for 1.33 (extended since 2026-07-29) and 1.34 (leaves standard support tomorrow)', () => {
    expect(supportStatus('1.33', today)).toMatchObject({ kind: 'extended', since: '2026-07-29' });
    expect(supportStatus('1.34', today)).toMatchObject({ kind: 'leaving-standard', endOfStandardSupport: '2026-12-02', daysLeft: 1 });
  });

  it('is quiet for the default, 1.35', () => {
    expect(render('1.35', today)).toBeUndefined();
  });

  it('says when a version has no calendar entry instead of guessing', () => {
    expect(supportStatus('1.36', today).kind).toBe('unknown');
    expect(render('1.36', today)).toContain('no entry for Kubernetes 1.36');
  });

  it('accepts a Date for today (its UTC day) and rejects a malformed day', () => {
    expect(supportStatus('1.34', new Date('2026-12-02T23:59:00Z')).kind).toBe('extended');
    expect(() => supportStatus('1.34', '12/01/2026')).toThrow(/ISO date/);
  });

  it('prices the extra control-plane cost in whole cents', () => {
    expect(extendedSupportExtraMonthlyUsd(1)).toBe(365);
    expect(extendedSupportExtraMonthlyUsd(3)).toBe(1095);
  });
});

describe('wiring into the plan summary', () => {
  it('puts the section after the dangers and before the cost ceiling, leaving DEFAULT_SECTIONS as they are', () => {
    const section = supportCalendarSection({ kubernetesVersion: '1.34', clusters: 2, today: '2026-12-01' });
    const sections = defaultSectionsWith(section);
    expect(sections).toHaveLength(DEFAULT_SECTIONS.length + 1);
    expect(sections.indexOf(section)).toBe(3);
    const document = buildSummary({ mode: 'preview', stacks: [] }, { sections });
    const titles = document.parts.map((part) => part.title ?? '');
    expect(titles.some((title) => title.includes('Kubernetes 1.34 leaves standard support on 2026-12-02'))).toBe(true);
    expect(document.parts.find((part) => part.title?.startsWith('Kubernetes support'))?.priority).toBe('keep');
  });
});
