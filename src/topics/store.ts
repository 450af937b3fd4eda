// What the topic service keeps beside the stored rooms (sublevels `owned` and `idle`; layout in
// store/db.ts): each owner's stored topics, so quotas and listings read no other room, and the last
// use of topics that end when idle. Written in the room store's own batches (RoomIndex).
import { SEP, rangeOf, type Database, type Sub } from "../store/db.js";
import type { RoomIndex } from "../store/rooms.js";
import type { RoomRecord } from "../muc/types.js";

export class TopicStore implements RoomIndex {
  private readonly owned: Sub<{ v: 1 }>;
  private readonly idle: Sub<{ v: 1; at: number }>;

  constructor(db: Database) {
    this.owned = db.sub("owned");
    this.idle = db.sub("idle");
  }

  recordOps(record: RoomRecord, type: "put" | "del"): unknown[] {
    const ops: unknown[] = [];
    if (record.owner)
      ops.push({ type, sublevel: this.owned, key: record.owner + SEP + record.jid, value: { v: 1 } });
    if (record.endsWhenIdle || type === "del")
      ops.push({ type, sublevel: this.idle, key: record.jid, value: { v: 1, at: record.createdAt } });
    return ops;
  }

  /** The stored topics of one owner. */
  async ownedBy(owner: string): Promise<string[]> {
    const keys = await this.owned.keys(rangeOf(owner)).all();
    return keys.map((k) => k.slice(owner.length + 1));
  }

  /** Records the last use of a topic that ends when idle (not synced: losing it only delays the end). */
  touch(jid: string, at: number): Promise<void> {
    return this.idle.put(jid, { v: 1, at });
  }

  /** Topics that end when idle and were last used before `before`. */
  async idleSince(before: number): Promise<string[]> {
    const out: string[] = [];
    for await (const [jid, value] of this.idle.iterator()) if (value.at < before) out.push(jid);
    return out;
  }
}
