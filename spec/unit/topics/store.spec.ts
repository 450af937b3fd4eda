// The topic service's indexes beside the stored rooms: owners' topics and idle clocks, written in
// the room store's own batches (memory-level).
import assert from "node:assert/strict";
import type { AffiliationRecord } from "../../../src/muc/types.js";
import type { Database } from "../../../src/store/db.js";
import { RoomStore } from "../../../src/store/rooms.js";
import { TopicStore } from "../../../src/topics/store.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { member, roomRecord } from "../helpers/rooms.js";

const members = (entries: Record<string, AffiliationRecord>) => new Map(Object.entries(entries));

describe("topic indexes", () => {
  let db: Database;
  let store: RoomStore;
  let topics: TopicStore;

  beforeEach(async () => {
    db = await memoryDatabase();
    store = new RoomStore(db);
    topics = new TopicStore(db);
    store.addIndex(topics);
  });
  afterEach(() => db.close());

  const topic = (jid: string, extra: object = {}) => ({
    ...roomRecord(jid, { persistent: true }),
    kind: "topic" as const,
    owner: "alice@example.org",
    ...extra,
  });

  it("lists an owner's stored topics, and forgets one when it is deleted", async () => {
    await store.putAll(topic("chess@lists.example.org"), members({ "alice@example.org": member("owner") }));
    await store.putAll(topic("go@lists.example.org"), members({ "alice@example.org": member("owner") }));
    assert.deepEqual(await topics.ownedBy("alice@example.org"), [
      "chess@lists.example.org",
      "go@lists.example.org",
    ]);
    assert.deepEqual(await topics.ownedBy("bob@example.org"), []);
    await store.delete("chess@lists.example.org");
    assert.deepEqual(await topics.ownedBy("alice@example.org"), ["go@lists.example.org"]);
  });

  it("finds topics that end when idle by their last use", async () => {
    await store.putAll(
      topic("quick@lists.example.org", { endsWhenIdle: true, createdAt: 1000 }),
      members({}),
    );
    await store.putAll(topic("kept@lists.example.org"), members({}));
    assert.deepEqual(await topics.idleSince(2000), ["quick@lists.example.org"]);
    await topics.touch("quick@lists.example.org", 5000);
    assert.deepEqual(await topics.idleSince(2000), []);
    await store.delete("quick@lists.example.org");
    assert.deepEqual(await topics.idleSince(10_000), []);
  });
});
