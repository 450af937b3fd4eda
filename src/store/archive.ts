// Per-room message archive (sublevels `archive`, `archiveId` and `archiveRef`; layout in db.ts): the
// source of join history (XEP-0045 §7.2.14) and XEP-0313 queries. Entries are ordered by a serial
// number (microsecond timestamp, bumped to stay strictly increasing). `archiveRef` finds a message
// by the id its author's client gave it, so a correction or retraction naming it that way (XEP-0308,
// XEP-0424 in 1:1 chats) is translated for as long as the archive holds the message.
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
}

/** On disk (layout in db.ts) `through` is named `via`, as the store has always written it. */
type StoredRecord = Omit<ArchiveRecord, "through"> & { via?: string };

function fromDisk(value: StoredRecord): ArchiveRecord {
  if (value.via === undefined) return value;
  const { via, ...rest } = value;
  return { ...rest, through: via };
}

function toDisk(record: ArchiveRecord): StoredRecord {
  if (record.through === undefined) return record;
  const { through, ...rest } = record;
  return { ...rest, via: through };
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
  /** Newest serial per room, read from disk on first use so a restart never reuses one. */
  private readonly lastSerial = new Map<string, number>();
  /** The last append of each room still on its way: appends of a room queue behind it, and every
   * read of the room waits for it, so a caller need not wait for an append before going on. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly db: Database) {
    this.entries = db.sub("archive");
    this.byId = db.sub("archiveId");
    this.bySenderId = db.sub("archiveRef");
  }

  /** Appends a message; `senderIds` are the ids its author's client knows it by (its `id`, its
   * origin-id), under which `findBySender` finds it again. */
  append(
    room: string,
    record: ArchiveRecord,
    senderIds: readonly string[] = [],
    options: { durable?: boolean } = {},
  ): Promise<void> {
    const prior = this.writing.get(room);
    const write = (prior ? prior.catch(() => undefined) : Promise.resolve()).then(() =>
      this.write(room, record, senderIds, options.durable === true),
    );
    const settled = write.catch(() => undefined);
    this.writing.set(room, settled);
    void settled.then(() => {
      if (this.writing.get(room) === settled) this.writing.delete(room);
    });
    return write;
  }

  /** Resolves once the room's appends so far are written (failed ones included). */
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
    const ops = [
      { type: "put", sublevel: this.entries, key: room + SEP + key, value: toDisk(record) },
      { type: "put", sublevel: this.byId, key: room + SEP + record.id, value: key },
      ...senderIdsOps(this.bySenderId, room, record, senderIds),
    ];
    await (durable ? this.db.level.batch(ops as never, DURABLE) : this.db.level.batch(ops as never));
  }

  /** An author's archived message, named by an id their client gave it or by its stanza-id. A
   * message by anyone else is not found: nobody corrects or retracts another's words this way. */
  async findBySender(room: string, author: string, id: string): Promise<ArchiveRecord | undefined> {
    await this.settled(room);
    const stanzaId = (await this.bySenderId.get(senderKey(room, author, id))) ?? id;
    const record = await this.get(room, stanzaId);
    return record?.jid === author ? record : undefined;
  }

  /** Rewrites an archived message in place (a correction's new text, a retraction's tombstone),
   * keeping its place, stanza-id and sender ids. */
  async update(room: string, record: ArchiveRecord): Promise<void> {
    await this.settled(room);
    const serial = await this.byId.get(room + SEP + record.id);
    if (serial === undefined) throw new UnknownArchiveId(record.id);
    await this.entries.put(room + SEP + serial, toDisk(record));
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

  /** One archived message by its stanza-id, if the archive still has it. */
  async get(room: string, id: string): Promise<ArchiveRecord | undefined> {
    await this.settled(room);
    const serial = await this.byId.get(room + SEP + id);
    const value = serial === undefined ? undefined : await this.entries.get(room + SEP + serial);
    return value && fromDisk(value);
  }

  async deleteRoom(room: string): Promise<void> {
    await this.settled(room);
    this.lastSerial.delete(room);
    await this.entries.clear(rangeOf(room));
    await this.byId.clear(rangeOf(room));
    await this.bySenderId.clear(rangeOf(room));
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

/** The index entries naming a record by its sender's ids (also used by the schema-3 migration). */
export function senderIdsOps(
  index: Sub<string>,
  room: string,
  record: Pick<ArchiveRecord, "id" | "jid">,
  senderIds: readonly string[],
): { type: "put"; sublevel: Sub<string>; key: string; value: string }[] {
  return [...new Set(senderIds)]
    .filter((id) => id && id !== record.id)
    .map((id) => ({ type: "put", sublevel: index, key: senderKey(room, record.jid, id), value: record.id }));
}
