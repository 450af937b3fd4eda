// Counts benchmark deliveries. Every message body is `bench:<run>:<seq>:<sent at, ms>`; a run
// expects each of its `messages` to reach each of its `receivers` exactly once, records each
// delivery's send-to-receive latency, and resolves when all have arrived (or fails loudly).

export interface RunResult {
  deliveries: number;
  /** Send-to-receive latencies, ms, sorted. */
  latencies: Float64Array;
  /** performance.now() of the last delivery. */
  lastAt: number;
}

interface Run {
  id: string;
  receivers: number;
  messages: number;
  seen: Uint8Array;
  latencies: Float64Array;
  count: number;
  lastAt: number;
  done: (result: RunResult) => void;
}

export const bodyOf = (run: string, seq: number, sentAt: number): string =>
  `bench:${run}:${seq}:${sentAt.toFixed(3)}`;

export class Tally {
  private run: Run | undefined;
  /** Deliveries that belonged to no current run, or repeated one (should stay 0). */
  strays = 0;
  duplicates = 0;

  /** Starts counting run `id`; resolves when every (receiver, message) pair has arrived. */
  expect(id: string, receivers: number, messages: number, timeoutMs: number): Promise<RunResult> {
    if (this.run) throw new Error(`run ${this.run.id} is still counting`);
    const total = receivers * messages;
    return new Promise<RunResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        const run = this.run!;
        this.run = undefined;
        reject(
          new Error(`${id}: ${run.count} of ${total} deliveries within ${timeoutMs} ms; ${missing(run)}`),
        );
      }, timeoutMs);
      this.run = {
        id,
        receivers,
        messages,
        seen: new Uint8Array(total),
        latencies: new Float64Array(total),
        count: 0,
        lastAt: 0,
        done: (result) => {
          clearTimeout(timer);
          this.run = undefined;
          resolve(result);
        },
      };
    });
  }

  /** A receiver (0-based index) got a message with this body at `now` (performance.now()). */
  deliver(receiver: number, body: string, now: number): void {
    const run = this.run;
    const [tag, id, seqText, sentText] = body.split(":");
    if (tag !== "bench") return;
    if (!run || id !== run.id || receiver >= run.receivers) {
      this.strays++;
      return;
    }
    const slot = receiver * run.messages + Number(seqText);
    if (run.seen[slot]) {
      this.duplicates++;
      return;
    }
    run.seen[slot] = 1;
    run.latencies[run.count++] = now - Number(sentText);
    run.lastAt = now;
    if (run.count === run.seen.length) {
      run.done({ deliveries: run.count, latencies: run.latencies.sort(), lastAt: run.lastAt });
    }
  }
}

function missing(run: Run): string {
  const short: string[] = [];
  for (let r = 0; r < run.receivers && short.length < 5; r++) {
    let got = 0;
    for (let m = 0; m < run.messages; m++) got += run.seen[r * run.messages + m]!;
    if (got < run.messages) short.push(`r${r + 1} got ${got}/${run.messages}`);
  }
  return `e.g. ${short.join(", ")}`;
}

/** The p-th percentile (0–100) of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
