/**
 * Discrete-event simulation of the M/M/c queue, the cross-check of the Erlang C sizing: Poisson arrivals,
 * exponential service, c servers, first come first served. With FCFS a request starts on the server that
 * frees first, so a min-heap of the servers' free times is the whole state.
 */
import type { MmcQueue } from './erlang';
import { exponential, seededRandom } from './random';

export interface SimulatedWait {
  /** Share of requests that waited longer than the threshold. */
  readonly waitProbability: number;
  /** Mean time in queue, seconds. */
  readonly meanWaitSeconds: number;
  /** Requests simulated after the warm-up. */
  readonly requests: number;
}

export interface QueueSimulationOptions {
  /** Requests counted. @default 200000 */
  readonly requests?: number;
  /** Requests run first and not counted, so the queue starts from its steady state. @default requests / 10 */
  readonly warmup?: number;
  /** @default 1 */
  readonly seed?: number;
}

export function simulateQueue(queue: MmcQueue, thresholdSeconds: number, options: QueueSimulationOptions = {}): SimulatedWait {
  const requests = options.requests ?? 200_000;
  const warmup = options.warmup ?? Math.floor(requests / 10);
  const random = seededRandom(options.seed ?? 1);
  const freeAt = new MinHeap(queue.servers);
  let now = 0;
  let late = 0;
  let waited = 0;
  for (let index = 0; index < warmup + requests; index++) {
    now += exponential(random, queue.arrivalRate);
    const start = Math.max(now, freeAt.peek());
    freeAt.replaceTop(start + exponential(random, queue.serviceRate));
    if (index < warmup) continue;
    const wait = start - now;
    waited += wait;
    if (wait > thresholdSeconds) late++;
  }
  return { waitProbability: late / requests, meanWaitSeconds: waited / requests, requests };
}

/** Binary min-heap of numbers with a fixed size, all starting at 0. */
class MinHeap {
  private readonly items: Float64Array;

  constructor(size: number) {
    this.items = new Float64Array(size);
  }

  peek(): number {
    return this.items[0];
  }

  /** Replaces the smallest item and restores the heap order. */
  replaceTop(value: number): void {
    const items = this.items;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right] < items[left] ? right : left;
      if (items[child] >= value) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = value;
  }
}
