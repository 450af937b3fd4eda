// Case (s): a topic owner types (issue 5, item 8). The target: in a topic of 1000 members, above
// chatStates.maxRecipients, Manifold relays no chat state at all and spends under 1 % of a CPU on
// the state traffic. The owner types into three rooms in turn: that topic, a control topic of 50
// members (within the bound: each state must reach each member, or a count of 0 above the bound
// would only mean that nothing works), and Prosody's own MUC room of the same size, which relays
// everything. Per room, a typing phase (alternating composing/paused at a realistic rate; CPU over
// its wall time, against an idle window of the same length) and a burst (states back to back; CPU
// per state). Each phase ends with a body whose reflection to the owner and arrival at every
// receiver show that the states before it were all handled; then the receivers' count is read.
import { setTimeout as delay } from "node:timers/promises";
import type { TestUser } from "../spec/helpers/users.js";
import {
  STATE_BOUND,
  StateCounter,
  stateAt,
  statesMuc,
  statesTopic,
  type TypingRoom,
} from "./cases/states.js";
import type { Watched } from "./measure.js";
import { cpuMicros } from "./proc.js";
import type { Receiver } from "./receivers.js";
import type { StatesSettings } from "./settings.js";
import { bodyOf, type Tally } from "./tally.js";

/** After the end mark, trailing work is given this long before CPU is read (as in measure.ts). */
const SETTLE_MS = 100;
/** States sent before a room's phases, so that neither phase pays for first use (see warmUp). */
const WARM_UP_STATES = 10;
/** A room that relays each state to N receivers gets ceil(40,000 / N) states in its burst (as case
 *  b sends 40 messages at N=1000), not the full burst: 2000 states to 1000 occupants would take
 *  Prosody minutes and say nothing more per state. */
const BURST_DELIVERIES = 40_000;

export interface StatePhase {
  states: number;
  /** Chat-state messages counted at the receivers. */
  deliveries: number;
  /** Receivers whose own count differs from what the room should deliver (0 or every state). */
  wrongReceivers: number;
  /** The CPU window: the typing phase's length, or the burst's first send to the end mark's arrival. */
  seconds: number;
  /** CPU time in the window, µs, per watched label and "bench"; a burst's is net of its end mark. */
  cpu: Record<string, number>;
}

export interface StatesRow {
  kind: TypingRoom["kind"];
  jid: string;
  n: number;
  expectedPerState: number;
  typing: StatePhase;
  /** Not run when the typing phase already showed states going beyond the bound. */
  burst: StatePhase | undefined;
}

export interface StatesResult {
  settings: StatesSettings;
  bound: number;
  /** The same length as a typing phase, no traffic: what the processes use anyway. */
  idle: StatePhase;
  rows: StatesRow[];
  failures: string[];
  notes: string[];
}

export interface StatesOptions {
  settings: StatesSettings;
  owner: TestUser;
  /** At least settings.n receivers, connected. */
  receivers: readonly Receiver[];
  tally: Tally;
  watched: readonly Watched[];
  /** Case b's room at settings.n, when it was set up (its N receivers are in it). */
  mucRoom: string | undefined;
  say: (line: string) => void;
}

