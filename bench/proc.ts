// Reads a process's CPU time and memory from /proc (Linux): utime+stime from /proc/PID/stat,
// VmRSS and VmHWM from /proc/PID/status, and samples RSS on a timer to find a phase's peak.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** User plus system CPU time the process has used so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; fields after it start at "state" (field 3).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

export interface Memory {
  /** Resident set size now, MiB. */
  rss: number;
  /** High-water mark of the resident set over the process's life, MiB. */
  hwm: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kib("VmRSS") / 1024, hwm: kib("VmHWM") / 1024 };
}

/** Samples the RSS of some processes every `intervalMs` until stopped; keeps every sample. */
export class RssSampler {
  readonly samples = new Map<number, number[]>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: readonly number[],
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Takes one more sample now (also called by the timer). */
  sample(): void {
    for (const pid of this.pids) {
      const list = this.samples.get(pid) ?? [];
      list.push(memory(pid).rss);
      this.samples.set(pid, list);
    }
  }

  /** Stops sampling; returns the peak RSS seen per process, MiB. */
  stop(): Map<number, number> {
    clearInterval(this.timer);
    this.sample();
    return new Map([...this.samples].map(([pid, list]) => [pid, Math.max(...list)]));
  }
}
