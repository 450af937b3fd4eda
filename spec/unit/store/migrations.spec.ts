// Schema migrations, from the stored fixtures of schema-1, schema-2 and schema-3 stores
// (spec/fixtures/store-v<N>.jsonl, written and exported by that schema's code): every record comes
// through, the new records are there, a step can run twice, and a store newer than the code is
// refused.
import assert from "node:assert/strict";
import { join } from "node:path";
import { pino } from "pino";
import type { RoomRecord } from "../../../src/muc/types.js";
import { Database, SCHEMA_VERSION, openLevel } from "../../../src/store/db.js";
import { MIGRATIONS } from "../../../src/store/migrations.js";
import { importSnapshot } from "../../../src/store/snapshot-import.js";
import type { SnapshotRecord } from "../../../src/store/snapshot.js";
import { STORE_V1, STORE_V2, STORE_V3, keyOf, recordsOf, snapshotOf, tempDir } from "./snapshot-helpers.js";
import { readFileSync } from "node:fs";

const fixture = recordsOf(readFileSync(STORE_V1, "utf8").trimEnd().split("\n"));

/** What schema 2 adds: each stored public room, listed under its service domain. */
function expectedDirectory(records: SnapshotRecord[]): SnapshotRecord[] {
  return records
    .filter((r) => r.sublevel === "rooms" && (r.value as RoomRecord).config.public)
    .map((r) => {
      const room = r.value as RoomRecord;
      const domain = room.jid.split("@")[1]!;
      return {
        sublevel: "directory",
        key: `${domain}\u0000${room.jid}`,
        value: { v: 1, name: room.config.name },
      };
    });
}

/** What schema 3 adds: each archived message under its author and the `id` the author gave it
 * (read here from the archived stanza's opening tag; the fixtures carry no origin-ids). */