export async function statesRun(o: StatesOptions): Promise<StatesResult> {
  const { n } = o.settings;
  const rooms: TypingRoom[] = [];
  const counter = new StateCounter(o.receivers);
  try {
    for (const [what, setUp] of [
      [`topic of ${n}`, () => statesTopic(o.owner, o.receivers, n)],
      [`topic of ${STATE_BOUND}`, () => statesTopic(o.owner, o.receivers, STATE_BOUND)],
      [
        `MUC room of ${n}${o.mucRoom ? " (case b's)" : ""}`,
        () => statesMuc(o.owner, o.receivers, n, o.mucRoom),
      ],
    ] as const) {
      const began = performance.now();
      rooms.push(await setUp());
      o.say(`case s: ${what} set up in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    }
    const idle = await idlePhase(o.watched, o.settings.seconds);
    o.say(`case s: idle ${o.settings.seconds} s: ${percentages(idle)}`);
    const rows: StatesRow[] = [];
    for (const room of rooms) rows.push(await measureRoom(room, counter, o));
    return { settings: o.settings, bound: STATE_BOUND, idle, rows, ...verdicts(rows) };
  } finally {
    counter.stop();
    for (const room of rooms) {
      await room.release().catch((err: Error) => o.say(`case s: ${room.jid} not released: ${err.message}`));
    }
  }
}

async function measureRoom(room: TypingRoom, counter: StateCounter, o: StatesOptions): Promise<StatesRow> {
  const { rate, seconds, burst } = o.settings;
  const name = `s-${room.kind}${room.n}`;
  await warmUp(room, counter, o, `${name}w`);
  const typing = await typingPhase(room, counter, o, rate, seconds, `${name}t`);
  o.say(`case s, ${room.jid}: typing ${summary(typing)}, ${percentages(typing)}`);
  const relays = room.expectedPerState > 0;
  if (!relays && typing.deliveries > 0) {
    // The bound is not enforced: a burst would measure fan-out (case a does), for minutes.
    o.say(`case s, ${room.jid}: burst skipped (states went beyond the bound)`);
    return { ...describe(room), typing, burst: undefined };
  }
  const states = relays ? Math.min(burst, Math.ceil(BURST_DELIVERIES / room.expectedPerState)) : burst;
  const result = await burstPhase(room, counter, o, states, `${name}b`);
  o.say(`case s, ${room.jid}: burst ${summary(result)}, ${perState(result)}`);
  return { ...describe(room), typing, burst: result };
}

const describe = (room: TypingRoom) => ({
  kind: room.kind,
  jid: room.jid,
  n: room.n,
  expectedPerState: room.expectedPerState,
});

async function idlePhase(watched: readonly Watched[], seconds: number): Promise<StatePhase> {
  const before = cpuNow(watched);
  const start = performance.now();
  await delay(seconds * 1000);
  return {
    states: 0,
    deliveries: 0,
    wrongReceivers: 0,
    seconds: (performance.now() - start) / 1000,
    cpu: cpuSince(before, watched),
  };
}

/**
 * A few states and a body, not measured: the code that handles states runs for the first time
 * (compiled lazily), and the first body to each member makes Manifold record its nick as sent
 * (a write per member), which would otherwise fall into the typing phase's CPU.
 */
async function warmUp(room: TypingRoom, counter: StateCounter, o: StatesOptions, run: string): Promise<void> {
  for (let seq = 0; seq < WARM_UP_STATES; seq++) await room.type(stateAt(seq));
  await endMark(room, o.tally, run, WARM_UP_STATES);
  counter.reset();
}

/** `rate` states a second for `seconds`; CPU over exactly that window, then the end mark. */
async function typingPhase(
  room: TypingRoom,
  counter: StateCounter,
  o: StatesOptions,
  rate: number,
  seconds: number,
  run: string,
): Promise<StatePhase> {
  const states = rate * seconds;
  counter.reset();
  const before = cpuNow(o.watched);
  const start = performance.now();
  for (let seq = 0; seq < states; seq++) {
    await until(start + (seq * 1000) / rate);
    await room.type(stateAt(seq));
  }
  await until(start + seconds * 1000);
  const cpu = cpuSince(before, o.watched);
  const wall = (performance.now() - start) / 1000;
  await endMark(room, o.tally, run, states);
  return { ...counted(room, counter, states), seconds: wall, cpu };
}

/** `states` states back to back, then the end mark; CPU less that of an end mark sent alone. */
async function burstPhase(
  room: TypingRoom,
  counter: StateCounter,
  o: StatesOptions,
  states: number,
  run: string,
): Promise<StatePhase> {
  // The end mark is a message to N receivers: in a topic above the bound it costs Prosody more than
  // the whole burst, so its own cost is measured first, alone, and taken off.
  const markBefore = cpuNow(o.watched);
  await endMark(room, o.tally, `${run}m`, 0);
  await delay(SETTLE_MS);
  const markCpu = cpuSince(markBefore, o.watched);
  counter.reset();
  const before = cpuNow(o.watched);
  const start = performance.now();
  for (let seq = 0; seq < states; seq++) await room.type(stateAt(seq));
  await endMark(room, o.tally, run, states);
  const wall = (performance.now() - start) / 1000;
  await delay(SETTLE_MS);
  const cpu = cpuSince(before, o.watched);
  for (const label of Object.keys(cpu)) cpu[label]! -= markCpu[label]!;
  return { ...counted(room, counter, states), seconds: wall, cpu };
}

/**
 * A body after the states: the room's reflection to the owner shows that it handled every state
 * sent before, and its arrival at each receiver that every state it relayed has arrived too (one
 * path, in order). Timeout as measure.ts's, for the most the room could deliver.
 */
async function endMark(room: TypingRoom, tally: Tally, run: string, states: number): Promise<void> {
  const timeoutMs = 30_000 + ((states + 1) * room.n) / 2;
  const arrived = tally.expect(run, room.n, 1, timeoutMs);
  try {
    await room.mark(bodyOf(run, 0, performance.now()), timeoutMs);
    await arrived;
  } catch (err) {
    arrived.catch(() => undefined);
    throw new Error(`${room.jid}: the end mark of ${run}: ${(err as Error).message}`, { cause: err });
  }
}

/** The receivers' count: r1…rN should each have every state (or none, above the bound), others none. */
function counted(room: TypingRoom, counter: StateCounter, states: number) {
  const each = room.expectedPerState > 0 ? states : 0;
  let wrongReceivers = 0;
  counter.perReceiver.forEach((got, index) => {
    if (got !== (index < room.n ? each : 0)) wrongReceivers++;
  });
  return { states, deliveries: counter.total, wrongReceivers };
}

/** Failures: any state beyond the bound, or a control topic that does not relay each state once. */
function verdicts(rows: readonly StatesRow[]): { failures: string[]; notes: string[] } {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const row of rows) {
    for (const [phase, p] of [
      ["typing", row.typing],
      ["burst", row.burst],
    ] as const) {
      if (!p || p.wrongReceivers === 0) continue;
      const line =
        `case s, ${row.jid} (${row.n} receivers), ${phase}: ${p.deliveries} chat-state deliveries ` +
        `for ${p.states} states, expected ${p.states * row.expectedPerState}; ` +
        `${p.wrongReceivers} receivers got another count`;
      // Prosody's MUC is the comparison, not the subject: a surprise there is noted, not failed.
      (row.kind === "muc" ? notes : failures).push(line);
    }
  }
  return { failures, notes };
}

async function until(at: number): Promise<void> {
  const wait = at - performance.now();
  if (wait > 1) await delay(wait);
}

function cpuNow(watched: readonly Watched[]): Record<string, number> {
  const usage = process.cpuUsage();
  const now: Record<string, number> = { bench: usage.user + usage.system };
  for (const w of watched) now[w.label] = cpuMicros(w.pid);
  return now;
}

function cpuSince(before: Record<string, number>, watched: readonly Watched[]): Record<string, number> {
  const now = cpuNow(watched);
  return Object.fromEntries(Object.entries(now).map(([label, micros]) => [label, micros - before[label]!]));
}

/** CPU time over wall time, per cent of one core. */
export const cpuPercent = (p: StatePhase, label: string): number => p.cpu[label]! / (p.seconds * 1e4);
/** CPU time per state sent, µs. */
export const cpuPerState = (p: StatePhase, label: string): number => p.cpu[label]! / p.states;

const summary = (p: StatePhase) =>
  `${p.states} states → ${p.deliveries} deliveries in ${p.seconds.toFixed(2)} s`;
const percentages = (p: StatePhase) =>
  `CPU ${Object.keys(p.cpu)
    .map((label) => `${label} ${cpuPercent(p, label).toFixed(2)} %`)
    .join(", ")}`;
const perState = (p: StatePhase) =>
  `CPU per state ${Object.keys(p.cpu)
    .map((label) => `${label} ${cpuPerState(p, label).toFixed(1)} µs`)
    .join(", ")}`;
