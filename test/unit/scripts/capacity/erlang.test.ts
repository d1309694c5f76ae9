import { erlangB, erlangC, meanWaitSeconds, requiredServers, waitProbability } from '../../../../scripts/capacity/erlang';
import { simulateQueue } from '../../../../scripts/capacity/queue-simulation';

describe('Erlang C', () => {
  it('matches the closed form of two servers (Wolfram Language ErlangC docs, "two 1 Mbps lines" example)', () => {
    // 150 packets/s of 10 kbit on two 1 Mbit/s lines: a = 150 x 0.01 = 1.5 Erlangs. By hand:
    // C(2, a) = (a^2/2! x 2/(2-a)) / (1 + a + a^2/2! x 2/(2-a)) = 4.5 / (2.5 + 4.5) = 9/14.
    expect(erlangC(2, 1.5)).toBeCloseTo(9 / 14, 12);
  });

  it('matches Call Centre Helper\'s worked example (10 Erlangs, 11 agents: P(wait) 0.6821, ASA 122.8 s, 39% in 20 s)', () => {
    // "Erlang C formula - made simple": 100 calls in 30 minutes, 180 s handling time, 11 agents.
    const queue = { arrivalRate: 100 / 1800, serviceRate: 1 / 180, servers: 11 };
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(meanWaitSeconds(queue)).toBeCloseTo(122.8, 1);
    expect(1 - waitProbability(queue, 20)).toBeCloseTo(0.39, 2);
  });

  it('matches the textbook Erlang C curve reading (120 customers/h, 3 min each, 10 servers: "about 0.10")', () => {
    expect(erlangC(10, 6)).toBeCloseTo(0.1013, 4);
  });

  it('computes Erlang B by the stable recursion, also for thousands of servers', () => {
    // B(1, a) = a / (1 + a).
    expect(erlangB(1, 3)).toBeCloseTo(0.75, 12);
    const big = erlangC(3000, 2900);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(1);
  });

  it('is 1 for an unstable queue and 0 without load', () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(waitProbability({ arrivalRate: 10, serviceRate: 1, servers: 9 }, 1)).toBe(1);
    expect(erlangC(5, 0)).toBe(0);
  });

  it('sizes to the fewest servers within the target', () => {
    const servers = requiredServers(3000, 200, 0.02, 0.01);
    expect(waitProbability({ arrivalRate: 3000, serviceRate: 200, servers }, 0.02)).toBeLessThanOrEqual(0.01);
    expect(waitProbability({ arrivalRate: 3000, serviceRate: 200, servers: servers - 1 }, 0.02)).toBeGreaterThan(0.01);
    expect(requiredServers(0, 200, 0.02, 0.01)).toBe(0);
  });
});

describe('the discrete-event simulation against the formula', () => {
  // Waits of successive requests are strongly correlated near saturation, so the error is estimated from
  // 8 independent replications of 100,000 requests. Stated tolerance: the replications' mean is within 10%
  // (relative) of Erlang C, and within 4 standard errors of the replication mean.
  it.each([
    [100, 10, 12, 0.05],
    [3000, 200, 17, 0.005],
    [50, 1, 55, 0.2],
  ])('lambda %d, mu %d, c %d, P(wait > %d s)', (arrivalRate, serviceRate, servers, threshold) => {
    const queue = { arrivalRate, serviceRate, servers };
    const formula = waitProbability(queue, threshold);
    const runs = Array.from({ length: 8 }, (_, index) => simulateQueue(queue, threshold, { requests: 100_000, seed: index + 1 }));
    const shares = runs.map((run) => run.waitProbability);
    const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
    const variance = shares.reduce((sum, share) => sum + (share - mean) ** 2, 0) / (shares.length - 1);
    const standardError = Math.sqrt(variance / shares.length);
    expect(formula).toBeGreaterThan(0.01);
    expect(Math.abs(mean - formula) / formula).toBeLessThan(0.1);
    expect(Math.abs(mean - formula)).toBeLessThanOrEqual(4 * standardError);
    const meanWait = runs.reduce((sum, run) => sum + run.meanWaitSeconds, 0) / runs.length;
    expect(Math.abs(meanWait - meanWaitSeconds(queue)) / meanWaitSeconds(queue)).toBeLessThan(0.15);
  });
});
