import { parseConfig } from '../../../config/load';
import { isoDurationSeconds } from '../../../config/schema/chaos';
import { exampleText, exampleWith, problemsOf } from '../../support/example-variants';

/** Every pool on-demand (fewer GPU node groups, so Triton's replicas come down to what eu-west-1 then holds). */
const onDemandOnly = (c: any) => {
  c.regions.forEach((region: any) => region.gpuPools.forEach((pool: any) => (pool.capacity = 'on-demand')));
  c.triton.replicas.max = 6;
};

describe('chaos config', () => {
  it('reads the example, with every experiment and the alarm thresholds', () => {
    const chaos = parseConfig(exampleText).chaos!;
    expect(Object.keys(chaos.experiments).sort()).toEqual(['nodeTermination', 'podDelete', 'spotInterruption', 'zoneLoss']);
    expect(chaos.alarms).toEqual({ minHealthyTargets: 1, maxTargetResetsPerMinute: 100, evaluationPeriods: 2, acceleratorIdleMinutes: 5 });
    expect(chaos.experiments.spotInterruption).toEqual({ sharePercent: 50, interruptionNotice: 'PT2M', observeFor: 'PT15M' });
  });

  it('fills defaults: an experiment given as {} gets its documented settings, absent ones are not created', () => {
    const chaos = parseConfig(exampleWith((config) => (config.chaos = { experiments: { zoneLoss: {} } }))).chaos!;
    expect(chaos.experiments).toEqual({ zoneLoss: { zoneIndex: 0, duration: 'PT10M' } });
    expect(chaos.alarms).toEqual({ minHealthyTargets: 1, maxTargetResetsPerMinute: 100, evaluationPeriods: 2, acceleratorIdleMinutes: 5 });
    expect(chaos.logRetentionDays).toBe(90);
  });

  it.each([
    ['PT2M', 120],
    ['PT90S', 90],
    ['PT1H30M', 5400],
    ['2m', 'not an ISO 8601 duration like PT2M, PT90S or PT1H30M'],
    ['PT', 'not an ISO 8601 duration like PT2M, PT90S or PT1H30M'],
    ['P1D', 'not an ISO 8601 duration like PT2M, PT90S or PT1H30M'],
  ])('parses the ISO 8601 duration %s', (text, expected) => {
    expect(isoDurationSeconds(text)).toBe(expected);
  });

  it.each([
    ['an unknown experiment', (c: any) => (c.chaos.experiments.regionLoss = {}), /^chaos\.experiments\.regionLoss: unknown key; allowed keys: spotInterruption, nodeTermination, zoneLoss, podDelete/],
    ['a share of 0', (c: any) => (c.chaos.experiments.podDelete.sharePercent = 0), /^chaos\.experiments\.podDelete\.sharePercent: .*\(got 0\)/],
    ['a share of 101', (c: any) => (c.chaos.experiments.nodeTermination.sharePercent = 101), /^chaos\.experiments\.nodeTermination\.sharePercent: .*\(got 101\)/],
    ['a spot notice shorter than FIS allows', (c: any) => (c.chaos.experiments.spotInterruption.interruptionNotice = 'PT1M'), /^chaos\.experiments\.spotInterruption\.interruptionNotice: out of range; durationBeforeInterruption is 2 min to 15 min/],
    ['a duration that is not ISO 8601', (c: any) => (c.chaos.experiments.zoneLoss.duration = '10m'), /^chaos\.experiments\.zoneLoss\.duration: not an ISO 8601 duration/],
    ['a wait longer than 12 hours', (c: any) => (c.chaos.experiments.podDelete.observeFor = 'PT13H'), /^chaos\.experiments\.podDelete\.observeFor: out of range; aws:fis:wait duration is 1 min to 12 h/],
    ['a retention CloudWatch Logs does not offer', (c: any) => (c.chaos.logRetentionDays = 100), /^chaos\.logRetentionDays: one of the retentions CloudWatch Logs accepts/],
    ['a zone past a region\'s zones', (c: any) => (c.chaos.experiments.zoneLoss.zoneIndex = 2), /^chaos\.experiments\.zoneLoss\.zoneIndex: 2 is past the zones of eu-west-1 \(2 zones\); allowed: 0 to 1/],
    ['chaos without a front door', (c: any) => delete c.frontDoor, /^chaos: needs frontDoor/],
  ])('rejects %s at its field path', (_name, change, expected) => {
    const problems = problemsOf(exampleWith(change));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('accepts experiments whose targets a fleet lacks (no triton, no spot pools): they are simply not created', () => {
    expect(parseConfig(exampleWith((c) => { delete c.triton; delete c.gateway; })).chaos?.experiments.podDelete).toBeDefined();
    expect(parseConfig(exampleWith(onDemandOnly)).chaos?.experiments.spotInterruption).toBeDefined();
  });
});
