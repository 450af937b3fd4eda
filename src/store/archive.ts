// Per-room message archive (sublevels `archive`, `archiveId` and `archiveRef`; layout in db.ts): the
// source of join history (XEP-0045 §7.2.14) and XEP-0313 queries. Entries are ordered by a serial
// number (microsecond timestamp, bumped to stay strictly increasing). `archiveRef` finds a message
// by the id its author's client gave it, so a correction or retraction naming it that way (XEP-0308,
// XEP-0424 in 1:1 chats) is translated for as long as the archive holds the message. Reads take a
// `notBefore` time: older messages have expired (retention) and are not shown, even before `expire`
// has removed them together with their ids.
import { DURABLE, SEP, rangeOf, type Database, type Sub } from "./schema.js";

export interface ArchiveRecord {
  v: 1;
  /** XEP-0359 stanza-id, also the XEP-0313 result id. */
  id: string;
  at: number;
  nick: string;
  /** Real bare JID of the author (shown only where the viewer may see it). */
  jid: string;
  /** The message as broadcast, without `to`. */
  xml: string;
  /** The author was admitted through this member of the room; `xml` is what those who saw the
   * author as themselves got, `outside` what everyone else got (from the member's occupant). */
  through?: string;
  outside?: string;
  /** A topic owner's message: how many members it was sent to (message info counts against it). */
  copies?: number;
}

/** What a recipient's client reported of an archived message (times in ms), or why it bounced. */
export interface MessageReport {
  v: 1;
  delivered?: number;
  read?: number;
  bounced?: string;
}

/** On disk (layout in db.ts) `through` is named `via`, as the store has always written it; `refs`
 * lists the ids its author's client gave it (as `archiveRef` indexes them), so that expiry removes
 * those index entries with it. Every stored message has the list (schema 4). */
type StoredRecord = Omit<ArchiveRecord, "through"> & { via?: string; refs?: string[] };

function fromDisk(value: StoredRecord): ArchiveRecord {
  const { via, refs: _refs, ...rest } = value;
  return via === undefined ? rest : { ...rest, through: via };
}

function toDisk(record: ArchiveRecord, refs: string[] | undefined): StoredRecord {
  const { through, ...rest } = record;
  return { ...rest, ...(through === undefined ? {} : { via: through }), ...(refs ? { refs } : {}) };
}

export interface ArchiveQuery {
  start?: number;
  end?: number;
  afterId?: string;
  beforeId?: string;
  /** With beforeId === "" (RSM <before/>): the last page. */
  fromEnd?: boolean;
  max: number;
}

export interface ArchivePage {
  items: ArchiveRecord[];
  /** True when there is nothing more in the direction of the query. */
  complete: boolean;
}

export class ArchiveStore {
  private readonly entries: Sub<StoredRecord>;
  private readonly byId: Sub<string>;
  private readonly bySenderId: Sub<string>;
  private readonly reports: Sub<MessageReport>;
  /** Newest serial per room, read from disk on first use so a restart never reuses one. */
  private readonly lastSerial = new Map<string, number>();
  /** The last append of each room still on its way: appends of a room queue behind it, and every
   * read of the room waits for it, so a caller need not wait for an append before going on. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly db: Database) {
    this.entries = db.sub("archive");
    this.byId = db.sub("archiveId");
    this.bySenderId = db.sub("archiveRef");
    this.reports = db.sub("archiveReport");
  }

  /** Appends a message; `senderIds` are the ids its author's client knows it by (its `id`, its
   * origin-id), under which `findBySender` finds it again. */
  append(
    room: string,
    record: ArchiveRecord,
    senderIds: readonly string[] = [],
    options: { durable?: boolean } = {},
  ): Promise<void> {
    return this.inTurn(room, () => this.write(room, record, senderIds, options.durable === true));
  }

  /** Runs a write of the room after the room's earlier ones: writes of a room never overtake each
   * other, and every read of the room waits for them, so a caller need not wait for an append
   * before going on. */
  private inTurn<T>(room: string, job: () => Promise<T>): Promise<T> {
    const prior = this.writing.get(room);
    const write = (prior ? prior.catch(() => undefined) : Promise.resolve()).then(job);
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(room, settled);
    void settled.then(() => {
      if (this.writing.get(room) === settled) this.writing.delete(room);
    });
    return write;
  }

  /** Resolves once the room's writes so far are done (failed ones included). */
  private async settled(room: string): Promise<void> {
    await this.writing.get(room);
  }

