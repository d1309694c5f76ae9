/**
 * M/M/c queueing (Erlang C): the probability that a request waits, and the fewest servers that keep the
 * chance of waiting longer than a queue-time SLO under a target. Pure functions, no I/O.
 */

/**
 * Erlang B blocking probability B(c, a) by the stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)),
 * which never forms a^c or c! and so works for thousands of servers.
 */
export function erlangB(servers: number, offeredLoad: number): number {
  if (!Number.isInteger(servers) || servers < 0) throw new RangeError(`servers must be a non-negative integer, got ${servers}`);
  let blocking = 1;
  for (let k = 1; k <= servers; k++) blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  return blocking;
}

/** Erlang C: the probability an arriving request waits, C(c, a); 1 when the queue is unstable (a >= c). */
export function erlangC(servers: number, offeredLoad: number): number {
  if (offeredLoad <= 0) return 0;
  if (offeredLoad >= servers) return 1;
  const blocking = erlangB(servers, offeredLoad);
  return (servers * blocking) / (servers - offeredLoad * (1 - blocking));
}

/** The M/M/c queue: arrival rate lambda and service rate mu per server, both per second. */
export interface MmcQueue {
  readonly arrivalRate: number;
  readonly serviceRate: number;
  readonly servers: number;
}

/** P(wait > t) = C(c, a) exp(-(c mu - lambda) t); 1 when unstable. */
export function waitProbability(queue: MmcQueue, thresholdSeconds: number): number {
  const load = queue.arrivalRate / queue.serviceRate;
  if (load >= queue.servers) return 1;
  return erlangC(queue.servers, load) * Math.exp(-(queue.servers * queue.serviceRate - queue.arrivalRate) * thresholdSeconds);
}

/** Mean time in queue, W_q = C(c, a) / (c mu - lambda); Infinity when unstable. */
export function meanWaitSeconds(queue: MmcQueue): number {
  const load = queue.arrivalRate / queue.serviceRate;
  if (load >= queue.servers) return Infinity;
  return erlangC(queue.servers, load) / (queue.servers * queue.serviceRate - queue.arrivalRate);
}

/**
 * The fewest servers c with P(wait > slo) <= target. Starts at the stability bound floor(a) + 1 and walks
 * up: P falls monotonically in c, and the answer is within a few sqrt(a) of a (square-root staffing).
 */
export function requiredServers(arrivalRate: number, serviceRate: number, sloSeconds: number, target: number): number {
  if (arrivalRate <= 0) return 0;
  const load = arrivalRate / serviceRate;
  for (let servers = Math.floor(load) + 1; ; servers++) {
    if (waitProbability({ arrivalRate, serviceRate, servers }, sloSeconds) <= target) return servers;
  }
}
