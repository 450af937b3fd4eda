// FanoutSender: journaled topic copies, confirmed by server pings, resumed after a lost connection
// or a restart. The link here is a fake the spec drives: it records copies and holds each
// confirmation ping until the spec answers it or drops the connection.
import assert from "node:assert/strict";
import { pino } from "pino";
import { FanoutSender, WINDOW_CONFIRMATIONS, type Timers } from "../../../src/delivery/fanout.js";
import { FanoutJournal, type FanoutPart } from "../../../src/delivery/journal.js";
import { sequentialIds } from "../../../src/core/ids.js";
import { Metrics } from "../../../src/metrics/metrics.js";
import type { Database } from "../../../src/store/db.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { HeldPingLink, settle } from "../helpers/held-ping-link.js";

class FakeLink extends HeldPingLink {
  /** Every copy written, in order: "<address> <stanza id>". */
  readonly copies: string[] = [];

  write(data: string): boolean {
    const to = /to="([^"]*)"/.exec(data)?.[1];
    const id = /<message[^>]* id="([^"]*)"/.exec(data)?.[1];
    this.copies.push(`${to} ${id}`);
    return true;
  }
}

const members = (n: number, prefix = "m") => Array.from({ length: n }, (_, i) => `${prefix}${i}@localhost`);
const part = (id: string, to: string[]): FanoutPart => ({
  head: `<message type="chat" from="t@lists.localhost" id="${id}" to="`,
  tail: `"><body>hi</body></message>`,
  to,
});

/** Timers the spec runs by hand: `elapse()` ends every wait started so far. */
class HandTimers implements Timers {
  private waiting = new Map<number, () => void>();
  private next = 0;
  get count(): number {
    return this.waiting.size;
  }
  setTimeout(run: () => void): number {
    this.waiting.set(++this.next, run);
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.waiting.delete(handle as number);
  }
  elapse(): void {
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const run of due) run();
  }
}

function sender(db: Database, link: FakeLink, metrics = new Metrics(), sync?: HandTimers) {
  return new FanoutSender({
    link,
    journal: new FanoutJournal(db),
    serverDomain: "localhost",
    settings: { confirmEvery: 10, confirmTimeoutMs: 60_000, serverSyncMs: sync ? 2500 : 0 },
    ids: sequentialIds("p"),
    log: pino({ level: "silent" }),
    metrics,
    ...(sync ? { timers: sync } : {}),
  });
}

/** Holds every synced batch of the journal until release(); records each batch's size. */
function holdBatches(db: Database): { sizes: number[]; release(): void } {
  const level = db.level as unknown as { batch(ops: unknown[], options?: object): Promise<void> };
  const batch = level.batch.bind(level);
  const waiting: (() => void)[] = [];
  const sizes: number[] = [];
  level.batch = async (ops, options) => {
    if (!(options as { sync?: boolean } | undefined)?.sync) return batch(ops, options);
    sizes.push(ops.length);
    await new Promise<void>((resolve) => waiting.push(resolve));
    return batch(ops, options);
  };
  return { sizes, release: () => waiting.splice(0).forEach((go) => go()) };
}

async function journalSize(db: Database): Promise<number> {
  return (await db.sub("fanout").keys().all()).length;
}