  private async write(room: string, record: ArchiveRecord, senderIds: readonly string[], durable: boolean) {
    let last = this.lastSerial.get(room);
    if (last === undefined) {
      const [newest] = await this.entries.keys({ ...rangeOf(room), reverse: true, limit: 1 }).all();
      last = newest ? Number(newest.slice(room.length + 1)) : 0;
    }
    const serial = Math.max(record.at * 1000, last + 1);
    this.lastSerial.set(room, serial);
    const key = String(serial).padStart(20, "0");
    const refs = refsOf(record, senderIds);
    const stored = toDisk(record, refs);
    const ops = [
      { type: "put", sublevel: this.entries, key: room + SEP + key, value: stored },
      { type: "put", sublevel: this.byId, key: room + SEP + record.id, value: key },
      ...senderIdsOps(this.bySenderId, room, record, refs),
    ];
    await (durable ? this.db.level.batch(ops as never, DURABLE) : this.db.level.batch(ops as never));
  }

  /** An author's archived message, named by an id their client gave it or by its stanza-id. A
   * message by anyone else is not found: nobody corrects or retracts another's words this way. */
  async findBySender(
    room: string,
    author: string,
    id: string,
    notBefore = 0,
  ): Promise<ArchiveRecord | undefined> {
    await this.settled(room);
    const stanzaId = (await this.bySenderId.get(senderKey(room, author, id))) ?? id;
    const record = await this.get(room, stanzaId, notBefore);
    return record?.jid === author ? record : undefined;
  }

  /** Rewrites an archived message in place (a correction's new text, a retraction's tombstone),
   * keeping its place, stanza-id and sender ids. */
  update(room: string, record: ArchiveRecord): Promise<void> {
    return this.inTurn(room, async () => {
      const serial = await this.byId.get(room + SEP + record.id);
      const stored = serial === undefined ? undefined : await this.entries.get(room + SEP + serial);
      // Expired and removed meanwhile: nothing is brought back.
      if (serial === undefined || stored === undefined) throw new UnknownArchiveId(record.id);
      await this.entries.put(room + SEP + serial, toDisk(record, stored.refs));
    });
  }

  /** Notes what `recipient`'s client reported of a message (a receipt, a marker, a bounce), kept
   * under the message's place so that it goes with the message. Reports only move forward: a read
   * message stays read, and a bounce is the last word. Nothing is kept for a message not archived. */
  report(room: string, id: string, recipient: string, change: Omit<MessageReport, "v">): Promise<void> {
    return this.inTurn(room, async () => {
      const serial = await this.byId.get(room + SEP + id);
      if (serial === undefined) return;
      const key = room + SEP + serial + SEP + recipient;
      const before = (await this.reports.get(key)) ?? { v: 1 };
      const next: MessageReport = { ...before };
      if (change.bounced) next.bounced = change.bounced;
      if (change.delivered) next.delivered ??= change.delivered;
      if (change.read) {
        next.read ??= change.read;
        next.delivered ??= change.read;
      }
      if (JSON.stringify(next) !== JSON.stringify(before)) await this.reports.put(key, next);
    });
  }

  /** Every recipient's report of a message, by recipient. */
  async reportsOf(room: string, id: string): Promise<Map<string, MessageReport>> {
    await this.settled(room);
    const serial = await this.byId.get(room + SEP + id);
    const out = new Map<string, MessageReport>();
    if (serial === undefined) return out;
    const prefix = room + SEP + serial;
    for await (const [key, value] of this.reports.iterator(rangeOf(prefix))) {
      out.set(key.slice(prefix.length + 1), value);
    }
    return out;
  }

  /** Removes up to `max` of the room's messages archived before `before` (ms), oldest first, with
   * the ids they are found by; says how many it removed and whether older ones remain. */
  expire(room: string, before: number, max: number): Promise<{ removed: number; more: boolean }> {
    return this.inTurn(room, async () => {
      const range = { gte: rangeOf(room).gte, lt: bound(room, before * 1000), limit: max + 1 };
      const ops: unknown[] = [];
      const legacy: string[] = [];
      let seen = 0;
      for await (const [key, value] of this.entries.iterator(range)) {
        if (++seen > max) break;
        ops.push({ type: "del", sublevel: this.entries, key });
        ops.push({ type: "del", sublevel: this.byId, key: room + SEP + value.id });
        for (const id of value.refs ?? []) {
          ops.push({ type: "del", sublevel: this.bySenderId, key: senderKey(room, value.jid, id) });
        }
        if (!value.refs) legacy.push(value.id);
      }
      if (legacy.length) ops.push(...(await this.legacyRefOps(room, new Set(legacy))));
      if (ops.length) await this.db.level.batch(ops as never);
      // The reports of what went: one range, once the room's expired messages are all gone.
      if (seen <= max) await this.reports.clear({ gte: rangeOf(room).gte, lt: bound(room, before * 1000) });
      return { removed: Math.min(seen, max), more: seen > max };
    });
  }

