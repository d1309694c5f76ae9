import { InputError } from '../../../../scripts/capacity/csv';
import { chooseThroughput, parsePerfCsv } from '../../../../scripts/capacity/perf-csv';

// The header perf_analyzer -f writes with server statistics (docs/measurements_metrics.md, "Visualizing
// Latency vs. Throughput"; ReportWriter::GenerateReport): latencies in microseconds, rows by throughput.
const HEADER = 'Concurrency,Inferences/Second,Client Send,Network+Server Send/Recv,Server Queue,Server Compute Input,Server Compute Infer,Server Compute Output,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency';
const CONCURRENCY_SWEEP = [
  HEADER,
  '1,310.4,40,420,25,80,2500,30,5,3100,3300,3400,3600',
  '2,590.1,41,430,300,80,2600,31,5,3300,3700,3900,4300',
  '4,980.7,42,450,1200,85,2700,31,6,4100,5200,5600,6400',
  '8,1210.2,44,460,3800,90,2800,32,6,6600,8900,9800,12100',
  '16,1260.9,45,470,9100,92,2900,33,6,12800,16500,18200,22900',
].join('\n');

describe('perf_analyzer CSV', () => {
  it('reads a concurrency sweep and takes the best throughput within the p99 budget', () => {
    const points = parsePerfCsv(CONCURRENCY_SWEEP, 'resnet50.csv');
    expect(points.map((point) => point.load)).toEqual([1, 2, 4, 8, 16]);
    expect(chooseThroughput(points, 10_000, 'resnet50.csv').chosen).toMatchObject({ load: 4, inferencesPerSecond: 980.7, p99LatencyMicroseconds: 6400 });
    expect(chooseThroughput(points, 100_000, 'resnet50.csv').chosen.inferencesPerSecond).toBe(1260.9);
  });

  it('reads the request-rate form without server statistics (perf_analyzer --request-rate-range)', () => {
    const text = ['Request Rate,Inferences/Second,Client Send,Client Recv,p50 latency,p90 latency,p95 latency,p99 latency', '100,99.8,40,5,2000,2100,2200,2500', '400,398.2,41,5,2600,3100,3500,4800'].join('\n');
    expect(chooseThroughput(parsePerfCsv(text, 'rate.csv'), 5000, 'rate.csv').chosen.inferencesPerSecond).toBe(398.2);
  });

  it('names the lowest p99 when nothing fits the budget', () => {
    expect(() => chooseThroughput(parsePerfCsv(CONCURRENCY_SWEEP, 'resnet50.csv'), 1000, 'resnet50.csv')).toThrow('no measurement has p99 latency within the budget of 1000 us (the lowest is 3600 us)');
  });

  it.each([
    ['no p99 column', CONCURRENCY_SWEEP.replace(',p99 latency', ',p99.9 latency'), 1, undefined, 'has no "p99 latency" column'],
    ['another tool\'s first column', CONCURRENCY_SWEEP.replace('Concurrency,', 'Batch,'), 1, 1, '"Batch" is not a perf_analyzer load column'],
    ['a non-numeric throughput', CONCURRENCY_SWEEP.replace('590.1', 'n/a'), 3, 2, 'Inferences/Second "n/a" is not a number'],
    ['a negative latency', CONCURRENCY_SWEEP.replace(',3600', ',-3600'), 2, 13, 'p99 latency -3600 is negative'],
  ])('rejects %s at its line and column', (_name, text, line, column, message) => {
    let error: unknown;
    try {
      parsePerfCsv(text, 'perf.csv');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect([(error as InputError).line, (error as InputError).column]).toEqual([line, column]);
    expect((error as InputError).detail).toContain(message);
  });
});
