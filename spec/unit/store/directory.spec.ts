// The directory of stored public rooms (schema 2): what a service lists in disco#items without
// reading every stored room, kept in step with every write of a room record.
import assert from "node:assert/strict";
import type { Database } from "../../../src/store/db.js";
import { RoomStore } from "../../../src/store/rooms.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { roomRecord } from "../helpers/rooms.js";

describe("RoomStore directory of public rooms", () => {
  let db: Database;
  let store: RoomStore;
  beforeEach(async () => {
    db = await memoryDatabase();
    store = new RoomStore(db);
  });
  afterEach(() => db.close());

  const listed = async (domain: string) => {
    const out: [string, string][] = [];
    for await (const entry of store.directoryOf(domain)) out.push([entry.jid, entry.name]);
    return out;
  };

  it("lists the stored public rooms of one service, with their names, and no other", async () => {
    await store.putAll(roomRecord("tea@groups.x", { name: "Tea", public: true }), new Map());
    await store.putAll(roomRecord("hidden@groups.x", { name: "Hidden", public: false }), new Map());
    await store.putAll(roomRecord("news@lists.x", { name: "News", public: true }), new Map());
    await store.putAll(roomRecord("evil@groups.x.evil", { name: "Evil", public: true }), new Map());
    assert.deepEqual(await listed("groups.x"), [["tea@groups.x", "Tea"]]);
    assert.deepEqual(await listed("lists.x"), [["news@lists.x", "News"]]);
  });

  it("follows a change of name or of the public flag", async () => {
    await store.putAll(roomRecord("tea@groups.x", { name: "Tea", public: true }), new Map());
    await store.putRecord(roomRecord("tea@groups.x", { name: "Tea Room", public: true }));
    assert.deepEqual(await listed("groups.x"), [["tea@groups.x", "Tea Room"]]);
    await store.putRecord(roomRecord("tea@groups.x", { name: "Tea Room", public: false }));
    assert.deepEqual(await listed("groups.x"), []);
    await store.putRecord(roomRecord("tea@groups.x", { name: "Tea Room", public: true }));
    assert.deepEqual(await listed("groups.x"), [["tea@groups.x", "Tea Room"]]);
  });

  it("drops a room that is no longer stored or is destroyed", async () => {
    await store.putAll(roomRecord("a@groups.x", { name: "A", public: true }), new Map());
    await store.putAll(roomRecord("b@groups.x", { name: "B", public: true }), new Map());
    await store.markPurgeable("a@groups.x", true);
    await store.delete("b@groups.x");
    assert.deepEqual(await listed("groups.x"), []);
  });
});