  /** Index entries naming messages that carry no `refs` (none should: schema 4's migration gave
   * every message its list), found the slow way, by reading the room's index. */
  private async legacyRefOps(room: string, ids: Set<string>): Promise<unknown[]> {
    const ops: unknown[] = [];
    for await (const [key, value] of this.bySenderId.iterator(rangeOf(room))) {
      if (ids.has(value)) ops.push({ type: "del", sublevel: this.bySenderId, key });
    }
    return ops;
  }

  /** The newest `max` entries (optionally only those at or after `since`), oldest first. */
  async latest(room: string, max: number, since = 0): Promise<ArchiveRecord[]> {
    if (max <= 0) return [];
    await this.settled(room);
    const out: ArchiveRecord[] = [];
    const range = rangeOf(room);
    for await (const value of this.entries.values({ ...range, reverse: true, limit: max })) {
      if (value.at < since) break;
      out.push(fromDisk(value));
    }
    return out.reverse();
  }

  async query(room: string, q: ArchiveQuery): Promise<ArchivePage> {
    await this.settled(room);
    const range = rangeOf(room);
    let gte = range.gte;
    let lt = range.lt;
    if (q.start !== undefined) gte = bound(room, q.start * 1000);
    if (q.end !== undefined) lt = bound(room, (q.end + 1) * 1000);
    let gt: string | undefined;
    if (q.afterId) {
      const serial = await this.serialOf(room, q.afterId);
      gt = room + SEP + serial;
    }
    if (q.beforeId) {
      const serial = await this.serialOf(room, q.beforeId);
      const before = room + SEP + serial;
      if (before < lt) lt = before;
    }
    const reverse = q.fromEnd === true || q.beforeId !== undefined;
    const options = { ...(gt && gt >= gte ? { gt } : { gte }), lt, reverse, limit: q.max + 1 };
    const items: ArchiveRecord[] = [];
    for await (const value of this.entries.values(options)) items.push(fromDisk(value));
    const complete = items.length <= q.max;
    if (!complete) items.pop();
    if (reverse) items.reverse();
    return { items, complete };
  }

  /** One archived message by its stanza-id, if the archive still has it (and it was archived at
   * or after `notBefore`: older ones have expired). */
  async get(room: string, id: string, notBefore = 0): Promise<ArchiveRecord | undefined> {
    await this.settled(room);
    const serial = await this.byId.get(room + SEP + id);
    const value = serial === undefined ? undefined : await this.entries.get(room + SEP + serial);
    return value && value.at >= notBefore ? fromDisk(value) : undefined;
  }

  /** Every room with archived messages, in key order, each read with one seek. */
  async *rooms(): AsyncGenerator<string> {
    let after: string | undefined;
    for (;;) {
      const [key] = await this.entries
        .keys({ ...(after === undefined ? {} : { gte: after }), limit: 1 })
        .all();
      if (key === undefined) return;
      const room = key.slice(0, key.indexOf(SEP));
      yield room;
      after = rangeOf(room).lt;
    }
  }

  async deleteRoom(room: string): Promise<void> {
    await this.settled(room);
    this.lastSerial.delete(room);
    await this.entries.clear(rangeOf(room));
    await this.byId.clear(rangeOf(room));
    await this.bySenderId.clear(rangeOf(room));
    await this.reports.clear(rangeOf(room));
  }

  private async serialOf(room: string, id: string): Promise<string> {
    const serial = await this.byId.get(room + SEP + id);
    if (!serial) throw new UnknownArchiveId(id);
    return serial;
  }
}

export class UnknownArchiveId extends Error {
  constructor(readonly id: string) {
    super(`no archived message with id ${id}`);
  }
}

function bound(room: string, serial: number): string {
  return room + SEP + String(Math.max(0, serial)).padStart(20, "0");
}

function senderKey(room: string, author: string, id: string): string {
  return room + SEP + author + SEP + id;
}

/** The sender's ids the index names the record by: each once, and never its own stanza-id. */
export function refsOf(record: Pick<ArchiveRecord, "id">, senderIds: readonly string[]): string[] {
  return [...new Set(senderIds)].filter((id) => id && id !== record.id);
}

/** The index entries naming a record by its sender's ids (also used by the schema-3 migration). */
export function senderIdsOps(
  index: Sub<string>,
  room: string,
  record: Pick<ArchiveRecord, "id" | "jid">,
  senderIds: readonly string[],
): { type: "put"; sublevel: Sub<string>; key: string; value: string }[] {
  return refsOf(record, senderIds).map((id) => ({
    type: "put",
    sublevel: index,
    key: senderKey(room, record.jid, id),
    value: record.id,
  }));
}
