// What groups.* keeps beside the stored rooms (sublevels `nest` and `guests`; layout in
// store/db.ts): an index of the member entries that are rooms (parent NUL child), so the nesting
// graph is known at start-up without reading every member list, and each room's guests
// (PROTOCOL §2 contact-as-group). Written in the room store's own batches (RoomIndex).
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "../store/db.js";
import type { RoomIndex } from "../store/rooms.js";
import type { AffiliationRecord } from "../store/records.js";

/** An outsider a group talks to (PROTOCOL §2 contact-as-group), shown as a guest occupant. */
export interface GuestRecord {
  v: 1;
  nick: string;
  /** Who started the conversation (bare JID of a member of the group). */
  by: string;
  at: number;
}

export class GroupStore implements RoomIndex {
  private readonly nest: Sub<{ v: 1 }>;
  private readonly guestEntries: Sub<GuestRecord>;
  /** Guests of the rooms in memory, by room JID then bare JID. */
  private readonly guests = new Map<string, Map<string, GuestRecord>>();

  constructor(db: Database) {
    this.nest = db.sub("nest");
    this.guestEntries = db.sub("guests");
  }

  memberOps(room: string, jid: string, value: AffiliationRecord | undefined): unknown[] {
    const isEdge = value?.kind === "room" && value.affiliation === "member";
    return [
      isEdge
        ? { type: "put", sublevel: this.nest, key: room + SEP + jid, value: { v: 1 } }
        : { type: "del", sublevel: this.nest, key: room + SEP + jid },
    ];
  }

  roomOps(room: string): unknown[] {
    return [...this.guestsOf(room)].map(([jid, value]) => ({
      type: "put" as const,
      sublevel: this.guestEntries,
      key: room + SEP + jid,
      value,
    }));
  }

  async load(room: string): Promise<void> {
    const guests = new Map<string, GuestRecord>();
    for await (const [key, value] of this.guestEntries.iterator(rangeOf(room))) {
      guests.set(key.slice(room.length + 1), value);
    }
    if (guests.size) this.guests.set(room, guests);
    else this.guests.delete(room);
  }

  async clear(room: string): Promise<void> {
    await this.nest.clear(rangeOf(room));
    await this.guestEntries.clear(rangeOf(room));
  }

  /** Every stored nesting edge: [parent room, member room]. */
  async nestEdges(): Promise<[string, string][]> {
    const edges: [string, string][] = [];
    for await (const key of this.nest.keys()) {
      const at = key.indexOf(SEP);
      edges.push([key.slice(0, at), key.slice(at + 1)]);
    }
    return edges;
  }

  /** The guests of a room in memory. */
  guestsOf(room: string): ReadonlyMap<string, GuestRecord> {
    return this.guests.get(room) ?? new Map<string, GuestRecord>();
  }

  /** Adds or (with undefined) removes a guest: durable first when the room is stored, then in memory. */
  async setGuest(room: string, stored: boolean, jid: string, value: GuestRecord | undefined): Promise<void> {
    if (stored) {
      await (value
        ? this.guestEntries.put(room + SEP + jid, value, DURABLE)
        : this.guestEntries.del(room + SEP + jid, DURABLE));
    }
    const guests = this.guests.get(room) ?? new Map<string, GuestRecord>();
    if (value) guests.set(jid, value);
    else guests.delete(jid);
    if (guests.size) this.guests.set(room, guests);
    else this.guests.delete(room);
  }

  /** Forgets what memory holds of a room that ended. */
  forget(room: string): void {
    this.guests.delete(room);
  }
}
