// Rooms and their member lists (sublevels `rooms` and `aff`; layout in db.ts). Only persistent
// rooms are stored; a temporary room lives and dies in memory with its occupants. Room kinds keep
// their own indexes beside them (RoomIndex), written in the same atomic batches.
import type { AffiliationRecord, RoomRecord } from "./records.js";
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./schema.js";

export interface StoredRoom {
  record: RoomRecord;
  affiliations: Map<string, AffiliationRecord>;
}

/** A kind's index of stored rooms: the writes that go with the store's own, in the same batch. */
export interface RoomIndex {
  /** With a room record stored (put) or removed (del). */
  recordOps?(record: RoomRecord, type: "put" | "del"): unknown[];
  /** With one member entry stored (a value) or removed (undefined). */
  memberOps?(room: string, jid: string, value: AffiliationRecord | undefined): unknown[];
  /** What the kind holds in memory for a room that becomes stored. */
  roomOps?(room: string): unknown[];
  /** Reads what the kind keeps for a room, as the room comes into memory. */
  load?(room: string): Promise<void>;
  /** Removes what the kind keeps for a room's member list, as the list goes. */
  clear?(room: string): Promise<void>;
}

export class RoomStore {
  private readonly rooms: Sub<RoomRecord>;
  private readonly aff: Sub<AffiliationRecord>;
  /** Rooms whose stored data (archive, requests, members) is to be purged unless they are stored as
   * persistent rooms: temporary rooms, and rooms being destroyed. Swept at start-up (Rooms.sweep). */
  private readonly purge: Sub<{ v: 1 }>;
  /** Stored public rooms per service domain, so disco#items never reads every stored room. */
  private readonly directory: Sub<DirectoryEntry>;
  private readonly indexes: RoomIndex[] = [];

  constructor(private readonly db: Database) {
    this.rooms = db.sub("rooms");
    this.aff = db.sub("aff");
    this.purge = db.sub("purge");
    this.directory = db.sub("directory");
  }

  /** Adds a kind's index: from now on its writes go with the store's. */
  addIndex(index: RoomIndex): void {
    this.indexes.push(index);
  }

  /** The room's record alone (configuration, subject), without its member list. */
  record(jid: string): Promise<RoomRecord | undefined> {
    return this.rooms.get(jid);
  }

  async get(jid: string): Promise<StoredRoom | undefined> {
    const record = await this.rooms.get(jid);
    if (!record) return undefined;
    const affiliations = new Map<string, AffiliationRecord>();
    for await (const [key, value] of this.aff.iterator(rangeOf(jid))) {
      affiliations.set(key.slice(jid.length + 1), value);
    }
    return { record, affiliations };
  }

  /** Lets every kind read what it keeps for a room coming into memory. */
  async load(jid: string): Promise<void> {
    for (const index of this.indexes) await index.load?.(jid);
  }

  /** Writes the whole room (record, member list, what kinds keep for it) in one durable batch. */
  async putAll(record: RoomRecord, affiliations: Map<string, AffiliationRecord>): Promise<void> {
    const ops: unknown[] = [
      { type: "put", sublevel: this.rooms, key: record.jid, value: record },
      { type: "del", sublevel: this.purge, key: record.jid },
      ...[...affiliations].flatMap(([jid, value]) => [
        { type: "put" as const, sublevel: this.aff, key: record.jid + SEP + jid, value },
        ...this.memberOps(record.jid, jid, value),
      ]),
      ...this.indexes.flatMap((index) => index.roomOps?.(record.jid) ?? []),
      ...this.indexOps(record, "put"),
    ];
    await this.clearMembers(record.jid);
    await this.db.level.batch(ops as never, DURABLE);
  }

  private memberOps(room: string, jid: string, value: AffiliationRecord | undefined): unknown[] {
    return this.indexes.flatMap((index) => index.memberOps?.(room, jid, value) ?? []);
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
      ...this.memberOps(room, jid, value),
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

  /** Index entries of a room record: the directory, and the kinds' own. */
  private indexOps(record: RoomRecord, type: "put" | "del"): unknown[] {
    return [
      directoryOp(this.directory, record, type),
      ...this.indexes.flatMap((index) => index.recordOps?.(record, type) ?? []),
    ];
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

  /** Removes a room's member list, and what kinds keep with it. */
  async clearMembers(jid: string): Promise<void> {
    await this.aff.clear(rangeOf(jid));
    for (const index of this.indexes) await index.clear?.(jid);
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
