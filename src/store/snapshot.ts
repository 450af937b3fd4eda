// Whole-store snapshots as JSON lines (`manifold export`; docs/operations.md "Backup and restore").
// Line 1 is a header, then one line per stored record of every sublevel, then a footer with the
// record count so that a cut-short file is never mistaken for a backup. Records are read from the
// root of the store, not through the stores, so sublevels added later are exported without any
// change here; everything comes from one LevelDB snapshot, so the file is consistent even while
// Manifold keeps writing.
import type { AnyLevel } from "./db.js";

/** Names the line format; bumped only if the shape of the lines changes (not the store schema). */
export const SNAPSHOT_FORMAT = "manifold-snapshot/1";

export interface SnapshotHeader {
  format: string;
  /** The store schema the records are in (meta "schema"); import refuses a newer one. */
  schema: number;
  /** The Manifold version that wrote the file. */
  manifold: string;
  exportedAt: string;
}

export interface SnapshotRecord {
  sublevel: string;
  key: string;
  value: unknown;
}

export interface SnapshotFooter {
  end: true;
  records: number;
}

/** abstract-level stores a sublevel's entries under "!<name>!<key>" in the root. */
export function splitRootKey(rootKey: string): { sublevel: string; key: string } {
  const close = rootKey.indexOf("!", 1);
  if (!rootKey.startsWith("!") || close === -1) return { sublevel: "", key: rootKey };
  return { sublevel: rootKey.slice(1, close), key: rootKey.slice(close + 1) };
}

/** Every line of a snapshot of an open store, newline excluded. */
export async function* snapshotLines(
  level: AnyLevel,
  about: { manifold: string; now: () => Date },
): AsyncGenerator<string> {
  const snapshot = level.snapshot();
  try {
    const meta = level.sublevel<string, { schema?: unknown }>("meta", { valueEncoding: "json" });
    const stored = await meta.get("schema", { snapshot });
    const header: SnapshotHeader = {
      format: SNAPSHOT_FORMAT,
      schema: typeof stored?.schema === "number" ? stored.schema : 0,
      manifold: about.manifold,
      exportedAt: about.now().toISOString(),
    };
    yield JSON.stringify(header);
    let records = 0;
    const entries = level.iterator<string, string>({ keyEncoding: "utf8", valueEncoding: "utf8", snapshot });
    for await (const [rootKey, text] of entries) {
      const record: SnapshotRecord = { ...splitRootKey(rootKey), value: JSON.parse(text) as unknown };
      yield JSON.stringify(record);
      records++;
    }
    const footer: SnapshotFooter = { end: true, records };
    yield JSON.stringify(footer);
  } finally {
    await snapshot.close();
  }
}
