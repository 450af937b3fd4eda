// One LevelDB for all of Manifold, a sublevel per aggregate. Key layout (every key is a string,
// parts joined by NUL, which no JID or nick can contain, so a room's keys form one contiguous range):
//
//   meta      "schema"                          → { v, schema }          store format version
//             "occupant-id-salt"                → { v, salt }            XEP-0421 hashing salt
//   rooms     <room bare JID>                   → RoomRecord             config, subject, lifetime
//   aff       <room> NUL <bare JID>             → AffiliationRecord      owner/admin/member/outcast
//   archive   <room> NUL <serial, 20 digits>    → ArchiveRecord          XEP-0313 / history, in order
//   archiveId <room> NUL <stanza-id>            → serial                 stanza-id → archive key (RSM)
//   regreq    <room> NUL <bare JID>             → RegistrationRequest    pending XEP-0045 §7.10 requests
//   purge     <room bare JID>                   → { v }                  data to remove unless stored
//   owned     <owner bare JID> NUL <topic JID>  → { v }                  stored topics per owner
//   idle      <topic JID>                       → { v, at }              last use of a topic that ends when idle
//   nest      <room> NUL <member room JID>      → { v }                  nested groups: rooms that are members
//   guests    <room> NUL <outsider bare JID>    → GuestRecord            outsiders a group talks to
//   grpreq    <room> NUL <group room JID>       → GroupRequest           pending requests of groups to join
//
// Values are JSON with a version field `v`; writes that confirm a user action use { sync: true }.
import type { AbstractLevel, AbstractSublevel } from "abstract-level";
import { Level } from "level";

export type AnyLevel = AbstractLevel<string | Buffer | Uint8Array, string, unknown>;
export type Sub<V> = AbstractSublevel<AnyLevel, string | Buffer | Uint8Array, string, V>;

export const SEP = "\u0000";
/** Write options for changes a user is told are done: fsync before the confirmation goes out.
 * (classic-level honours `sync`; the abstract types do not declare it.) */
export const DURABLE = { sync: true } as object;
export const SCHEMA_VERSION = 1;

/** The first and last possible keys under a prefix, for range reads and clears. */
export function rangeOf(prefix: string): { gte: string; lt: string } {
  return { gte: prefix + SEP, lt: prefix + "\u0001" };
}

export class Database {
  readonly meta: Sub<{ v: number; [k: string]: unknown }>;

  constructor(readonly level: AnyLevel) {
    this.meta = this.sub("meta");
  }

  sub<V>(name: string): Sub<V> {
    return this.level.sublevel<string, V>(name, { valueEncoding: "json" });
  }

  async open(): Promise<void> {
    await this.level.open();
    const schema = await this.meta.get("schema");
    if (!schema) await this.meta.put("schema", { v: 1, schema: SCHEMA_VERSION }, DURABLE);
    else if ((schema.schema as number) > SCHEMA_VERSION) {
      throw new Error(
        `the database was written by a newer Manifold (schema ${String(schema.schema)}); refusing to open it`,
      );
    }
  }

  close(): Promise<void> {
    return this.level.close();
  }

  get isOpen(): boolean {
    return this.level.status === "open";
  }
}

export function openLevel(path: string): AnyLevel {
  return new Level<string, unknown>(path, { valueEncoding: "json" });
}
