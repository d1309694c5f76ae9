import { InputError } from '../../../../scripts/capacity/csv';
import { parseTrafficCsv, parseUtcTimestamp } from '../../../../scripts/capacity/traffic-csv';

const vocabulary = { primaryRegion: 'us-west-2', regions: ['us-west-2', 'eu-west-1'], models: ['resnet50', 'text-embedder'], tiers: ['premium', 'free'] };

/** A regular 5-minute series from 2026-11-02T00:00Z. */
function rows(count: number, row: (index: number, time: string) => string): string[] {
  return Array.from({ length: count }, (_, index) => row(index, new Date(Date.UTC(2026, 10, 2) + index * 300_000).toISOString().replace('.000Z', 'Z')));
}

function errorOf(text: string): InputError {
  try {
    parseTrafficCsv(text, 'traffic.csv', vocabulary);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the file to be rejected');
}

describe('traffic CSV', () => {
  it('reads timestamp,rps into the primary region', () => {
    const history = parseTrafficCsv(['timestamp,rps', ...rows(3, (index, time) => `${time},${100 + index}`)].join('\n'), 'traffic.csv', vocabulary);
    expect(history.intervalSeconds).toBe(300);
    expect([...history.regions.keys()]).toEqual(['us-west-2']);
    expect([...history.regions.get('us-west-2')!.rps]).toEqual([100, 101, 102]);
  });

  it('sums models and tiers per region and keeps their shares', () => {
    const text = [
      'timestamp,region,model,tier,rps',
      ...rows(2, (_, time) => [`${time},eu-west-1,resnet50,premium,30`, `${time},eu-west-1,resnet50,free,10`, `${time},eu-west-1,text-embedder,free,60`].join('\n')),
    ].join('\n');
    const region = parseTrafficCsv(text, 'traffic.csv', vocabulary).regions.get('eu-west-1')!;
    expect([...region.rps]).toEqual([100, 100]);
    expect(region.modelShares).toEqual({ resnet50: 0.4, 'text-embedder': 0.6 });
    expect(region.tierShares).toEqual({ premium: 0.3, free: 0.7 });
  });

  it('accepts only real ISO-8601 UTC instants', () => {
    expect(parseUtcTimestamp('2026-11-02T14:05:00Z')).toBe(Date.UTC(2026, 10, 2, 14, 5));
    expect(parseUtcTimestamp('2026-11-02T14:05:00+00:00')).toBe(Date.UTC(2026, 10, 2, 14, 5));
    expect(parseUtcTimestamp('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(parseUtcTimestamp('2026-11-02T14:05:00+02:00')).toBeUndefined();
    expect(parseUtcTimestamp('2026-11-02 14:05')).toBeUndefined();
  });

  const good = rows(4, (index, time) => `${time},${100 + index}`);
  it.each([
    ['a missing rps column', ['timestamp,requests', ...good], 1, 2, 'unknown column "requests"'],
    ['a header without rps', ['timestamp', '2026-11-02T00:00:00Z'], 1, undefined, 'has no "rps" column'],
    ['unsorted timestamps', ['timestamp,rps', good[0], good[2], good[1]], 4, 1, 'is earlier than line 3'],
    ['a duplicate timestamp', ['timestamp,rps', good[0], good[1], good[1]], 4, 1, 'repeats line 3'],
    ['a gap', ['timestamp,rps', good[0], good[1], good[3]], 4, 1, 'gap: 2026-11-02T00:15:00.000Z follows line 3 by 600 s; the interval is 300 s'],
    ['a negative rate', ['timestamp,rps', good[0], '2026-11-02T00:05:00Z,-3'], 3, 2, 'rps -3 is negative'],
    ['a non-numeric rate', ['timestamp,rps', good[0], '2026-11-02T00:05:00Z,lots'], 3, 2, 'rps "lots" is not a number'],
    ['a local timestamp', ['timestamp,rps', '2026-11-02T00:00:00,5', good[1]], 2, 1, 'timestamp "2026-11-02T00:00:00" is not ISO-8601 UTC'],
    ['an unknown region', ['timestamp,region,rps', `${good[0].split(',')[0]},ap-south-1,5`], 2, 2, 'region "ap-south-1" is not in the config; known: us-west-2, eu-west-1'],
    ['an unknown model', ['timestamp,model,rps', `${good[0].split(',')[0]},bert,5`], 2, 2, 'model "bert" is not in the config; known: resnet50, text-embedder'],
    ['an unknown tier', ['timestamp,tier,rps', `${good[0].split(',')[0]},gold,5`], 2, 2, 'tier "gold" is not in the config'],
    ['a short row', ['timestamp,rps', good[0], '2026-11-02T00:05:00Z'], 3, 2, 'has 1 fields; the header has 2'],
    ['a 30-second interval', ['timestamp,rps', '2026-11-02T00:00:00Z,1', '2026-11-02T00:00:30Z,1'], 3, 1, 'interval 30 s is not allowed'],
  ])('rejects %s at its line and column', (_name, lines, line, column, message) => {
    const error = errorOf(lines.join('\n'));
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toContain(`traffic.csv:${line}${column === undefined ? '' : `:${column}`}: `);
    expect(error.detail).toContain(message);
  });

  it('rejects a series of a region that covers other times than the rest', () => {
    const text = ['timestamp,model,rps', ...rows(3, (_, time) => `${time},resnet50,5`), ...rows(2, (_, time) => `${time},text-embedder,5`)].join('\n');
    const error = errorOf(text);
    expect([error.line, error.column]).toEqual([5, 1]);
    expect(error.detail).toContain('every series of a region needs the same times');
  });
});
