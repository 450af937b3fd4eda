// Rooms and their member lists (sublevels `rooms` and `aff`; layout in db.ts). Only persistent
// rooms are stored; a temporary room lives and dies in memory with its occupants.
import type { AffiliationRecord, GuestRecord, RoomRecord } from "../muc/types.js";
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./schema.js";

export interface StoredRoom {
  record: RoomRecord;
  affiliations: Map<string, AffiliationRecord>;
  guests: Map<string, GuestRecord>;
}

export class RoomStore {
  private readonly rooms: Sub<RoomRecord>;
  private readonly aff: Sub<AffiliationRecord>;
  /** Rooms whose stored data (archive, requests, members) is to be purged unless they are stored as
   * persistent rooms: temporary rooms, and rooms being destroyed. Swept at start-up (Rooms.sweep). */
  private readonly purge: Sub<{ v: 1 }>;
  /** Stored topics by owner, and the last use of topics that end when idle. */
  private readonly owned: Sub<{ v: 1 }>;
  private readonly idle: Sub<{ v: 1; at: number }>;
  /** Nested groups: an index of the member entries that are rooms (parent NUL child), so the
   * nesting graph is known at start-up without reading every member list. */
  private readonly nest: Sub<{ v: 1 }>;
  private readonly guests: Sub<GuestRecord>;
  /** Stored public rooms per service domain, so disco#items never reads every stored room. */
  private readonly directory: Sub<DirectoryEntry>;

  constructor(private readonly db: Database) {
    this.rooms = db.sub("rooms");
    this.aff = db.sub("aff");
    this.purge = db.sub("purge");
    this.owned = db.sub("owned");
    this.idle = db.sub("idle");
    this.nest = db.sub("nest");
    this.guests = db.sub("guests");
    this.directory = db.sub("directory");
  }

  async get(jid: string): Promise<StoredRoom | undefined> {
    const record = await this.rooms.get(jid);
    if (!record) return undefined;
    const affiliations = new Map<string, AffiliationRecord>();
    for await (const [key, value] of this.aff.iterator(rangeOf(jid))) {
      affiliations.set(key.slice(jid.length + 1), value);
    }
    const guests = new Map<string, GuestRecord>();
    for await (const [key, value] of this.guests.iterator(rangeOf(jid))) {
      guests.set(key.slice(jid.length + 1), value);
    }
    return { record, affiliations, guests };
  }

  /** Writes the whole room (record, member list, guests) in one durable batch. */
  async putAll(
    record: RoomRecord,
    affiliations: Map<string, AffiliationRecord>,
    guests: Map<string, GuestRecord> = new Map(),
  ): Promise<void> {
    const ops: unknown[] = [
      { type: "put", sublevel: this.rooms, key: record.jid, value: record },
      { type: "del", sublevel: this.purge, key: record.jid },
      ...[...affiliations].flatMap(([jid, value]) => [
        { type: "put" as const, sublevel: this.aff, key: record.jid + SEP + jid, value },
        ...this.nestOps(record.jid, jid, value),
      ]),
      ...[...guests].map(([jid, value]) => ({
        type: "put" as const,
        sublevel: this.guests,
        key: record.jid + SEP + jid,
        value,
      })),
      ...this.indexOps(record, "put"),
    ];
    await this.clearMembers(record.jid);
    await this.db.level.batch(ops as never, DURABLE);
  }

