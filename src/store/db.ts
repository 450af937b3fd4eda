// One LevelDB for all of Manifold, a sublevel per aggregate. Key layout (every key is a string,
// parts joined by NUL, which no JID or nick can contain, so a room's keys form one contiguous range):
//
//   meta      "schema"                          → { v, schema }          store format version
//             "occupant-id-salt"                → { v, salt }            XEP-0421 hashing salt
//   rooms     <room bare JID>                   → RoomRecord             config, subject, lifetime
//   aff       <room> NUL <bare JID>             → AffiliationRecord      owner/admin/member/outcast
//   archive   <room> NUL <serial, 20 digits>    → ArchiveRecord + refs   XEP-0313 / history, in order (schema 4)
//   archiveId <room> NUL <stanza-id>            → serial                 stanza-id → archive key (RSM)
//   archiveRef <room> NUL <author> NUL <id>     → stanza-id              the author's own ids (schema 3)
//   archiveReport <room> NUL <serial> NUL <jid> → MessageReport          a recipient's receipts, markers, bounce
//   regreq    <room> NUL <bare JID>             → RegistrationRequest    pending XEP-0045 §7.10 requests
//   purge     <room bare JID>                   → { v }                  data to remove unless stored
//   owned     <owner bare JID> NUL <topic JID>  → { v }                  stored topics per owner
//   idle      <topic JID>                       → { v, at }              last use of a topic that ends when idle
//   nest      <room> NUL <member room JID>      → { v }                  nested groups: rooms that are members
//   guests    <room> NUL <outsider bare JID>    → GuestRecord            outsiders a group talks to
//   grpreq    <room> NUL <group room JID>       → GroupRequest           pending requests of groups to join
//   directory <domain> NUL <room JID>           → { v, name }            stored public rooms per service (schema 2)
//   fanout    <serial, 20 digits>               → FanoutRecord           topic copies not yet confirmed
//   fanoutMark <serial, 20 digits>              → { v, done }            how many of them the server confirmed
//   avatar    <room bare JID>                   → { v, type, data }      the room's avatar image (XEP-0486)
//
// Values are JSON with a version field `v`; writes that confirm a user action use { sync: true }.
// The store as a whole has a schema number (meta "schema"); migrations.ts brings older stores up
// to SCHEMA_VERSION when they are opened. Sublevel names, key helpers and the schema number live in
// schema.ts (re-exported here), where migrations and store files can use them without a circle.
import { Level } from "level";
import type { Log } from "../core/log.js";
import { migrate } from "./migrations.js";
import { storeOpenError } from "./open-error.js";
import {
  DURABLE,
  SCHEMA_VERSION,
  type AnyLevel,
  type Database as Sublevels,
  type Sub,
  type SublevelName,
} from "./schema.js";

export {
  DURABLE,
  SCHEMA_VERSION,
  SEP,
  SUBLEVELS,
  rangeOf,
  type AnyLevel,
  type Sub,
  type SublevelName,
} from "./schema.js";

/** Set in meta while `manifold import` writes, removed by its last (durable) write. */
export const IMPORT_MARK = "import";

export class Database implements Sublevels {
  readonly meta: Sub<{ v: number; [k: string]: unknown }>;

  constructor(readonly level: AnyLevel) {
    this.meta = this.sub("meta");
  }

  sub<V>(name: SublevelName): Sub<V> {
    return this.level.sublevel<string, V>(name, { valueEncoding: "json" });
  }

  /** Opens the store and brings it to SCHEMA_VERSION (a new store starts there). */
  async open(log?: Log): Promise<void> {
    // LevelDB's own error says only "Database failed to open": say which directory and why.
    await this.level.open().catch((err: unknown) => {
      throw storeOpenError(locationOf(this.level), err);
    });
    if (await this.meta.get(IMPORT_MARK)) {
      throw new Error(
        "an import into this store did not finish: delete the directory and run manifold import again",
      );
    }
    const schema = await this.meta.get("schema");
    if (!schema) await this.meta.put("schema", { v: 1, schema: SCHEMA_VERSION }, DURABLE);
    else if ((schema.schema as number) > SCHEMA_VERSION) {
      throw new Error(
        `the database was written by a newer Manifold (schema ${String(schema.schema)}); refusing to open it`,
      );
    } else if ((schema.schema as number) < SCHEMA_VERSION) await migrate(this, schema.schema as number, log);
  }

  close(): Promise<void> {
    return this.level.close();
  }

  get isOpen(): boolean {
    return this.level.status === "open";
  }
}

/** Where a store lives on disk (classic-level's `location`); a memory store has none. */
function locationOf(level: AnyLevel): string {
  const location = (level as { location?: unknown }).location;
  return typeof location === "string" ? location : "(memory)";
}

export function openLevel(path: string): AnyLevel {
  return new Level<string, unknown>(path, { valueEncoding: "json" });
}
