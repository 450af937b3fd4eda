// Start-up with many stored topics: writes `count` persistent topics of 10 members each straight
// into a fresh LevelDB (the first through RoomStore.putAll with the topic index, whose keys and
// values the bulk writer is checked against; the rest in large unsynced batches, then one synced
// write), then measures Manifold's time from spawn to both component domains answering disco#info,
// and its RSS.
import { rmSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { loadConfig } from "../src/config/load.js";
import type { AffiliationRecord, RoomRecord } from "../src/muc/types.js";
import { Database, DURABLE, SEP, openLevel, type AnyLevel } from "../src/store/db.js";
import { RoomStore } from "../src/store/rooms.js";
import { TopicStore } from "../src/topics/store.js";
import { defaultTopicConfig } from "../src/topics/defaults.js";
import type { TestUser } from "../spec/helpers/users.js";
import { ManifoldProcess } from "./manifold-process.js";
import { LISTS_DOMAIN } from "./domains.js";
import { memory } from "./proc.js";
import { waitForDomains } from "./ready.js";

const MEMBERS = 10;
const TOPICS_PER_OWNER = 100;
const TOPICS_PER_BATCH = 2_000;
const READY_TIMEOUT_MS = 60_000;
/** RSS is read when both domains answer, and again after this long (lazy work after start). */
const RSS_SETTLE_MS = 2_000;

interface Topic {
  record: RoomRecord;
  affiliations: Map<string, AffiliationRecord>;
}

const owner = (i: number) => `owner${Math.floor(i / TOPICS_PER_OWNER)}@localhost`;

function makeTopics(count: number): (i: number, jid?: string) => Topic {
  const lists = loadConfig({ env: { MANIFOLD_SECRET: "unused" } }).lists;
  const config = { ...defaultTopicConfig(lists), persistent: true };
  const createdAt = Date.now();
  const memberPool = Math.max(MEMBERS * 2, Math.ceil(count / 5));
  return (i, jid = `t${i}@${LISTS_DOMAIN}`) => {
    const affiliations = new Map<string, AffiliationRecord>([
      [owner(i), { v: 1, affiliation: "owner", kind: "user" }],
    ]);
    for (let j = 0; j < MEMBERS; j++) {
      const nick = `m${(i * 7 + j * 1009) % memberPool}`;
      affiliations.set(`${nick}@localhost`, { v: 1, affiliation: "member", kind: "user", nick });
    }
    const record: RoomRecord = {
      v: 1,
      jid,
      kind: "topic",
      config: { ...config, name: `Topic ${i}` },
      subject: null,
      createdAt,
      locked: false,
      owner: owner(i),
    };
    return { record, affiliations };
  };
}

function bulkOps(db: Database, { record, affiliations }: Topic): unknown[] {
  const rooms = db.sub<RoomRecord>("rooms");
  const aff = db.sub<AffiliationRecord>("aff");
  const owned = db.sub<{ v: 1 }>("owned");
  return [
    { type: "put", sublevel: rooms, key: record.jid, value: record },
    ...[...affiliations].map(([jid, value]) => ({
      type: "put",
      sublevel: aff,
      key: record.jid + SEP + jid,
      value,
    })),
    { type: "put", sublevel: owned, key: record.owner + SEP + record.jid, value: { v: 1 } },
  ];
}

/** Every key and value in the database, as text. */
async function dump(level: AnyLevel): Promise<Map<string, string>> {
  const entries = await level.iterator({ valueEncoding: "utf8" } as object).all();
  return new Map(entries.map(([k, v]) => [String(k), String(v)]));
}

/** Throws if the bulk writer no longer writes what RoomStore.putAll writes (checked in a scratch DB). */
async function checkBulkWriter(scratchDir: string, topic: (i: number, jid?: string) => Topic): Promise<void> {
  const db = new Database(openLevel(scratchDir));
  await db.open();
  try {
    const before = await dump(db.level);
    const reference = topic(0, `probe@${LISTS_DOMAIN}`);
    // As the topic service runs it: with its index of owners' topics (topics/store.ts).
    const store = new RoomStore(db);
    store.addIndex(new TopicStore(db));
    await store.putAll(reference.record, reference.affiliations);
    const byStore = await dump(db.level);
    await db.level.batch(bulkOps(db, topic(0, `bulk@${LISTS_DOMAIN}`)) as never);
    const byBench = await dump(db.level);
    const entry = ([k, v]: [string, string]) => `${k} = ${v}`;
    const expected = [...byStore]
      .filter(([k]) => !before.has(k))
      .map((e) => entry(e).replaceAll("probe@", "bulk@"));
    const got = [...byBench].filter(([k]) => !byStore.has(k)).map(entry);
    if (expected.sort().join("\n") !== got.sort().join("\n")) {
      throw new Error(
        `bench/startup.ts no longer writes topics as RoomStore.putAll does:\nputAll:\n${expected.join("\n")}\nbench:\n${got.join("\n")}`,
      );
    }
  } finally {
    await db.close();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

/** Writes `count` topics into a fresh database at `dataDir`; returns the seconds it took. */
export async function writeTopics(dataDir: string, count: number): Promise<number> {
  const began = performance.now();
  const topic = makeTopics(count);
  await checkBulkWriter(`${dataDir}-check`, topic);
  const db = new Database(openLevel(dataDir));
  await db.open();
  try {
    for (let start = 0; start < count; start += TOPICS_PER_BATCH) {
      const ops: unknown[] = [];
      const end = Math.min(count, start + TOPICS_PER_BATCH);
      for (let i = start; i < end; i++) ops.push(...bulkOps(db, topic(i)));
      await db.level.batch(ops as never, end === count ? DURABLE : {});
    }
    const check = await new RoomStore(db).get(`t${count - 1}@${LISTS_DOMAIN}`);
    if (check?.affiliations.size !== MEMBERS + 1)
      throw new Error("the last topic written cannot be read back");
  } finally {
    await db.close();
  }
  return (performance.now() - began) / 1000;
}

export interface StartupResult {
  topics: number;
  writeSeconds: number;
  /** Spawn to the last domain answering disco#info. */
  readyMs: number;
  rssAtReady: number;
  rssSettled: number;
}

/** Spawns Manifold on `env` (its data dir holding the topics) and times it until it serves `domains`. */
export async function measureStartup(
  cli: string,
  env: Record<string, string>,
  prober: TestUser,
  domains: readonly string[],
  logPath: string,
): Promise<Omit<StartupResult, "topics" | "writeSeconds">> {
  const manifold = new ManifoldProcess(cli, env, logPath);
  try {
    const readyAt = await waitForDomains(prober, domains, manifold, READY_TIMEOUT_MS);
    const rssAtReady = memory(manifold.pid).rss;
    await delay(RSS_SETTLE_MS);
    return { readyMs: readyAt - manifold.spawnedAt, rssAtReady, rssSettled: memory(manifold.pid).rss };
  } finally {
    await manifold.stop();
  }
}