  /** The nesting index entry that goes with one member entry (a room that is a member, or not). */
  private nestOps(room: string, jid: string, value: AffiliationRecord | undefined): unknown[] {
    const isEdge = value?.kind === "room" && value.affiliation === "member";
    return [
      isEdge
        ? { type: "put", sublevel: this.nest, key: room + SEP + jid, value: { v: 1 } }
        : { type: "del", sublevel: this.nest, key: room + SEP + jid },
    ];
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

  /** Adds or (with undefined) removes a guest, durably. */
  setGuest(room: string, jid: string, value: GuestRecord | undefined): Promise<void> {
    return value
      ? this.guests.put(room + SEP + jid, value, DURABLE)
      : this.guests.del(room + SEP + jid, DURABLE);
  }

  /** Writes a room's record, with its directory entry (its name or public flag may have changed). */
  async putRecord(record: RoomRecord): Promise<void> {
    const ops = [
      { type: "put", sublevel: this.rooms, key: record.jid, value: record },
      directoryOp(this.directory, record, "put"),
    ];
    await this.db.level.batch(ops as never, DURABLE);
  }

  /** Applies member-list changes atomically and durably (undefined value = remove). */
  async setAffiliations(room: string, changes: Map<string, AffiliationRecord | undefined>): Promise<void> {
    const ops = [...changes].flatMap(([jid, value]) => [
      value
        ? { type: "put" as const, sublevel: this.aff, key: room + SEP + jid, value }
        : { type: "del" as const, sublevel: this.aff, key: room + SEP + jid },
      ...this.nestOps(room, jid, value),
    ]);
    await this.db.level.batch(ops as never, DURABLE);
  }

  /** Marks a room's data for purging; with `dropRecord`, its record goes in the same atomic write. */
  async markPurgeable(jid: string, dropRecord = false): Promise<void> {
    const ops: unknown[] = [{ type: "put", sublevel: this.purge, key: jid, value: { v: 1 } }];
    if (dropRecord) {
      ops.push({ type: "del", sublevel: this.rooms, key: jid });
      const record = await this.rooms.get(jid);
      if (record) ops.push(...this.indexOps(record, "del"));
    }
    await this.db.level.batch(ops as never, DURABLE);
  }

  /** Index entries of a room record: the directory; for topics, its owner's list and idle clock. */
  private indexOps(record: RoomRecord, type: "put" | "del"): unknown[] {
    const ops: unknown[] = [directoryOp(this.directory, record, type)];
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

  /** Rooms marked purgeable: what a crash or restart may have left behind. */
  async purgeable(): Promise<string[]> {
    return this.purge.keys().all();
  }

  /** Removes a room's member list and its purge mark (its record must already be gone). */
  async finishPurge(jid: string): Promise<void> {
    await this.clearMembers(jid);
    await this.purge.del(jid, DURABLE);
  }

  /** Removes a room's member list, its nesting index entries and its guests. */
  async clearMembers(jid: string): Promise<void> {
    await this.aff.clear(rangeOf(jid));
    await this.nest.clear(rangeOf(jid));
    await this.guests.clear(rangeOf(jid));
  }

  /** Removes a room's record and member list. */
  async delete(jid: string): Promise<void> {
    await this.markPurgeable(jid, true);
    await this.finishPurge(jid);
  }

  async has(jid: string): Promise<boolean> {
    return (await this.rooms.get(jid)) !== undefined;
  }

  /** The stored public rooms of one service domain: JID and name (disco#items). */
  async *directoryOf(domain: string): AsyncGenerator<{ jid: string; name: string }> {
    for await (const [key, entry] of this.directory.iterator(rangeOf(domain))) {
      yield { jid: key.slice(domain.length + 1), name: entry.name };
    }
  }

  /** Every stored room record of one service domain. */
  async *records(domain: string): AsyncGenerator<RoomRecord> {
    for await (const record of this.rooms.values()) {
      if (record.jid.endsWith(`@${domain}`)) yield record;
    }
  }
}

export interface DirectoryEntry {
  v: 1;
  name: string;
}

/** The directory entry that goes with a stored room record: listed while it is public. */
export function directoryOp(directory: Sub<DirectoryEntry>, record: RoomRecord, type: "put" | "del") {
  const key = record.jid.slice(record.jid.indexOf("@") + 1) + SEP + record.jid;
  return type === "put" && record.config.public
    ? { type: "put" as const, sublevel: directory, key, value: { v: 1 as const, name: record.config.name } }
    : { type: "del" as const, sublevel: directory, key };
}
