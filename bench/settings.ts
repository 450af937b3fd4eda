// What a run measures, from the environment: BENCH_SERVER (the XMPP server the cases run against:
// `prosody`, the default, or `ejabberd`, with its own MUC as case b; each writes its own section of
// BENCHMARKS.md), BENCH_N (receiver counts), BENCH_GROUP_N (receiver counts for the group cases g and
// n: by default 1000, or BENCH_N when that is given), BENCH_MESSAGES (messages per full-speed
// phase), BENCH_CASES (a, b, c, p, g, n, and s for chat states), BENCH_ROUNDS (repeats, best kept),
// BENCH_MEMORY_MESSAGES (0 skips the memory run), BENCH_TOPICS (stored topics for the start-up
// measurement; 0 skips it), BENCH_SWEEP_MESSAGES (archived messages for the retention sweep;
// 0 skips it), and for case s: BENCH_STATES_N (members of the topic above the bound:
// 1000, or the largest BENCH_N when that is given), BENCH_STATES_RATE and BENCH_STATES_SECONDS (the
// typing phase) and BENCH_STATES_BURST (states sent back to back).
import { SERVER_KINDS, type ServerKind } from "../scripts/lib/server-interface.js";
import type { CaseKey } from "./cases/target.js";
import { STATE_BOUND } from "./cases/states.js";

/** The group cases: receivers enter a room on groups.*, which costs O(N²) presence stanzas. */
export const GROUP_CASES: readonly CaseKey[] = ["g", "n"];

/** Case s (chat states): a topic of `n` members, above the bound, typed into at `rate` states/s. */
export interface StatesSettings {
  n: number;
  /** States per second in the typing phase. */
  rate: number;
  /** Length of the typing phase (and of the idle window it is compared with), seconds. */
  seconds: number;
  /** States sent back to back into the topic above the bound. */
  burst: number;
}

