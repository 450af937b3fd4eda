// What the store's modules share, apart from the Database class that opens, migrates and closes the
// store (db.ts, which also documents the key layout): key helpers, sublevel names, the schema number,
// and `Database`, the view of an open database that store files and migrations are written against.
// Keeping these out of db.ts lets db.ts run the migrations without an import circle.
import type { AbstractLevel, AbstractSublevel } from "abstract-level";

export type AnyLevel = AbstractLevel<string | Buffer | Uint8Array, string, unknown>;
export type Sub<V> = AbstractSublevel<AnyLevel, string | Buffer | Uint8Array, string, V>;

export const SEP = "\u0000";
/** Write options for changes a user is told are done: fsync before the confirmation goes out.
 * (classic-level honours `sync`; the abstract types do not declare it.) */
export const DURABLE = { sync: true } as object;
/** 2: stored public rooms are listed per service in `directory` (disco#items reads only those).
 *  3: archived messages are also found by the ids their authors' clients gave them (`archiveRef`).
 *  4: each archived message lists those ids itself (`refs`), so that expiry removes them with it. */
export const SCHEMA_VERSION = 4;

/** Every sublevel Manifold writes. `sub()` takes only these names, so a new sublevel is declared
 * here, where `manifold import` learns which sublevels a valid export may hold. */
export const SUBLEVELS = [
  "meta",
  "rooms",
  "aff",
  "archive",
  "archiveId",
  "archiveRef",
  "archiveReport",
  "regreq",
  "purge",
  "owned",
  "idle",
  "nest",
  "guests",
  "grpreq",
  "prefs",
  "fanout",
  "fanoutMark",
  "avatar",
  "directory",
] as const;
export type SublevelName = (typeof SUBLEVELS)[number];

/** The first and last possible keys under a prefix, for range reads and clears. */
export function rangeOf(prefix: string): { gte: string; lt: string } {
  return { gte: prefix + SEP, lt: prefix + "\u0001" };
}

/** An open database as store files and migrations use it: named sublevels, and the LevelDB under
 * them for batches across sublevels. db.ts's Database class is the one implementation. */
export interface Database {
  readonly level: AnyLevel;
  readonly meta: Sub<{ v: number; [k: string]: unknown }>;
  sub<V>(name: SublevelName): Sub<V>;
}
