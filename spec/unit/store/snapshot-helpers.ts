// Shared by the snapshot and migration specs: temporary store directories, the schema-1 fixture,
// and snapshots read back as records.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnyLevel } from "../../../src/store/db.js";
import { snapshotLines, type SnapshotRecord } from "../../../src/store/snapshot.js";

/** spec/fixtures/store-v1.jsonl: a store written and exported by the schema-1 code. */
export const STORE_V1 = fileURLToPath(new URL("../../fixtures/store-v1.jsonl", import.meta.url));
/** spec/fixtures/store-v2.jsonl: the same, by the schema-2 code. */
export const STORE_V2 = fileURLToPath(new URL("../../fixtures/store-v2.jsonl", import.meta.url));
export const STORE_V3 = fileURLToPath(new URL("../../fixtures/store-v3.jsonl", import.meta.url));

export const ABOUT = { manifold: "0.0.0-spec", now: () => new Date("2026-02-01T00:00:00Z") };

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), "manifold-store-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function snapshotOf(level: AnyLevel): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of snapshotLines(level, ABOUT)) lines.push(line);
  return lines;
}

/** The records of a snapshot (header and end line left out). */
export function recordsOf(lines: string[]): SnapshotRecord[] {
  return lines.slice(1, -1).map((line) => JSON.parse(line) as SnapshotRecord);
}

/** Writes lines as a snapshot file in `dir`; returns its path. */
export function writeLines(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(""));
  return path;
}

export const keyOf = (r: SnapshotRecord) => `${r.sublevel}/${r.key}`;
