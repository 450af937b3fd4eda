// Schema migrations, run by Database.open on a store older than SCHEMA_VERSION: in order, one
// schema step at a time. Each step is idempotent (it may run again after a crash halfway through),
// and the new schema number is written durably only once the step's writes are done: LevelDB keeps
// its log in write order, so that one synced write makes everything before it durable too.
import type { Log } from "../core/log.js";
import type { RoomRecord } from "./records.js";
import type { ArchiveRecord } from "./archive.js";
import { DURABLE, SCHEMA_VERSION, SEP, rangeOf, type Database, type Sub } from "./schema.js";
import { directoryOp, type DirectoryEntry } from "./rooms.js";
import { senderIdsOps } from "./archive.js";
import { parseXml } from "../xmpp/xml.js";
import { NS } from "../xmpp/ns.js";

/** Writes per batch: bounded memory whatever the size of the store. */
const BATCH = 1000;

export interface Migration {
  /** Moves a store from schema `from` to `from + 1`. */
  from: number;
  /** What changes, for the log. */
  description: string;
  /** Returns how many records it wrote or removed. */
  run(db: Database): Promise<number>;
}

/** 1 → 2: list every stored public room in `directory`, built from the room records. */
const publicRoomDirectory: Migration = {
  from: 1,
  description: "list stored public rooms per service in the directory",
  async run(db) {
    const directory = db.sub<DirectoryEntry>("directory");
    await directory.clear();
    const batch: unknown[] = [];
    let written = 0;
    const flush = async () => {
      written += batch.length;
      await db.level.batch(batch.splice(0) as never);
    };
    for await (const record of db.sub<RoomRecord>("rooms").values()) {
      const op = directoryOp(directory, record, "put");
      if (op.type === "put") batch.push(op);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return written;
  },
};

/** 2 → 3: index every archived message by the ids its author's client gave it (its `id` and
 * origin-id, read from the archived stanza), as ArchiveStore.append does for new ones. */
const archiveSenderIds: Migration = {
  from: 2,
  description: "index archived messages by their authors' own ids",
  async run(db) {
    const index = db.sub<string>("archiveRef");
    await index.clear();
    const batch: unknown[] = [];
    let written = 0;
    const flush = async () => {
      written += batch.length;
      await db.level.batch(batch.splice(0) as never);
    };
    for await (const [key, record] of db.sub<ArchiveRecord>("archive").iterator()) {
      const room = key.slice(0, key.indexOf(SEP));
      const message = parseXml(record.xml);
      const ids = [message.attrs.id, message.getChild("origin-id", NS.sid)?.attrs.id];
      batch.push(
        ...senderIdsOps(
          index,
          room,
          record,
          ids.filter((id): id is string => !!id),
        ),
      );
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return written;
  },
};

/** 3 → 4: write into each archived message the ids `archiveRef` names it by (`refs`), so that
 * expiry removes those index entries with the message. Room by room: one room's index in memory. */
const archiveRefsInRecords: Migration = {
  from: 3,
  description: "list in each archived message the ids its author's client gave it",
  async run(db) {
    const archive = db.sub<ArchiveRecord>("archive");
    const index = db.sub<string>("archiveRef");
    const batch: unknown[] = [];
    let written = 0;
    const flush = async () => {
      written += batch.length;
      await db.level.batch(batch.splice(0) as never);
    };
    let room: string | undefined;
    let refs = new Map<string, string[]>();
    for await (const [key, record] of archive.iterator()) {
      const at = key.slice(0, key.indexOf(SEP));
      if (at !== room) {
        room = at;
        refs = await refsOfRoom(index, room);
      }
      batch.push({
        type: "put",
        sublevel: archive,
        key,
        value: { ...record, refs: refs.get(record.id) ?? [] },
      });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return written;
  },
};

/** A room's index read back: stanza-id → the author's ids that name it. */
async function refsOfRoom(index: Sub<string>, room: string): Promise<Map<string, string[]>> {
  const refs = new Map<string, string[]>();
  for await (const [key, stanzaId] of index.iterator(rangeOf(room))) {
    const id = key.slice(key.lastIndexOf(SEP) + 1);
    refs.set(stanzaId, [...(refs.get(stanzaId) ?? []), id]);
  }
  return refs;
}

export const MIGRATIONS: readonly Migration[] = [publicRoomDirectory, archiveSenderIds, archiveRefsInRecords];

/** Brings a store from schema `from` up to SCHEMA_VERSION, one logged step at a time. */
export async function migrate(db: Database, from: number, log?: Log): Promise<void> {
  for (let schema = from; schema < SCHEMA_VERSION; schema++) {
    const step = MIGRATIONS.find((m) => m.from === schema);
    if (!step) throw new Error(`no migration of the store from schema ${schema} to ${schema + 1}`);
    log?.info({ from: schema, to: schema + 1 }, `migrating the store: ${step.description}`);
    const records = await step.run(db);
    await db.meta.put("schema", { v: 1, schema: schema + 1 }, DURABLE);
    log?.info({ from: schema, to: schema + 1, records }, "store migrated");
  }
}
