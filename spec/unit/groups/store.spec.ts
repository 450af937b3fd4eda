// What groups.* keeps beside the stored rooms: the nesting index (rooms that are members of rooms)
// and guests, written in the room store's own batches and gone with the member list (memory-level).
import assert from "node:assert/strict";
import type { AffiliationRecord } from "../../../src/muc/types.js";
import type { Database } from "../../../src/store/db.js";
import { RoomStore } from "../../../src/store/rooms.js";
import { GroupStore } from "../../../src/groups/store.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { member, roomRecord } from "../helpers/rooms.js";

const members = (entries: Record<string, AffiliationRecord>) => new Map(Object.entries(entries));
const asRoom = (record: AffiliationRecord): AffiliationRecord => ({ ...record, kind: "room" });
const guest = { v: 1 as const, nick: "eve", by: "alice@x", at: 5 };

describe("GroupStore", () => {
  let db: Database;
  let store: RoomStore;
  let groups: GroupStore;

  beforeEach(async () => {
    db = await memoryDatabase();
    store = new RoomStore(db);
    groups = new GroupStore(db);
    store.addIndex(groups);
  });
  afterEach(() => db.close());

  it("indexes member rooms as nesting edges, and follows their changes and removal", async () => {
    await store.putAll(
      roomRecord("club@g"),
      members({ "alice@g": member("owner"), "alpha@g": asRoom(member("member")) }),
    );
    assert.deepEqual(await groups.nestEdges(), [["club@g", "alpha@g"]]);
    await store.setAffiliations("club@g", new Map([["beta@g", asRoom(member("member"))]]));
    assert.deepEqual(await groups.nestEdges(), [
      ["club@g", "alpha@g"],
      ["club@g", "beta@g"],
    ]);
    // A banned group is no way in: no edge.
    await store.setAffiliations("club@g", new Map([["alpha@g", asRoom(member("outcast"))]]));
    assert.deepEqual(await groups.nestEdges(), [["club@g", "beta@g"]]);
    await store.delete("club@g");
    assert.deepEqual(await groups.nestEdges(), []);
  });

  it("keeps a stored room's guests on disk, reads them back on load, and drops them with the room", async () => {
    await store.putAll(roomRecord("club@g"), members({ "alice@g": member("owner") }));
    await groups.setGuest("club@g", true, "eve@x", guest);
    groups.forget("club@g");
    assert.equal(groups.guestsOf("club@g").size, 0);
    await groups.load("club@g");
    assert.deepEqual([...groups.guestsOf("club@g")], [["eve@x", guest]]);
    await store.delete("club@g");
    await groups.load("club@g");
    assert.equal(groups.guestsOf("club@g").size, 0);
  });

  it("writes a temporary room's guests when the room becomes stored", async () => {
    await groups.setGuest("pop@g", false, "eve@x", guest);
    groups.forget("other@g");
    await store.putAll(roomRecord("pop@g", { persistent: true }), members({ "alice@g": member("owner") }));
    groups.forget("pop@g");
    await groups.load("pop@g");
    assert.deepEqual([...groups.guestsOf("pop@g")], [["eve@x", guest]]);
  });
});
