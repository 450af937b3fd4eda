// Archive retention under load (issue 19): `messages` archived messages, 60 days old, spread over
// group rooms, are written straight into a fresh LevelDB (the first through ArchiveStore.append,
// whose records the bulk writer is checked against). A Manifold on that store that keeps
// everything measures a topic's fan-out over several phases (baseline); then a Manifold with archive.expireAfter 30d
// sweeps them all while the same topic's fan-out runs phase after phase. Progress is read from
// manifold_archive_expired_total on its /metrics: messages swept per second, and the fan-out
// rate of the phases that ran wholly while it swept, against the baseline.
import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { writeFileSync } from "node:fs";
import type { RoomRecord } from "../src/muc/types.js";
import { loadConfig } from "../src/config/load.js";
import { defaultRoomConfig } from "../src/groups/defaults.js";
import { ArchiveStore, type ArchiveRecord } from "../src/store/archive.js";
import { Database, DURABLE, SEP, openLevel } from "../src/store/db.js";
import type { TestUser } from "../spec/helpers/users.js";
import { topicTarget } from "./cases/topic.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN } from "./domains.js";
import { ManifoldProcess } from "./manifold-process.js";
import { runPhase, type Phase, type Watched } from "./measure.js";
import { waitForDomains } from "./ready.js";
import type { Receiver } from "./receivers.js";
import type { Tally } from "./tally.js";

const ROOMS = 100;
const PER_BATCH = 5_000;
const DAY = 86_400_000;
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 200;
/** Phases of the baseline: enough that one slow phase on a noisy host does not decide the ratio. */
const BASELINE_PHASES = 8;

export const meanRate = (phases: readonly Phase[]): number =>
  phases.length ? phases.reduce((sum, p) => sum + p.rate, 0) / phases.length : NaN;
/** The sweep may take this long before the run gives up on it. */
const SWEEP_TIMEOUT_MS = 15 * 60_000;

export interface SweepResult {
  messages: number;
  rooms: number;
  writeSeconds: number;
  /** First removal seen to the last. */
  sweepSeconds: number;
  n: number;
  /** Fan-out phases on the store kept whole. */
  baseline: Phase[];
  /** Fan-out phases that began and ended while the sweep ran. */
  during: Phase[];
}

const roomJid = (i: number) => `sweep${i}@${GROUPS_DOMAIN}`;
const AUTHOR = "owner@localhost";

function roomRecord(jid: string, createdAt: number): RoomRecord {
  // As a room created on groups.* with the shipped defaults, named by its address.
  const groups = loadConfig({ env: { MANIFOLD_SECRET: "unused" } }).groups;
  const config = { ...defaultRoomConfig(groups), name: jid, persistent: true };
  return { v: 1, jid, kind: "group", config, subject: null, createdAt, locked: false };
}

function message(i: number, at: number): { record: ArchiveRecord; ref: string } {
  const ref = `c${i}`;
  const record: ArchiveRecord = {
    v: 1,
    id: `s${i}`,
    at,
    nick: "Owner",
    jid: AUTHOR,
    xml: `<message type="groupchat" id="${ref}" from="x/Owner"><body>archived message ${i}, sixty days old</body></message>`,
  };
  return { record, ref };
}

