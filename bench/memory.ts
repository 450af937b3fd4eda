// Memory over a long run: case (a) at N receivers, `messages` messages sent in windows of 10 (each
// window waits for its deliveries, so the load stays at full speed without unbounded queueing),
// with Manifold's RSS sampled every 100 ms. Reports RSS at start, middle and end, and the peak.
import type { Target } from "./cases/target.js";
import { runPhase, type Watched } from "./measure.js";
import { memory, RssSampler } from "./proc.js";
import type { Tally } from "./tally.js";

const WINDOW = 10;

export interface MemoryResult {
  n: number;
  deliveries: number;
  seconds: number;
  start: number;
  middle: number;
  end: number;
  peak: number;
  /** Flat: the second half of the run grew RSS by at most max(10 %, 16 MiB). */
  flat: boolean;
}

export async function memoryRun(
  target: Target,
  tally: Tally,
  manifold: Watched,
  messages: number,
  watched: readonly Watched[],
): Promise<MemoryResult> {
  const windows = Math.max(2, Math.ceil(messages / WINDOW));
  const sampler = new RssSampler([manifold.pid], 100);
  const start = memory(manifold.pid).rss;
  let middle = start;
  let deliveries = 0;
  const began = performance.now();
  try {
    for (let w = 0; w < windows; w++) {
      const phase = await runPhase(target, tally, `m${target.n}w${w}`, WINDOW, watched);
      deliveries += phase.deliveries;
      if (w === Math.floor(windows / 2) - 1) middle = memory(manifold.pid).rss;
    }
  } finally {
    sampler.stop();
  }
  const seconds = (performance.now() - began) / 1000;
  const end = memory(manifold.pid).rss;
  const peak = Math.max(...sampler.samples.get(manifold.pid)!);
  return {
    n: target.n,
    deliveries,
    seconds,
    start,
    middle,
    end,
    peak,
    flat: end - middle <= Math.max(0.1 * middle, 16),
  };
}
