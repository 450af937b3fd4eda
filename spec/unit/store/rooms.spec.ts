// RoomStore: persistent rooms and their member lists in one LevelDB (memory-level).
import assert from "node:assert/strict";
import type { AffiliationRecord } from "../../../src/muc/types.js";
import type { Database } from "../../../src/store/db.js";
import { RoomStore } from "../../../src/store/rooms.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { member, roomRecord } from "../helpers/rooms.js";

const members = (entries: Record<string, AffiliationRecord>) => new Map(Object.entries(entries));

describe("RoomStore", () => {
  let db: Database;
  let store: RoomStore;

  beforeEach(async () => {
    db = await memoryDatabase();
    store = new RoomStore(db);
  });
  afterEach(() => db.close());

  it("gives back a room and its member list as they were written", async () => {
    const record = roomRecord("lobby@groups.example.org", { name: "Lobby", persistent: true });
    const list = members({
      "alice@example.org": member("owner", "Alice"),
      "eve@example.org": member("outcast"),
    });
    await store.putAll(record, list);
    const loaded = await store.get("lobby@groups.example.org");
    assert.deepEqual(loaded, { record, affiliations: list });
  });

  it("returns undefined for a room that was never stored", async () => {
    assert.equal(await store.get("nowhere@groups.example.org"), undefined);
  });

  it("replaces the whole member list on putAll", async () => {
    const record = roomRecord("lobby@groups.example.org");
    await store.putAll(record, members({ "alice@x": member("owner"), "bob@x": member("member") }));
    await store.putAll(record, members({ "alice@x": member("owner"), "carol@x": member("admin") }));
    const loaded = await store.get(record.jid);
    assert.deepEqual([...loaded!.affiliations.keys()].sort(), ["alice@x", "carol@x"]);
  });

  it("updates the record alone with putRecord, keeping the member list", async () => {
    const record = roomRecord("lobby@groups.example.org");
    await store.putAll(record, members({ "alice@x": member("owner") }));
    const renamed = { ...record, config: { ...record.config, name: "Renamed" } };
    await store.putRecord(renamed);
    const loaded = await store.get(record.jid);
    assert.ok(loaded);
    assert.equal(loaded.record.config.name, "Renamed");
    assert.deepEqual([...loaded.affiliations.keys()], ["alice@x"]);
  });

  it("applies member-list additions, changes and removals together", async () => {
    const record = roomRecord("lobby@groups.example.org");
    await store.putAll(
      record,
      members({ "alice@x": member("owner"), "bob@x": member("member"), "eve@x": member("outcast") }),
    );
    await store.setAffiliations(
      record.jid,
      new Map<string, AffiliationRecord | undefined>([
        ["bob@x", member("admin")],
        ["eve@x", undefined],
        ["dave@x", member("member", "Dave")],
      ]),
    );
    const loaded = await store.get(record.jid);
    assert.deepEqual(
      loaded?.affiliations,
      members({ "alice@x": member("owner"), "bob@x": member("admin"), "dave@x": member("member", "Dave") }),
    );
  });

  it("applies no member-list change when one change in the batch cannot be written", async () => {
    const record = roomRecord("lobby@groups.example.org");
    await store.putAll(record, members({ "alice@x": member("owner") }));
    const changes = new Map<string, AffiliationRecord | undefined>([
      ["bob@x", member("member")],
      ["", { ...member("member"), self: 0n } as unknown as AffiliationRecord],
    ]);
    await assert.rejects(store.setAffiliations(record.jid, changes), TypeError);
    const loaded = await store.get(record.jid);
    assert.deepEqual([...loaded!.affiliations.keys()], ["alice@x"]);
  });

  it("deletes a room with its member list, leaving a room whose JID shares its prefix", async () => {
    const a = roomRecord("a@x");
    const ab = roomRecord("ab@x");
    await store.putAll(a, members({ "alice@x": member("owner") }));
    await store.putAll(ab, members({ "bob@x": member("owner"), "carol@x": member("member") }));
    await store.delete("a@x");
    assert.equal(await store.get("a@x"), undefined);
    const kept = await store.get("ab@x");
    assert.deepEqual(kept, {
      record: ab,
      affiliations: members({ "bob@x": member("owner"), "carol@x": member("member") }),
    });
    await store.putAll(a, new Map());
    assert.deepEqual((await store.get("a@x"))?.affiliations, new Map(), "the old member list is gone");
  });

  it("lists the stored rooms of one service domain only", async () => {
    for (const jid of ["one@groups.x", "two@groups.x", "three@lists.x", "four@groups.x.evil"]) {
      await store.putAll(roomRecord(jid), new Map());
    }
    const jids: string[] = [];
    for await (const record of store.records("groups.x")) jids.push(record.jid);
    assert.deepEqual(jids.sort(), ["one@groups.x", "two@groups.x"]);
  });
});
