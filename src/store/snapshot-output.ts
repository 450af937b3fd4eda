// Writing a snapshot out (`manifold export`): to stdout, or to a file that appears under its name
// only once complete (written as FILE.partial, then renamed). Either way the snapshot must end with
// its end line counting the records, or the export fails: a cut-short stream is never a backup.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { Writable } from "node:stream";
import type { SnapshotFooter } from "./snapshot.js";

export async function writeSnapshot(lines: AsyncIterable<string>, out: string | undefined): Promise<number> {
  if (!out) return writeLines(lines, process.stdout);
  const partial = `${out}.partial`;
  const file = createWriteStream(partial, { mode: 0o600 });
  try {
    const records = await writeLines(lines, file);
    file.end();
    await once(file, "finish");
    await rename(partial, out);
    return records;
  } catch (err) {
    file.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}

/** Writes every line; returns the record count once the end line has confirmed it. */
async function writeLines(lines: AsyncIterable<string>, to: Writable): Promise<number> {
  let count = 0;
  let last = "";
  for await (const line of lines) {
    count++;
    last = line;
    if (!to.write(`${line}\n`)) await once(to, "drain");
  }
  const records = count - 2;
  const footer = parseFooter(last);
  if (footer?.records !== records)
    throw new Error(`the export was cut short after ${count} lines: no complete snapshot`);
  return records;
}

function parseFooter(line: string): SnapshotFooter | undefined {
  try {
    const value = JSON.parse(line) as Partial<SnapshotFooter>;
    return value.end === true ? (value as SnapshotFooter) : undefined;
  } catch {
    return undefined;
  }
}
