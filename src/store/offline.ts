// Opening a store directory from the command line (`manifold export` with no Manifold running,
// `manifold import`). LevelDB lets one process in at a time: a held lock means Manifold runs there.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Level } from "level";
import type { AnyLevel } from "./db.js";
import { snapshotLines } from "./snapshot.js";

export class StoreBusyError extends Error {
  override name = "StoreBusyError";
}

/** Opens the LevelDB at `path`; `create` makes it if missing, else a missing store is an error. */
export async function openOffline(path: string, options: { create: boolean }): Promise<AnyLevel> {
  // Every LevelDB directory has a CURRENT file: without one there is no store to read.
  if (!options.create && !existsSync(join(path, "CURRENT"))) throw new Error(`there is no store at ${path}`);
  const level = new Level<string, unknown>(path, {
    valueEncoding: "json",
    createIfMissing: options.create,
  }) as unknown as AnyLevel;
  try {
    await level.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === "LEVEL_LOCKED") {
      throw new StoreBusyError(`the store at ${path} is in use (Manifold runs on it): stop Manifold first`, {
        cause: err,
      });
    }
    throw new Error(`cannot open the store at ${path}: ${cause?.message ?? (err as Error).message}`, {
      cause: err,
    });
  }
  return level;
}

/** Whether the store holds no record at all. */
export async function isEmpty(level: AnyLevel): Promise<boolean> {
  const first = await level.keys({ limit: 1 }).all();
  return first.length === 0;
}

/** The snapshot lines of a store no Manifold runs on (the store is closed at the end). */
export async function* exportOffline(
  path: string,
  about: { manifold: string; now: () => Date },
): AsyncGenerator<string> {
  const level = await openOffline(path, { create: false });
  try {
    yield* snapshotLines(level, about);
  } finally {
    await level.close();
  }
}
