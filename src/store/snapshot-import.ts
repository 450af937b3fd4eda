// Restoring a snapshot (`manifold import FILE`) into an empty store that no Manifold runs on. Every
// line is checked before anything is written, so a bad file leaves the directory as it was; then
// the records go in by batches and the last batch is synced. A mark in meta stays while records
// are being written, so a store left by an interrupted import refuses to open instead of starting
// half-restored. Migrations run at the next start (Database.open), as for any older store.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { DURABLE, Database, IMPORT_MARK, SCHEMA_VERSION, SUBLEVELS } from "./db.js";
import { isEmpty, openOffline } from "./offline.js";
import { SNAPSHOT_FORMAT, type SnapshotHeader, type SnapshotRecord } from "./snapshot.js";

export class ImportError extends Error {
  override name = "ImportError";
}

export interface SnapshotSummary {
  header: SnapshotHeader;
  records: number;
}

const BATCH = 1000;
const known = new Set<string>(SUBLEVELS);

/** Checks a whole snapshot file; throws an ImportError naming the first bad line. */
export async function checkSnapshot(path: string): Promise<SnapshotSummary> {
  let header: SnapshotHeader | undefined;
  let records = 0;
  let ended = false;
  let last = 0;
  for await (const [n, text] of linesOf(path)) {
    last = n;
    const value = parseLine(n, text);
    if (ended) throw new ImportError(`line ${n}: there is more after the end line`);
    if (!header) header = checkHeader(value);
    else if ("end" in value) {
      if (value.end !== true || value.records !== records)
        throw new ImportError(
          `line ${n}: the end line counts ${String(value.records)} records, not ${records}`,
        );
      ended = true;
    } else {
      checkRecord(n, value, header);
      records++;
    }
  }
  if (!header) throw new ImportError(`${path} is empty`);
  if (!ended)
    throw new ImportError(`the file ends at line ${last} without its end line: the export was cut short`);
  return { header, records };
}

/** Checks `path`, then writes its records into the empty store at `dir`. */
export async function importSnapshot(path: string, dir: string): Promise<SnapshotSummary> {
  const summary = await checkSnapshot(path);
  const level = await openOffline(dir, { create: true });
  try {
    if (!(await isEmpty(level)))
      throw new ImportError(`the store at ${dir} is not empty: import only into a new or empty directory`);
    const db = new Database(level);
    const { schema, exportedAt } = summary.header;
    await db.meta.put(IMPORT_MARK, { v: 1, schema, exportedAt });
    const subs = new Map(SUBLEVELS.map((name) => [name as string, db.sub(name)]));
    const batch: unknown[] = [];
    for await (const [n, text] of linesOf(path)) {
      const value = parseLine(n, text);
      if (n === 1 || "end" in value) continue;
      const { sublevel, key, value: stored } = value as unknown as SnapshotRecord;
      batch.push({ type: "put", sublevel: subs.get(sublevel), key, value: stored });
      if (batch.length >= BATCH) await level.batch(batch.splice(0) as never);
    }
    batch.push({ type: "del", sublevel: db.meta, key: IMPORT_MARK });
    await level.batch(batch as never, DURABLE);
  } finally {
    await level.close();
  }
  return summary;
}

async function* linesOf(path: string): AsyncGenerator<[number, string]> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) yield [++n, text];
}

function parseLine(n: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportError(`line ${n}: not a JSON line`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ImportError(`line ${n}: expected a JSON object`);
  return value as Record<string, unknown>;
}

function checkHeader(value: Record<string, unknown>): SnapshotHeader {
  if (value.format !== SNAPSHOT_FORMAT)
    throw new ImportError(`line 1: not a Manifold export (expected format ${SNAPSHOT_FORMAT})`);
  const { schema } = value;
  if (typeof schema !== "number" || !Number.isInteger(schema) || schema < 1)
    throw new ImportError(`line 1: the store schema ${JSON.stringify(schema)} is not a positive integer`);
  if (schema > SCHEMA_VERSION)
    throw new ImportError(
      `line 1: the export is of store schema ${schema}, newer than this Manifold's (${SCHEMA_VERSION}): ` +
        `import it with Manifold ${String(value.manifold)} or later`,
    );
  return value as unknown as SnapshotHeader;
}

function checkRecord(n: number, value: Record<string, unknown>, header: SnapshotHeader): void {
  const { sublevel, key } = value;
  if (typeof sublevel !== "string" || typeof key !== "string" || !("value" in value))
    throw new ImportError(`line ${n}: expected a record {sublevel, key, value}`);
  if (!known.has(sublevel))
    throw new ImportError(
      `line ${n}: unknown sublevel ${JSON.stringify(sublevel)} (not one this Manifold stores)`,
    );
  if (sublevel !== "meta") return;
  if (key === IMPORT_MARK)
    throw new ImportError(`line ${n}: the export was taken from a store whose own import had not finished`);
  const stored = (value.value as { schema?: unknown } | null)?.schema;
  if (key === "schema" && stored !== header.schema)
    throw new ImportError(
      `line ${n}: the stored schema ${JSON.stringify(stored)} differs from the header's ${header.schema}`,
    );
}
