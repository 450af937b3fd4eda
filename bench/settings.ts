// What a run measures, from the environment: BENCH_N (receiver counts), BENCH_MESSAGES (messages
// per full-speed phase), BENCH_CASES (a, b, c), BENCH_ROUNDS (repeats, best kept),
// BENCH_MEMORY_MESSAGES (0 skips the memory run) and BENCH_TOPICS (stored topics for the start-up
// measurement; 0 skips it).
import type { CaseKey } from "./cases/target.js";

export interface Settings {
  ns: number[];
  /** Messages per full-speed phase for N receivers. */
  messagesFor: (n: number) => number;
  cases: CaseKey[];
  rounds: number;
  memoryMessages: number;
  topics: number;
  /** The overrides in effect, for the report. */
  overrides: string[];
}

/** Default full-speed messages: ~40,000 deliveries per phase, 40 to 2,000 messages. */
const defaultMessages = (n: number) => Math.min(2_000, Math.max(40, Math.ceil(40_000 / n)));

function numbers(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new Error(`${name}=${JSON.stringify(text)}: expected comma-separated whole numbers`);
  }
  return values;
}

export function readSettings(): Settings {
  const overrides = [
    "BENCH_N",
    "BENCH_MESSAGES",
    "BENCH_CASES",
    "BENCH_ROUNDS",
    "BENCH_MEMORY_MESSAGES",
    "BENCH_TOPICS",
  ]
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`);
  // Ascending: receivers are connected as N grows and stay connected.
  const ns = [...new Set(numbers("BENCH_N", [10, 100, 1000]).filter((n) => n > 0))].sort((x, y) => x - y);
  const [fixedMessages] = numbers("BENCH_MESSAGES", []);
  const cases = (process.env.BENCH_CASES ?? "a,b,c").split(",").map((c) => c.trim());
  const unknown = cases.filter((c) => !["a", "b", "c"].includes(c));
  if (unknown.length || ns.length === 0) {
    throw new Error(
      `BENCH_CASES must list a, b or c and BENCH_N at least one N (got ${overrides.join(" ")})`,
    );
  }
  return {
    ns,
    messagesFor: (n) => fixedMessages || defaultMessages(n),
    cases: (["c", "b", "a"] as const).filter((c) => cases.includes(c)),
    rounds: Math.max(1, numbers("BENCH_ROUNDS", [3])[0] ?? 3),
    memoryMessages: numbers("BENCH_MEMORY_MESSAGES", [200])[0] ?? 200,
    topics: numbers("BENCH_TOPICS", [100_000])[0] ?? 100_000,
    overrides,
  };
}
