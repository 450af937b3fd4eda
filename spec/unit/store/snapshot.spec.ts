// manifold export / import at the store level: what a snapshot holds, that it is consistent while
// the store changes, that it restores exactly, and every refusal of a file or a target store.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Database, IMPORT_MARK, SCHEMA_VERSION, openLevel } from "../../../src/store/db.js";
import { isEmpty, openOffline } from "../../../src/store/offline.js";
import { SNAPSHOT_FORMAT, snapshotLines } from "../../../src/store/snapshot.js";
import { checkSnapshot, importSnapshot } from "../../../src/store/snapshot-import.js";
import { writeSnapshot } from "../../../src/store/snapshot-output.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { recordsOf, snapshotOf, tempDir, writeLines } from "./snapshot-helpers.js";

describe("store snapshots", () => {
  describe("export", () => {
    let db: Database;
    beforeEach(async () => {
      db = await memoryDatabase();
    });
    afterEach(() => db.close());

    it("starts with a header naming the format, schema, Manifold version and time, and ends with the count", async () => {
      await db.sub("rooms").put("tea@groups.example.org", { v: 1, jid: "tea@groups.example.org" });
      const lines = await snapshotOf(db.level);
      assert.deepEqual(JSON.parse(lines[0]!), {
        format: SNAPSHOT_FORMAT,
        schema: SCHEMA_VERSION,
        manifold: "0.0.0-spec",
        exportedAt: "2026-02-01T00:00:00.000Z",
      });
      const records = recordsOf(lines);
      assert.deepEqual(JSON.parse(lines.at(-1)!), { end: true, records: records.length });
      assert.ok(records.some((r) => r.sublevel === "meta" && r.key === "schema"));
    });

    it("holds every key of every sublevel, including ones no store of today declares", async () => {
      await db.sub("aff").put("tea@groups.example.org\u0000bob@example.org", { v: 1, affiliation: "member" });
      await db.level
        .sublevel<string, object>("future", { valueEncoding: "json" })
        .put("k", { v: 7, note: "é ✓" });
      const records = recordsOf(await snapshotOf(db.level));
      assert.deepEqual(
        records.find((r) => r.sublevel === "aff"),
        {
          sublevel: "aff",
          key: "tea@groups.example.org\u0000bob@example.org",
          value: { v: 1, affiliation: "member" },
        },
      );
      assert.deepEqual(
        records.find((r) => r.sublevel === "future"),
        { sublevel: "future", key: "k", value: { v: 7, note: "é ✓" } },
      );
    });

    it("is one consistent snapshot: writes made while it is read are not in it", async () => {
      const rooms = db.sub<{ v: number }>("rooms");
      for (const name of ["a", "b", "c"]) await rooms.put(`${name}@groups.example.org`, { v: 1 });
      const lines: string[] = [];
      for await (const line of snapshotLines(db.level, { manifold: "x", now: () => new Date(0) })) {
        lines.push(line);
        // After the header has gone out, the store changes under the export.
        if (lines.length === 1) {
          await rooms.put("late@groups.example.org", { v: 1 });
          await rooms.del("a@groups.example.org");
        }
      }
      const jids = recordsOf(lines)
        .filter((r) => r.sublevel === "rooms")
        .map((r) => r.key);
      assert.deepEqual(jids, ["a@groups.example.org", "b@groups.example.org", "c@groups.example.org"]);
    });
  });

  describe("writing an export out", () => {
    let dir: ReturnType<typeof tempDir>;
    beforeEach(() => {
      dir = tempDir();
    });
    afterEach(() => dir.remove());

    async function* from(lines: string[]) {
      for (const line of lines) yield await Promise.resolve(line);
    }

    it("writes a complete export to its file, readable by the owner only", async () => {
      const db = await memoryDatabase();
      const lines = await snapshotOf(db.level);
      await db.close();
      const out = join(dir.path, "backup.jsonl");
      assert.equal(await writeSnapshot(from(lines), out), recordsOf(lines).length);
      assert.equal(readFileSync(out, "utf8"), lines.map((l) => `${l}\n`).join(""));
      assert.equal(statSync(out).mode & 0o777, 0o600);
    });

    it("fails on a stream cut short, and leaves no file behind", async () => {
      const db = await memoryDatabase();
      const lines = await snapshotOf(db.level);
      await db.close();
      const out = join(dir.path, "backup.jsonl");
      await assert.rejects(writeSnapshot(from(lines.slice(0, -1)), out), /the export was cut short/);
      assert.deepEqual(readdirSync(dir.path), []);
    });
  });

  describe("import", () => {
    let dir: ReturnType<typeof tempDir>;
    beforeEach(() => {
      dir = tempDir();
    });
    afterEach(() => dir.remove());

    /** A snapshot of a small schema-N store, as lines. */
    async function sample(): Promise<string[]> {
      const db = await memoryDatabase();
      await db.sub("rooms").put("tea@groups.example.org", { v: 1, jid: "tea@groups.example.org" });
      await db.sub("archive").put("tea@groups.example.org\u000000000000000000000001", { v: 1, id: "m1" });
      await db.sub("fanout").put("00000000000000000001", { v: 1, parts: [], done: 0 });
      const lines = await snapshotOf(db.level);
      await db.close();
      return lines;
    }

    it("restores every record into a new directory exactly as exported", async () => {
      const lines = await sample();
      const file = writeLines(dir.path, "backup.jsonl", lines);
      const target = join(dir.path, "store");
      const summary = await importSnapshot(file, target);
      assert.equal(summary.records, recordsOf(lines).length);
      const level = await openOffline(target, { create: false });
      const again = await snapshotOf(level);
      await level.close();
      assert.deepEqual(recordsOf(again), recordsOf(lines));
    });

    it("leaves a store that opens at once, with no import mark left", async () => {
      const target = join(dir.path, "store");
      await importSnapshot(writeLines(dir.path, "b.jsonl", await sample()), target);
      const db = new Database(openLevel(target));
      await db.open();
      assert.equal(await db.meta.get(IMPORT_MARK), undefined);
      assert.deepEqual(await db.sub("rooms").get("tea@groups.example.org"), {
        v: 1,
        jid: "tea@groups.example.org",
      });
      await db.close();
    });

    it("refuses a store that is not empty, and leaves it as it was", async () => {
      const target = join(dir.path, "store");
      const db = new Database(openLevel(target));
      await db.open();
      await db.sub("rooms").put("mine@groups.example.org", { v: 1 });
      const before = recordsOf(await snapshotOf(db.level));
      await db.close();
      await assert.rejects(importSnapshot(writeLines(dir.path, "b.jsonl", await sample()), target), {
        message: `the store at ${target} is not empty: import only into a new or empty directory`,
      });
      const level = await openOffline(target, { create: false });
      assert.deepEqual(recordsOf(await snapshotOf(level)), before);
      await level.close();
    });

    it("refuses a store Manifold has open", async () => {
      const target = join(dir.path, "store");
      const running = new Database(openLevel(target));
      await running.open();
      try {
        await assert.rejects(importSnapshot(writeLines(dir.path, "b.jsonl", await sample()), target), {
          name: "StoreBusyError",
          message: `the store at ${target} is in use (Manifold runs on it): stop Manifold first`,
        });
      } finally {
        await running.close();
      }
    });

    const refusals: [string, (lines: string[]) => string[], RegExp][] = [
      [
        "a sublevel this Manifold does not know, with its line number",
        (l) => [...l.slice(0, 2), '{"sublevel":"mystery","key":"k","value":{"v":1}}', ...l.slice(2)],
        /^line 3: unknown sublevel "mystery"/,
      ],
      [
        "an export of a newer schema, at line 1",
        (l) => [
          JSON.stringify({ ...JSON.parse(l[0]!), schema: SCHEMA_VERSION + 1, manifold: "9.0.0" }),
          ...l.slice(1),
        ],
        new RegExp(
          `^line 1: the export is of store schema ${SCHEMA_VERSION + 1}, newer than this Manifold's \\(${SCHEMA_VERSION}\\): import it with Manifold 9.0.0 or later$`,
        ),
      ],
      [
        "a file cut short (no end line)",
        (l) => l.slice(0, -1),
        /^the file ends at line \d+ without its end line: the export was cut short$/,
      ],
      ["a line that is not JSON", (l) => [l[0]!, "{oops", ...l.slice(1)], /^line 2: not a JSON line$/],
      [
        "a file that is not an export",
        (l) => ['{"hello":1}', ...l.slice(1)],
        /^line 1: not a Manifold export/,
      ],
      [
        "an end line whose count is wrong",
        (l) => [...l.slice(0, -1), '{"end":true,"records":1}'],
        /^line \d+: the end line counts 1 records, not \d+$/,
      ],
      [
        "a schema record that contradicts the header",
        (l) => l.map((line) => line.replace(/("key":"schema","value":\{"v":1,"schema":)\d+/, "$11")),
        /^line \d+: the stored schema 1 differs from the header's \d+$/,
      ],
    ];
    for (const [what, change, message] of refusals) {
      it(`refuses ${what}, writing nothing`, async () => {
        const file = writeLines(dir.path, "bad.jsonl", change(await sample()));
        await assert.rejects(checkSnapshot(file), { name: "ImportError", message });
        const target = join(dir.path, "store");
        await assert.rejects(importSnapshot(file, target), { message });
        assert.ok(readFileSync(file, "utf8").length > 0);
        const level = await openOffline(target, { create: true });
        assert.ok(await isEmpty(level), "nothing was written");
        await level.close();
      });
    }

    it("leaves a store that refuses to open if the import was interrupted", async () => {
      const target = join(dir.path, "store");
      const db = new Database(openLevel(target));
      await db.level.open();
      await db.meta.put(IMPORT_MARK, { v: 1 });
      await db.close();
      const again = new Database(openLevel(target));
      await assert.rejects(again.open(), /an import into this store did not finish/);
      await again.close();
    });

    it("reports what a valid file holds: its header and record count", async () => {
      const lines = await sample();
      const summary = await checkSnapshot(writeLines(dir.path, "ok.jsonl", lines));
      assert.deepEqual(summary, { header: JSON.parse(lines[0]!), records: recordsOf(lines).length });
    });
  });
});