export interface Settings {
  /** The XMPP server the cases run against (BENCH_SERVER). */
  server: ServerKind;
  /** Every N at which a chosen case runs, ascending (`caseNs` and `groupNs` together). */
  ns: number[];
  /** N values for cases a, b, c and p (BENCH_N). */
  caseNs: number[];
  /** N values for cases g and n (BENCH_GROUP_N). */
  groupNs: number[];
  /** Whether case `key` runs at N. */
  runsAt: (key: CaseKey, n: number) => boolean;
  /** Messages per full-speed phase for N receivers. */
  messagesFor: (n: number) => number;
  cases: CaseKey[];
  /** Case s, when chosen (it runs once, after the other cases and the memory run). */
  states: StatesSettings | undefined;
  rounds: number;
  memoryMessages: number;
  topics: number;
  /** Archived messages the retention sweep removes under fan-out (BENCH_SWEEP_MESSAGES; 0 skips it). */
  sweepMessages: number;
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

/** BENCH_SERVER: `prosody` (the default) or `ejabberd`; anything else is an error naming them. */
function readServer(): ServerKind {
  const text = (process.env.BENCH_SERVER ?? "").trim();
  if (text === "") return "prosody";
  const kind = SERVER_KINDS.find((k) => k === text.toLowerCase());
  if (!kind) {
    throw new Error(
      `BENCH_SERVER=${JSON.stringify(text)} is not a server the benchmark runs against: use ${SERVER_KINDS.join(" or ")}`,
    );
  }
  return kind;
}

export function readSettings(): Settings {
  const server = readServer();
  const overrides = [
    "BENCH_SERVER",
    "BENCH_N",
    "BENCH_GROUP_N",
    "BENCH_MESSAGES",
    "BENCH_CASES",
    "BENCH_ROUNDS",
    "BENCH_MEMORY_MESSAGES",
    "BENCH_TOPICS",
    "BENCH_SWEEP_MESSAGES",
    "BENCH_STATES_N",
    "BENCH_STATES_RATE",
    "BENCH_STATES_SECONDS",
    "BENCH_STATES_BURST",
  ]
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`);
  // Ascending: receivers are connected as N grows and stay connected.
  const ascending = (values: number[]) => [...new Set(values.filter((n) => n > 0))].sort((x, y) => x - y);
  const caseNs = ascending(numbers("BENCH_N", [10, 100, 1000]));
  // Entering a group room of 1000 takes Prosody minutes (every occupant's presence to every other),
  // so by default g and n run only at N=1000, where their target is.
  const groupNs = ascending(numbers("BENCH_GROUP_N", process.env.BENCH_N ? caseNs : [1000]));
  const [fixedMessages] = numbers("BENCH_MESSAGES", []);
  const requested = (process.env.BENCH_CASES ?? "a,b,c,p,g,n,s").split(",").map((c) => c.trim());
  const unknown = requested.filter((c) => !["a", "b", "c", "p", "g", "n", "s"].includes(c));
  const cases = (["c", "b", "a", "p", "g", "n"] as const).filter((c) => requested.includes(c));
  const runsAt = (key: CaseKey, n: number) => (GROUP_CASES.includes(key) ? groupNs : caseNs).includes(n);
  const ns = ascending([...caseNs, ...groupNs]).filter((n) => cases.some((key) => runsAt(key, n)));
  // Left to the defaults, case s gives way to a BENCH_N too small for it (BENCH_N=10 stays valid).
  const states = requested.includes("s")
    ? readStates(process.env.BENCH_N ? caseNs : [], process.env.BENCH_CASES !== undefined)
    : undefined;
  if (unknown.length || (ns.length === 0 && !states)) {
    throw new Error(
      `BENCH_CASES must list a, b, c, p, g, n or s, and BENCH_N (BENCH_GROUP_N for g and n) at least one N ` +
        `for them (got ${overrides.join(" ")})`,
    );
  }
  return {
    server,
    ns,
    caseNs,
    groupNs,
    runsAt,
    messagesFor: (n) => fixedMessages || defaultMessages(n),
    cases,
    states,
    rounds: Math.max(1, numbers("BENCH_ROUNDS", [3])[0] ?? 3),
    memoryMessages: numbers("BENCH_MEMORY_MESSAGES", [200])[0] ?? 200,
    topics: numbers("BENCH_TOPICS", [100_000])[0] ?? 100_000,
    sweepMessages: numbers("BENCH_SWEEP_MESSAGES", [1_000_000])[0] ?? 1_000_000,
    overrides,
  };
}

/** Case s: one topic above the bound (1000 members by default, or the largest BENCH_N when that
 *  is given, so that quick runs stay quick), a one-state-a-second typist for 20 s, and a burst of
 *  2000 states. Undefined (not run) when nobody chose it and that N is within the bound. */
function readStates(caseNs: number[], chosen: boolean): StatesSettings | undefined {
  const one = (name: string, fallback: number) => numbers(name, [fallback])[0] ?? fallback;
  const n = one("BENCH_STATES_N", caseNs.length ? Math.max(...caseNs) : 1000);
  if (n <= STATE_BOUND && !chosen && !process.env.BENCH_STATES_N) return undefined;
  if (n <= STATE_BOUND) {
    throw new Error(
      `case s needs a topic above the bound of ${STATE_BOUND} members (N=${n}): ` +
        `set BENCH_STATES_N, or leave s out of BENCH_CASES`,
    );
  }
  return {
    n,
    rate: Math.max(1, one("BENCH_STATES_RATE", 1)),
    seconds: Math.max(1, one("BENCH_STATES_SECONDS", 20)),
    burst: Math.max(1, one("BENCH_STATES_BURST", 2000)),
  };
}

/** Manifold's config for every benchmark run (bench/run.ts, bench/cluster.ts). */
export const MANIFOLD_CONFIG = `# Limits raised for the benchmark: one owner sends thousands of messages a minute to big lists.
lists:
  maxMembers: 100000
  maxTopicsPerOwner: 100000
  messagesPerMinute: 10000000
limits:
  stanzasPerSecondPerSender: 1000000
  senderBurst: 1000000
  topicMessagesPerMinute: 10000000
`;