/** Writes the rooms and `count` messages; returns the seconds it took. */
export async function writeArchive(dataDir: string, count: number): Promise<number> {
  const began = performance.now();
  const db = new Database(openLevel(dataDir));
  await db.open();
  try {
    const start = Date.now() - 60 * DAY;
    const rooms = db.sub<RoomRecord>("rooms");
    const entries = db.sub<unknown>("archive");
    const byId = db.sub<string>("archiveId");
    const byRef = db.sub<string>("archiveRef");
    await db.level.batch(
      Array.from({ length: ROOMS }, (_, r) => ({
        type: "put",
        sublevel: rooms,
        key: roomJid(r),
        value: roomRecord(roomJid(r), start),
      })) as never,
    );
    // The first message as the store writes it, the model of the others.
    const first = message(0, start);
    const archive = new ArchiveStore(db);
    await archive.append(roomJid(0), first.record, [first.ref]);
    const [modelKey, model] = (await entries.iterator().all())[0] ?? [];
    if (JSON.stringify(model) !== JSON.stringify({ ...first.record, refs: [first.ref] }))
      throw new Error(
        `bench/sweep.ts no longer writes archive records as ArchiveStore does: ${JSON.stringify(model)}`,
      );
    const serialOf = (at: number, i: number) => String(at * 1000 + i).padStart(20, "0");
    if (modelKey !== roomJid(0) + SEP + serialOf(start, 0))
      throw new Error(`unexpected archive key ${modelKey}`);
    for (let from = 1; from < count; from += PER_BATCH) {
      const ops: unknown[] = [];
      for (let i = from; i < Math.min(count, from + PER_BATCH); i++) {
        const room = roomJid(i % ROOMS);
        const at = start + i; // a millisecond apart
        const { record, ref } = message(i, at);
        const key = serialOf(at, 0);
        ops.push(
          { type: "put", sublevel: entries, key: room + SEP + key, value: { ...record, refs: [ref] } },
          { type: "put", sublevel: byId, key: room + SEP + record.id, value: key },
          { type: "put", sublevel: byRef, key: room + SEP + AUTHOR + SEP + ref, value: record.id },
        );
      }
      await db.level.batch(ops as never, from + PER_BATCH >= count ? DURABLE : {});
    }
    const last = await archive.findBySender(roomJid((count - 1) % ROOMS), AUTHOR, `c${count - 1}`);
    if (last?.id !== `s${count - 1}`) throw new Error("the last archived message cannot be found by its id");
  } finally {
    await db.close();
  }
  return (performance.now() - began) / 1000;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function expiredSoFar(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = /^manifold_archive_expired_total (\d+)/m.exec(text);
  return line ? Number(line[1]) : 0;
}

export interface SweepRunDeps {
  cli: string;
  env: Record<string, string>;
  /** The run's Manifold configuration file (YAML), to which the sweep's settings are added. */
  config: string;
  dataDir: string;
  dir: string;
  owner: TestUser;
  receivers: readonly Receiver[];
  tally: Tally;
  n: number;
  messages: number;
  /** Messages per fan-out phase. */
  phaseMessages: number;
  watchedServer: Watched;
  say: (line: string) => void;
}

export async function sweepRun(deps: SweepRunDeps): Promise<SweepResult> {
  const { cli, env, dataDir, dir, owner, receivers, tally, n, say } = deps;
  say(`sweep: writing ${deps.messages.toLocaleString("en-US")} archived messages into ${ROOMS} rooms…`);
  const writeSeconds = await writeArchive(dataDir, deps.messages);
  say(`sweep: written in ${writeSeconds.toFixed(1)} s`);
  const room = `sweep${n}@${LISTS_DOMAIN}`;
  const start = async (expireAfter: string, label: string) => {
    const port = await freePort();
    const config = `${dir}/manifold-sweep-${label}.yaml`;
    // The run's configuration, and a sweep that starts a second after start-up.
    writeFileSync(config, `${deps.config}archive:\n  sweepIntervalMs: 1000\n`);
    const manifold = new ManifoldProcess(
      cli,
      {
        ...env,
        MANIFOLD_DATA: dataDir,
        MANIFOLD_CONFIG: config,
        MANIFOLD_HTTP_PORT: String(port),
        MANIFOLD_ARCHIVE_EXPIRE_AFTER: expireAfter,
      },
      `${dir}/manifold-sweep-${label}.log`,
    );
    await waitForDomains(owner, [GROUPS_DOMAIN, LISTS_DOMAIN], manifold, READY_TIMEOUT_MS);
    return { manifold, port };
  };

  // Baseline: the same store, kept whole.
  const keep = await start("never", "keep");
  const baseline: Phase[] = [];
  try {
    const target = await topicTarget(owner, receivers, n, room, "a");
    const watched = [{ label: "manifold", pid: keep.manifold.pid }, deps.watchedServer];
    await runPhase(target, tally, `sk${n}w`, Math.max(5, Math.ceil(deps.phaseMessages / 10)), watched);
    for (let round = 0; round < BASELINE_PHASES; round++)
      baseline.push(await runPhase(target, tally, `sk${n}r${round}`, deps.phaseMessages, watched));
  } finally {
    await keep.manifold.stop();
  }
  say(`sweep: baseline fan-out ${Math.round(meanRate(baseline))} deliveries/s`);

  const sweeping = await start("30d", "expire");
  try {
    const target = await topicTarget(owner, receivers, n, room, "a");
    const watched = [{ label: "manifold", pid: sweeping.manifold.pid }, deps.watchedServer];
    let firstAt: number | undefined;
    let doneAt: number | undefined;
    const began = performance.now();
    const poll = (async () => {
      while (doneAt === undefined && performance.now() - began < SWEEP_TIMEOUT_MS) {
        const removed = await expiredSoFar(sweeping.port);
        const now = performance.now();
        if (removed > 0) firstAt ??= now;
        if (removed >= deps.messages) doneAt = now;
        else await delay(POLL_MS);
      }
    })();
    const during: Phase[] = [];
    for (let round = 0; doneAt === undefined && performance.now() - began < SWEEP_TIMEOUT_MS; round++) {
      const phaseStart = performance.now();
      const phase = await runPhase(target, tally, `se${n}r${round}`, deps.phaseMessages, watched);
      if (firstAt !== undefined && firstAt <= phaseStart && doneAt === undefined) during.push(phase);
    }
    await poll;
    if (firstAt === undefined || doneAt === undefined)
      throw new Error(`the sweep did not finish within ${SWEEP_TIMEOUT_MS / 60_000} min`);
    const sweepSeconds = (doneAt - firstAt) / 1000;
    say(
      `sweep: ${deps.messages.toLocaleString("en-US")} messages in ${sweepSeconds.toFixed(1)} s; ${during.length} fan-out phases ran wholly during it`,
    );
    return { messages: deps.messages, rooms: ROOMS, writeSeconds, sweepSeconds, n, baseline, during };
  } finally {
    await sweeping.manifold.stop();
  }
}