describe("FanoutSender", () => {
  it("sends each copy once, pings the server every confirmEvery copies, and forgets the entry when confirmed", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(25))]);
    assert.equal(await journalSize(db), 1, "journaled before sending");
    await link.confirmAll();
    await fanout.idle();
    assert.deepEqual(
      link.copies,
      members(25).map((m) => `${m} m1`),
    );
    assert.equal(await journalSize(db), 0);
    assert.equal(fanout.pendingCopies, 0);
  });

  it("sends the copies before the journal's write is on disk, and says so only once it is", async () => {
    const db = await memoryDatabase();
    const held = holdBatches(db);
    const link = new FakeLink();
    const fanout = sender(db, link);
    let accepted = false;
    const accepting = fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(3))]).then(() => {
      accepted = true;
    });
    await settle();
    assert.equal(link.copies.length, 3, "the copies left while the write was on its way");
    assert.equal(accepted, false, "the owner is not told before the entry is on disk");
    held.release();
    await accepting;
    assert.equal(await journalSize(db), 1);
    await link.confirmAll();
    await fanout.idle();
    assert.equal(await journalSize(db), 0);
  });

  it("group-commits: messages accepted during one synced write share the next one", async () => {
    const db = await memoryDatabase();
    const held = holdBatches(db);
    const fanout = sender(db, new FakeLink());
    const accepting = [1, 2, 3].map((n) =>
      fanout.accept("t@lists.localhost", `m${n}`, n, [part(`m${n}`, members(2))]),
    );
    await settle();
    assert.deepEqual(held.sizes, [1], "the first goes at once, alone");
    held.release();
    await settle();
    assert.deepEqual(held.sizes, [1, 2], "the two that came meanwhile go together");
    held.release();
    await Promise.all(accepting);
    assert.equal(await journalSize(db), 3);
  });

  it("sends a message's copies at once, while the last one's confirmation is still unanswered", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(3))]);
    await settle();
    assert.equal(link.pings.length, 1, "m1's confirmation waits for its answer");
    await fanout.accept("t@lists.localhost", "m2", 2, [part("m2", members(3))]);
    await settle();
    assert.deepEqual(
      link.copies.slice(3),
      members(3).map((m) => `${m} m2`),
      "m2's copies did not wait for it",
    );
    await link.confirmAll();
    await fanout.idle();
    assert.equal(await journalSize(db), 0);
  });

  it("writes the copies of later messages after those of earlier ones", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(15))]);
    await fanout.accept("t@lists.localhost", "m2", 2, [part("m2", members(15))]);
    await link.confirmAll();
    await fanout.idle();
    for (const m of members(15)) {
      const mine = link.copies.filter((c) => c.startsWith(`${m} `));
      assert.deepEqual(mine, [`${m} m1`, `${m} m2`]);
    }
  });

  it("after a lost connection sends again from the last confirmed copy, and counts the repeats", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const metrics = new Metrics();
    const fanout = sender(db, link, metrics);
    await fanout.accept("t@lists.localhost", "m1", 1, [
      part("m1", members(10)),
      part("m1", members(20, "n")),
    ]);
    await settle();
    link.pings.shift()!.answer(true); // the first 10 are confirmed
    await settle();
    link.drop(); // the other two chunks' pings die with the socket
    await settle();
    assert.equal(link.copies.length, 30);
    link.reconnect();
    await link.confirmAll();
    await fanout.idle();
    const resent = link.copies.slice(30);
    assert.deepEqual(
      resent,
      members(20, "n").map((m) => `${m} m1`),
      "only the unconfirmed copies",
    );
    assert.equal(await metrics.count("manifold_fanout_repeated_copies_total"), 20);
    assert.equal(await metrics.count("manifold_fanout_resumed_total", { reason: "reconnect" }), 1);
    assert.equal(await journalSize(db), 0);
  });

  it("resumes at start what the last run left unconfirmed, with the same stanza", async () => {
    const db = await memoryDatabase();
    const first = new FakeLink();
    const before = sender(db, first);
    await before.accept("t@lists.localhost", "m1", 1, [part("m1", members(30))]);
    await settle();
    first.pings.shift()!.answer(true); // 10 confirmed, then the process "dies"
    await settle();
    before.stop();

    const second = new FakeLink();
    const metrics = new Metrics();
    const after = sender(db, second, metrics);
    await after.resume();
    await second.confirmAll();
    await after.idle();
    assert.deepEqual(
      second.copies,
      members(30)
        .slice(10)
        .map((m) => `${m} m1`),
    );
    assert.equal(await metrics.count("manifold_fanout_resumed_total", { reason: "restart" }), 1);
    assert.equal(await journalSize(db), 0);
  });

  it("moves the confirmed mark in a record of its own, leaving the entry as written", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(30))]);
    await settle();
    const [key] = await db.sub("fanout").keys().all();
    const written = JSON.stringify(await db.sub("fanout").get(key!));
    link.pings.shift()!.answer(true);
    await settle();
    assert.deepEqual(await db.sub("fanoutMark").get(key!), { v: 1, done: 10 });
    assert.equal(JSON.stringify(await db.sub("fanout").get(key!)), written, "the entry is not rewritten");
    await link.confirmAll();
    await fanout.idle();
    assert.equal(await journalSize(db), 0);
    assert.deepEqual(await db.sub("fanoutMark").keys().all(), [], "the mark goes with its entry");
  });

  it("removes an entry only after its last mark is written, so no mark outlives its entry", async () => {
    const db = await memoryDatabase();
    // LevelDB's threads may finish writes out of order: here every mark is slow to land.
    const level = db.level as unknown as { _put(...args: unknown[]): unknown };
    const put = level._put.bind(level);
    level._put = (...args: unknown[]) => {
      if (!String(args[0]).includes("fanoutMark")) return put(...args);
      return new Promise((resolve) => setImmediate(resolve)).then(() => put(...args));
    };
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(20))]);
    await settle();
    for (const ping of link.pings.splice(0)) ping.answer(true);
    await fanout.idle();
    assert.equal(await journalSize(db), 0);
    assert.deepEqual(await db.sub("fanoutMark").keys().all(), [], "no mark left behind");
  });

  it("resumes from a mark kept inside the entry, as stores written before issue 18 have it", async () => {
    const db = await memoryDatabase();
    const copy = part("m1", members(5));
    const key = "1".padStart(20, "0");
    await db.sub("fanout").put(key, {
      v: 1,
      domain: "lists.localhost",
      room: "t@lists.localhost",
      id: "m1",
      at: 1,
      parts: [copy],
      done: 3,
    });
    const link = new FakeLink();
    const fanout = sender(db, link);
    await fanout.resume();
    await link.confirmAll();
    await fanout.idle();
    assert.deepEqual(
      link.copies,
      members(5)
        .slice(3)
        .map((m) => `${m} m1`),
    );
  });

  it("keeps at most a window of copies unanswered: the rest of a burst waits in the journal", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    const fanout = sender(db, link);
    const window = WINDOW_CONFIRMATIONS * 10; // confirmEvery is 10 here
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(window + 50))]);
    await settle();
    assert.equal(link.copies.length, window, "a window's worth of copies left");
    assert.equal(link.pings.length, WINDOW_CONFIRMATIONS);
    link.pings.shift()!.answer(true);
    await settle();
    assert.equal(link.copies.length, window + 10, "each answer lets the next chunk go");
    await link.confirmAll();
    await fanout.idle();
    assert.deepEqual(
      link.copies,
      members(window + 50).map((m) => `${m} m1`),
      "each copy once, in order",
    );
    assert.equal(await journalSize(db), 0);
  });

  it("confirms small fan-outs together: one ping for up to confirmEvery copies", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    link.online = false;
    const fanout = sender(db, link);
    for (const id of ["m1", "m2", "m3", "m4", "m5", "m6"]) {
      await fanout.accept("t@lists.localhost", id, 1, [part(id, members(3))]);
    }
    link.reconnect();
    await settle();
    assert.equal(link.copies.length, 18);
    assert.equal(link.pings.length, 2, "18 copies, confirmEvery 10: two pings");
    await link.confirmAll();
    await fanout.idle();
    assert.equal(await journalSize(db), 0);
  });

  it("waits while the connection is down and sends once it is back", async () => {
    const db = await memoryDatabase();
    const link = new FakeLink();
    link.online = false;
    const fanout = sender(db, link);
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(5))]);
    await settle();
    assert.equal(link.copies.length, 0);
    assert.equal(fanout.pendingCopies, 5);
    link.reconnect();
    await link.confirmAll();
    await fanout.idle();
    assert.equal(link.copies.length, 5);
  });

  describe("with delivery.serverSyncMs (ejabberd writes after it answers)", () => {
    const syncedSender = async () => {
      const db = await memoryDatabase();
      const link = new FakeLink();
      const sync = new HandTimers();
      return { db, link, sync, fanout: sender(db, link, new Metrics(), sync) };
    };

    it("sends the next message at once, holding back only the journal's mark", async () => {
      const { db, link, sync, fanout } = await syncedSender();
      await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(3))]);
      await link.confirmAll();
      assert.equal(sync.count, 1, "the first message's confirmation waits out the sync time");
      await fanout.accept("t@lists.localhost", "m2", 2, [part("m2", members(3))]);
      await link.confirmAll();
      assert.deepEqual(
        link.copies,
        [...members(3).map((m) => `${m} m1`), ...members(3).map((m) => `${m} m2`)],
        "m2 went out while m1's mark waited, and m1 was not sent again",
      );
      assert.equal(await journalSize(db), 2, "neither mark has moved yet");
      sync.elapse();
      await fanout.idle();
      assert.equal(await journalSize(db), 0);
      assert.equal(link.copies.length, 6);
    });

    it("sends the copies again when the connection is lost before the sync time is over", async () => {
      const { db, link, sync, fanout } = await syncedSender();
      await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members(3))]);
      await link.confirmAll();
      link.drop();
      link.reconnect();
      sync.elapse();
      await link.confirmAll();
      sync.elapse();
      await fanout.idle();
      assert.deepEqual(
        link.copies,
        [...members(3), ...members(3)].map((m) => `${m} m1`),
      );
      assert.equal(await journalSize(db), 0);
    });
  });
});
