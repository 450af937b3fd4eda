// Runs one phase of a case: sends `messages` messages (back to back, or paced at a given rate),
// waits until every delivery has been counted, and reads latency percentiles, deliveries/s, the CPU
// time the watched processes (and this one) used, and their peak RSS during the phase.
import { setTimeout as delay } from "node:timers/promises";
import type { Target } from "./cases/target.js";
import { cpuMicros, RssSampler } from "./proc.js";
import { percentile, type Tally } from "./tally.js";

/** Time allowed for a phase: 30 s plus 0.5 ms per delivery (a floor of 2,000 deliveries/s). */
const timeoutFor = (deliveries: number) => 30_000 + deliveries / 2;
/** After the last delivery, trailing work (archive writes, acks) is given this long before CPU is read. */
const SETTLE_MS = 100;

export interface Watched {
  label: string;
  pid: number;
}

export interface Phase {
  messages: number;
  deliveries: number;
  /** First send to last delivery. */
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  /** CPU time used during the phase, µs, per watched label and "bench" (this process). */
  cpu: Record<string, number>;
  /** Peak sampled RSS during the phase, MiB, per watched label. */
  peakRss: Record<string, number>;
}

export async function runPhase(
  target: Target,
  tally: Tally,
  run: string,
  messages: number,
  watched: readonly Watched[],
  messagesPerSecond?: number,
): Promise<Phase> {
  const deliveries = messages * target.n;
  const counted = tally.expect(run, target.n, messages, timeoutFor(deliveries));
  const sampler = new RssSampler(watched.map((w) => w.pid));
  const cpuBefore = watched.map((w) => cpuMicros(w.pid));
  const benchBefore = process.cpuUsage();
  const start = performance.now();
  let result;
  try {
    for (let seq = 0; seq < messages; seq++) {
      if (messagesPerSecond) {
        const wait = start + (seq * 1000) / messagesPerSecond - performance.now();
        if (wait > 1) await delay(wait);
      }
      await target.send(run, seq);
    }
    result = await counted;
  } catch (err) {
    counted.catch(() => undefined);
    sampler.stop();
    const detail = target.diagnose?.() ?? "";
    throw new Error(`${(err as Error).message}${detail ? `\n${detail}` : ""}`, { cause: err });
  }
  await delay(SETTLE_MS);
  const bench = process.cpuUsage(benchBefore);
  const peaks = sampler.stop();
  target.drain?.();
  const seconds = (result.lastAt - start) / 1000;
  const cpu: Record<string, number> = { bench: bench.user + bench.system };
  const peakRss: Record<string, number> = {};
  watched.forEach((w, i) => {
    cpu[w.label] = cpuMicros(w.pid) - cpuBefore[i]!;
    peakRss[w.label] = peaks.get(w.pid)!;
  });
  return {
    messages,
    deliveries,
    seconds,
    rate: deliveries / seconds,
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
    cpu,
    peakRss,
  };
}
