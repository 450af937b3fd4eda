// ArchiveStore: per-room message archive for join history and XEP-0313 paging (memory-level).
import assert from "node:assert/strict";
import fc from "fast-check";
import type { ArchiveRecord } from "../../../src/store/archive.js";
import { ArchiveStore, UnknownArchiveId, type ArchiveQuery } from "../../../src/store/archive.js";
import type { Database } from "../../../src/store/db.js";
import { memoryDatabase } from "../helpers/memory-db.js";

const ROOM = "room@groups.example.org";
const T0 = Date.parse("2024-05-01T12:00:00Z");

function record(id: string, at: number): ArchiveRecord {
  return {
    v: 1,
    id,
    at,
    nick: "Nick",
    jid: "alice@example.org",
    xml: `<message id="${id}"><body>${id}</body></message>`,
  };
}

const ids = (items: ArchiveRecord[]) => items.map((r) => r.id);

describe("ArchiveStore", () => {
  let db: Database;
  let archive: ArchiveStore;

  beforeEach(async () => {
    db = await memoryDatabase();
    archive = new ArchiveStore(db);
  });
  afterEach(() => db.close());

  /** Appends m1..mN to ROOM, one second apart starting at T0. */
  async function fill(count: number, room = ROOM): Promise<void> {
    for (let i = 1; i <= count; i++) await archive.append(room, record(`m${i}`, T0 + i * 1000));
  }

  const page = async (q: ArchiveQuery) => {
    const { items, complete } = await archive.query(ROOM, q);
    return { ids: ids(items), complete };
  };

  describe("latest", () => {
    it("returns the newest entries, oldest first, and the records as stored", async () => {
      await fill(5);
      const items = await archive.latest(ROOM, 3);
      assert.deepEqual(ids(items), ["m3", "m4", "m5"]);
      assert.deepEqual(items[0], record("m3", T0 + 3000));
    });

    it("returns everything when fewer entries than asked exist, and nothing for max 0", async () => {
      await fill(2);
      assert.deepEqual(ids(await archive.latest(ROOM, 10)), ["m1", "m2"]);
      assert.deepEqual(await archive.latest(ROOM, 0), []);
    });

    it("returns only entries at or after since", async () => {
      await fill(5);
      assert.deepEqual(ids(await archive.latest(ROOM, 10, T0 + 4000)), ["m4", "m5"]);
    });

    it("returns nothing for a room without entries", async () => {
      await fill(2);
      assert.deepEqual(await archive.latest("other@groups.example.org", 10), []);
    });
  });

  describe("query", () => {
    it("pages forwards with afterId until complete", async () => {
      await fill(5);
      assert.deepEqual(await page({ max: 2 }), { ids: ["m1", "m2"], complete: false });
      assert.deepEqual(await page({ max: 2, afterId: "m2" }), { ids: ["m3", "m4"], complete: false });
      assert.deepEqual(await page({ max: 2, afterId: "m4" }), { ids: ["m5"], complete: true });
    });

    it("marks a page that ends exactly at the last entry complete", async () => {
      await fill(4);
      assert.deepEqual(await page({ max: 2, afterId: "m2" }), { ids: ["m3", "m4"], complete: true });
    });

    it("gives the last page, oldest first, for fromEnd", async () => {
      await fill(5);
      assert.deepEqual(await page({ max: 2, fromEnd: true, beforeId: "" }), {
        ids: ["m4", "m5"],
        complete: false,
      });
      assert.deepEqual(await page({ max: 10, fromEnd: true }), {
        ids: ["m1", "m2", "m3", "m4", "m5"],
        complete: true,
      });
    });

    it("pages backwards with beforeId until complete", async () => {
      await fill(5);
      assert.deepEqual(await page({ max: 2, beforeId: "m4" }), { ids: ["m2", "m3"], complete: false });
      assert.deepEqual(await page({ max: 2, beforeId: "m2" }), { ids: ["m1"], complete: true });
    });

    it("keeps only entries between start and end, both inclusive", async () => {
      await fill(6);
      assert.deepEqual(await page({ max: 10, start: T0 + 2000, end: T0 + 4000 }), {
        ids: ["m2", "m3", "m4"],
        complete: true,
      });
      assert.deepEqual(await page({ max: 10, start: T0 + 5000 }), { ids: ["m5", "m6"], complete: true });
      assert.deepEqual(await page({ max: 10, end: T0 + 1000 }), { ids: ["m1"], complete: true });
    });

    it("combines a start filter with paging", async () => {
      await fill(6);
      assert.deepEqual(await page({ max: 2, start: T0 + 2000, afterId: "m3" }), {
        ids: ["m4", "m5"],
        complete: false,
      });
      assert.deepEqual(await page({ max: 2, start: T0 + 4000, afterId: "m1" }), {
        ids: ["m4", "m5"],
        complete: false,
      });
      assert.deepEqual(await page({ max: 2, end: T0 + 5000, beforeId: "m6" }), {
        ids: ["m4", "m5"],
        complete: false,
      });
    });

    it("throws UnknownArchiveId naming an id it does not know", async () => {
      await fill(2);
      await assert.rejects(archive.query(ROOM, { max: 2, afterId: "nope" }), (err: unknown) => {
        assert.ok(err instanceof UnknownArchiveId);
        assert.equal(err.id, "nope");
        return true;
      });
      await assert.rejects(archive.query(ROOM, { max: 2, beforeId: "nope" }), UnknownArchiveId);
    });

    it("does not accept an id from another room", async () => {
      await fill(2, "other@groups.example.org");
      await fill(2);
      await archive.append("other@groups.example.org", record("elsewhere", T0));
      await assert.rejects(archive.query(ROOM, { max: 2, afterId: "elsewhere" }), UnknownArchiveId);
    });
  });

  it("keeps insertion order for entries stamped with the same millisecond", async () => {
    for (const id of ["a", "b", "c", "d"]) await archive.append(ROOM, record(id, T0));
    assert.deepEqual(ids(await archive.latest(ROOM, 10)), ["a", "b", "c", "d"]);
    assert.deepEqual(await page({ max: 2, afterId: "b" }), { ids: ["c", "d"], complete: true });
  });

  it("keeps every entry when a reopened archive appends in the millisecond of the last stored one", async () => {
    await archive.append(ROOM, record("before-restart", T0));
    const reopened = new ArchiveStore(db);
    await reopened.append(ROOM, record("after-restart", T0));
    assert.deepEqual(ids(await reopened.latest(ROOM, 10)), ["before-restart", "after-restart"]);
  });

  it("deleteRoom removes that room's entries and ids only, even for a room sharing its prefix", async () => {
    const sibling = "room2@groups.example.org";
    await fill(3);
    await fill(3, sibling);
    await archive.append("roo@groups.example.org", record("short", T0));
    await archive.deleteRoom(ROOM);
    assert.deepEqual(await archive.latest(ROOM, 10), []);
    await assert.rejects(archive.query(ROOM, { max: 2, afterId: "m1" }), UnknownArchiveId);
    assert.deepEqual(ids(await archive.latest(sibling, 10)), ["m1", "m2", "m3"]);
    assert.deepEqual(ids((await archive.query(sibling, { max: 5, afterId: "m1" })).items), ["m2", "m3"]);
    assert.deepEqual(ids(await archive.latest("roo@groups.example.org", 10)), ["short"]);
  });

  describe("finding a message by its author's own id", () => {
    it("finds it by each id its author's client gave it, and by its stanza-id", async () => {
      await archive.append(ROOM, record("s1", T0), ["own-1", "origin-1"]);
      for (const id of ["own-1", "origin-1", "s1"])
        assert.equal((await archive.findBySender(ROOM, "alice@example.org", id))?.id, "s1", id);
    });

    it("finds nothing for another author, another room, or after the room is deleted", async () => {
      await archive.append(ROOM, record("s1", T0), ["own-1"]);
      assert.equal(await archive.findBySender(ROOM, "bob@example.org", "own-1"), undefined);
      assert.equal(await archive.findBySender(ROOM, "bob@example.org", "s1"), undefined);
      assert.equal(
        await archive.findBySender("other@groups.example.org", "alice@example.org", "own-1"),
        undefined,
      );
      await archive.deleteRoom(ROOM);
      await archive.append(ROOM, record("s2", T0 + 1000));
      assert.equal(await archive.findBySender(ROOM, "alice@example.org", "own-1"), undefined);
    });

    it("rewrites a message in place, keeping its order and its ids", async () => {
      await fill(3);
      await archive.append(ROOM, record("s9", T0 + 9000), ["own-9"]);
      const corrected = { ...record("m2", T0 + 2000), xml: '<message id="m2"><body>fixed</body></message>' };
      await archive.update(ROOM, corrected);
      assert.deepEqual(ids(await archive.latest(ROOM, 10)), ["m1", "m2", "m3", "s9"]);
      assert.equal((await archive.get(ROOM, "m2"))?.xml, corrected.xml);
      await assert.rejects(archive.update(ROOM, record("nope", T0)), UnknownArchiveId);
    });
  });

  describe("expiry", () => {
    /** Every key the archive's three sublevels hold, per sublevel. */
    const keys = async () => ({
      archive: await db.sub("archive").keys().all(),
      archiveId: await db.sub("archiveId").keys().all(),
      archiveRef: await db.sub("archiveRef").keys().all(),
    });

    it("removes the messages before the cut-off with their stanza-ids and author ids, in batches", async () => {
      for (let i = 1; i <= 7; i++) await archive.append(ROOM, record(`m${i}`, T0 + i * 1000), [`own-${i}`]);
      const cutoff = T0 + 6000; // m1..m5 are older
      assert.deepEqual(await archive.expire(ROOM, cutoff, 2), { removed: 2, more: true });
      assert.deepEqual(await archive.expire(ROOM, cutoff, 2), { removed: 2, more: true });
      assert.deepEqual(await archive.expire(ROOM, cutoff, 2), { removed: 1, more: false });
      assert.deepEqual(await archive.expire(ROOM, cutoff, 2), { removed: 0, more: false });
      assert.deepEqual(ids(await archive.latest(ROOM, 10)), ["m6", "m7"]);
      const left = await keys();
      assert.equal(left.archive.length, 2);
      assert.deepEqual(
        left.archiveId.map((k) => k.split("\u0000")[1]),
        ["m6", "m7"],
      );
      assert.deepEqual(
        left.archiveRef.map((k) => k.split("\u0000")[2]),
        ["own-6", "own-7"],
      );
      assert.equal(await archive.findBySender(ROOM, "alice@example.org", "own-3"), undefined);
      await assert.rejects(archive.query(ROOM, { max: 5, afterId: "m3" }), UnknownArchiveId);
    });

    it("touches no other room, even one whose name shares the prefix", async () => {
      await fill(3);
      await fill(3, "room2@groups.example.org");
      await archive.expire(ROOM, T0 + 10_000, 100);
      assert.deepEqual(await archive.latest(ROOM, 10), []);
      assert.deepEqual(ids(await archive.latest("room2@groups.example.org", 10)), ["m1", "m2", "m3"]);
    });

    it("removes the author ids of a message stored without its list of them (the slow path)", async () => {
      await archive.append(ROOM, record("m1", T0 + 1000), ["own-1"]);
      await archive.append(ROOM, record("m2", T0 + 2000), ["own-2"]);
      // As a store written before schema 4 would hold it, had its migration not run.
      const entries = db.sub<Record<string, unknown>>("archive");
      for await (const [key, value] of entries.iterator()) {
        const { refs: _refs, ...old } = value;
        await entries.put(key, old);
      }
      await archive.expire(ROOM, T0 + 1500, 10);
      assert.deepEqual(
        (await keys()).archiveRef.map((k) => k.split("\u0000")[2]),
        ["own-2"],
      );
    });

    it("hides a message older than notBefore from get and findBySender before it is removed", async () => {
      await archive.append(ROOM, record("m1", T0 + 1000), ["own-1"]);
      assert.equal((await archive.get(ROOM, "m1", T0 + 1000))?.id, "m1");
      assert.equal(await archive.get(ROOM, "m1", T0 + 1001), undefined);
      assert.equal(await archive.findBySender(ROOM, "alice@example.org", "own-1", T0 + 1001), undefined);
    });

    it("does not bring a removed message back when a correction of it was on its way", async () => {
      await fill(2);
      const corrected = { ...record("m1", T0 + 1000), xml: '<message id="m1"><body>fixed</body></message>' };
      const expiring = archive.expire(ROOM, T0 + 1500, 10);
      await assert.rejects(archive.update(ROOM, corrected), UnknownArchiveId);
      await expiring;
      assert.deepEqual(ids(await archive.latest(ROOM, 10)), ["m2"]);
    });

    it("keeps a message's author ids through a correction, so that its expiry removes them", async () => {
      await archive.append(ROOM, record("m1", T0 + 1000), ["own-1"]);
      await archive.update(ROOM, {
        ...record("m1", T0 + 1000),
        xml: "<message><body>fixed</body></message>",
      });
      await archive.expire(ROOM, T0 + 2000, 10);
      assert.deepEqual(await keys(), { archive: [], archiveId: [], archiveRef: [] });
    });

    it("keeps recipients' reports with a message, only moving forward, and removes them with it", async () => {
      await fill(2);
      await archive.report(ROOM, "m1", "bob@example.org", { read: T0 + 5000 });
      await archive.report(ROOM, "m1", "bob@example.org", { delivered: T0 + 9000 });
      await archive.report(ROOM, "m2", "carol@example.org", { bounced: "service-unavailable" });
      await archive.report(ROOM, "gone", "dan@example.org", { delivered: T0 });
      assert.deepEqual(
        [...(await archive.reportsOf(ROOM, "m1"))],
        [["bob@example.org", { v: 1, read: T0 + 5000, delivered: T0 + 5000 }]],
      );
      await archive.expire(ROOM, T0 + 1500, 10);
      assert.deepEqual([...(await archive.reportsOf(ROOM, "m1"))], []);
      assert.equal((await db.sub("archiveReport").keys().all()).length, 1, "only m2's report is left");
      assert.equal(
        (await archive.reportsOf(ROOM, "m2")).get("carol@example.org")?.bounced,
        "service-unavailable",
      );
      await archive.deleteRoom(ROOM);
      assert.deepEqual(await db.sub("archiveReport").keys().all(), []);
    });

    it("lists every room with archived messages, once each", async () => {
      await fill(2, "b@groups.example.org");
      await fill(1, "a@groups.example.org");
      await fill(3, "a2@groups.example.org");
      const rooms: string[] = [];
      for await (const room of archive.rooms()) rooms.push(room);
      assert.deepEqual(rooms, ["a2@groups.example.org", "a@groups.example.org", "b@groups.example.org"]);
    });
  });

  it("visits every entry exactly once, in order, when paging forwards with any page size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        async (offsets, max) => {
          const fresh = await memoryDatabase();
          try {
            const store = new ArchiveStore(fresh);
            const appended = offsets.map((offset, i) => record(`e${i}`, T0 + offset));
            for (const r of appended) await store.append(ROOM, r);
            const seen: string[] = [];
            let afterId: string | undefined;
            for (let pages = 0; pages <= appended.length + 1; pages++) {
              const { items, complete } = await store.query(ROOM, { max, ...(afterId ? { afterId } : {}) });
              assert.ok(items.length <= max);
              seen.push(...ids(items));
              afterId = items.at(-1)?.id ?? afterId;
              if (complete) break;
            }
            assert.deepEqual(seen, ids(appended));
          } finally {
            await fresh.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