function expectedSenderIds(records: SnapshotRecord[]): SnapshotRecord[] {
  return records
    .filter((r) => r.sublevel === "archive")
    .map((r) => {
      const record = r.value as { id: string; jid: string; xml: string };
      const own = /^<message [^>]*\bid="([^"]+)"/.exec(record.xml)![1]!;
      const room = r.key.split("\u0000")[0]!;
      return { sublevel: "archiveRef", key: `${room}\u0000${record.jid}\u0000${own}`, value: record.id };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** What schema 4 changes: each archived message lists the ids its sender index names it by. */
function withRefs(record: SnapshotRecord, index: SnapshotRecord[]): SnapshotRecord {
  if (record.sublevel !== "archive") return record;
  const value = record.value as { id: string };
  const room = record.key.split("\u0000")[0]!;
  const refs = index
    .filter((r) => r.key.startsWith(room + "\u0000") && r.value === value.id)
    .map((r) => r.key.split("\u0000").at(-1)!);
  return { ...record, value: { ...value, refs } };
}

describe("store migrations", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database;
  const logged: { msg: string; from?: number; to?: number }[] = [];

  beforeEach(async () => {
    dir = tempDir();
    await importSnapshot(STORE_V1, join(dir.path, "store"));
    db = new Database(openLevel(join(dir.path, "store")));
    logged.length = 0;
    const log = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    await db.open(log);
  });
  afterEach(async () => {
    await db.close();
    dir.remove();
  });

  it("has one step for each schema from 1 up to the current one", () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.from),
      Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1),
    );
  });

  it("brings the schema-1 fixture to the current schema, and logs each step", async () => {
    assert.deepEqual(await db.meta.get("schema"), { v: 1, schema: SCHEMA_VERSION });
    const steps = logged.filter((l) => l.msg.startsWith("migrating the store"));
    assert.deepEqual(
      steps.map((l) => [l.from, l.to]),
      [
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    );
    assert.ok(logged.some((l) => l.msg === "store migrated" && l.to === SCHEMA_VERSION));
  });

  it("keeps every record of the fixture and adds the directory and the archive's sender ids", async () => {
    const after = recordsOf(await snapshotOf(db.level));
    const byKey = new Map(after.map((r) => [keyOf(r), r]));
    const index = expectedSenderIds(fixture);
    for (const record of fixture) {
      if (record.sublevel === "meta" && record.key === "schema") continue;
      assert.deepEqual(byKey.get(keyOf(record)), withRefs(record, index), `${keyOf(record)} came through`);
    }
    const directory = after.filter((r) => r.sublevel === "directory");
    assert.deepEqual(directory, expectedDirectory(fixture));
    assert.deepEqual(
      directory.map((r) => (r.value as { name: string }).name),
      ["Alpha", "Beta", "Club", "Tea Room"],
    );
    const senderIds = after.filter((r) => r.sublevel === "archiveRef");
    assert.deepEqual(senderIds, expectedSenderIds(fixture));
    assert.ok(
      senderIds.some(
        (r) => r.key === "badminton@lists.localhost\u0000alice@localhost\u0000b1" && r.value === "s12",
      ),
      "alice's topic message is found by the id her client gave it",
    );
    assert.equal(after.length, fixture.length + directory.length + senderIds.length);
  });

  it("can run a step again (after a crash halfway) with the same result", async () => {
    const before = await snapshotOf(db.level);
    for (const step of MIGRATIONS) await step.run(db);
    assert.deepEqual(recordsOf(await snapshotOf(db.level)), recordsOf(before));
  });

  it("does nothing more when the migrated store is opened again", async () => {
    await db.close();
    db = new Database(openLevel(join(dir.path, "store")));
    logged.length = 0;
    await db.open(pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) }));
    assert.deepEqual(logged, []);
  });

  it("brings the schema-2 fixture to the current schema with only the sender ids added", async () => {
    const v2 = recordsOf(readFileSync(STORE_V2, "utf8").trimEnd().split("\n"));
    const other = tempDir();
    try {
      await importSnapshot(STORE_V2, join(other.path, "store"));
      const migrated = new Database(openLevel(join(other.path, "store")));
      await migrated.open();
      const after = recordsOf(await snapshotOf(migrated.level));
      await migrated.close();
      const byKey = new Map(after.map((r) => [keyOf(r), r]));
      const index = expectedSenderIds(v2);
      for (const record of v2) {
        if (record.sublevel === "meta" && record.key === "schema") continue;
        assert.deepEqual(byKey.get(keyOf(record)), withRefs(record, index), `${keyOf(record)} came through`);
      }
      const senderIds = after.filter((r) => r.sublevel === "archiveRef");
      assert.deepEqual(senderIds, expectedSenderIds(v2));
      assert.equal(after.length, v2.length + senderIds.length);
    } finally {
      other.remove();
    }
  });

  it("brings the schema-3 fixture to the current schema, each archived message listing its own ids", async () => {
    const v3 = recordsOf(readFileSync(STORE_V3, "utf8").trimEnd().split("\n"));
    const other = tempDir();
    try {
      await importSnapshot(STORE_V3, join(other.path, "store"));
      const migrated = new Database(openLevel(join(other.path, "store")));
      await migrated.open();
      const after = recordsOf(await snapshotOf(migrated.level));
      await migrated.close();
      const index = v3.filter((r) => r.sublevel === "archiveRef");
      assert.ok(index.length > 0, "the fixture has indexed sender ids");
      const byKey = new Map(after.map((r) => [keyOf(r), r]));
      for (const record of v3) {
        if (record.sublevel === "meta" && record.key === "schema") continue;
        assert.deepEqual(byKey.get(keyOf(record)), withRefs(record, index), `${keyOf(record)} came through`);
      }
      const listed = after
        .filter((r) => r.sublevel === "archive")
        .flatMap((r) => (r.value as { refs: string[] }).refs);
      assert.equal(listed.length, index.length, "every index entry is listed by its message");
      assert.equal(after.length, v3.length);
    } finally {
      other.remove();
    }
  });

  it("refuses a store written by a newer Manifold", async () => {
    await db.meta.put("schema", { v: 1, schema: SCHEMA_VERSION + 1 });
    await db.close();
    db = new Database(openLevel(join(dir.path, "store")));
    await assert.rejects(
      db.open(),
      new RegExp(`written by a newer Manifold \\(schema ${SCHEMA_VERSION + 1}\\); refusing to open it`),
    );
  });
});
