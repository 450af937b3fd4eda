// Rooms and their member lists (sublevels `rooms` and `aff`; layout in db.ts). Only persistent
// rooms are stored; a temporary room lives and dies in memory with its occupants.
import type { AffiliationRecord, RoomRecord } from "../muc/types.js";
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./db.js";

export class RoomStore {
  private readonly rooms: Sub<RoomRecord>;
  private readonly aff: Sub<AffiliationRecord>;

  constructor(private readonly db: Database) {
    this.rooms = db.sub("rooms");
    this.aff = db.sub("aff");
  }

  async get(
    jid: string,
  ): Promise<{ record: RoomRecord; affiliations: Map<string, AffiliationRecord> } | undefined> {
    const record = await this.rooms.get(jid);
    if (!record) return undefined;
    const affiliations = new Map<string, AffiliationRecord>();
    for await (const [key, value] of this.aff.iterator(rangeOf(jid))) {
      affiliations.set(key.slice(jid.length + 1), value);
    }
    return { record, affiliations };
  }

  /** Writes the whole room (record and member list) in one durable batch. */
  async putAll(record: RoomRecord, affiliations: Map<string, AffiliationRecord>): Promise<void> {
    const ops: Parameters<AnyBatch>[0] = [
      { type: "put", sublevel: this.rooms, key: record.jid, value: record },
      ...[...affiliations].map(([jid, value]) => ({
        type: "put" as const,
        sublevel: this.aff,
        key: record.jid + SEP + jid,
        value,
      })),
    ];
    await this.aff.clear(rangeOf(record.jid));
    await this.db.level.batch(ops as never, DURABLE);
  }

  putRecord(record: RoomRecord): Promise<void> {
    return this.rooms.put(record.jid, record, DURABLE);
  }

  /** Applies member-list changes atomically and durably (undefined value = remove). */
  async setAffiliations(room: string, changes: Map<string, AffiliationRecord | undefined>): Promise<void> {
    const ops = [...changes].map(([jid, value]) =>
      value
        ? { type: "put" as const, key: room + SEP + jid, value }
        : { type: "del" as const, key: room + SEP + jid },
    );
    await this.aff.batch(ops, DURABLE);
  }

  async delete(jid: string): Promise<void> {
    await this.aff.clear(rangeOf(jid));
    await this.rooms.del(jid, DURABLE);
  }

  /** Every stored room record of one service domain. */
  async *records(domain: string): AsyncGenerator<RoomRecord> {
    for await (const record of this.rooms.values()) {
      if (record.jid.endsWith(`@${domain}`)) yield record;
    }
  }
}

type AnyBatch = (ops: { type: "put"; sublevel: unknown; key: string; value: unknown }[]) => void;
