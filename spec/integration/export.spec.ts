// Backup and restore as an operator does it, against a real server: `manifold export` (the CLI, in
// its own process) from a running Manifold, `manifold import` into a fresh directory, Manifold
// started on that directory, and the same rooms, topics, members and archives answer.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ADMIN_FILE, type AdminFile } from "../../src/http/admin.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { useServer, type XmppServer } from "../helpers/server.js";
import { MUC, enter } from "../helpers/rooms.js";
import { xml, type TestUser } from "../helpers/users.js";
import {
  addMembers,
  archive,
  createPersistentTopic,
  groupchat,
  memberList,
  people,
} from "../helpers/topics.js";
import { createGroup, addMembers as addRoomMembers, freshRoom } from "../helpers/groups.js";
import { freshTopic } from "../helpers/topics.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the manifold CLI in its own process, as an operator would; resolves with stderr. */
async function manifold(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      {
        cwd: root,
      },
    );
    return { code: 0, stderr };
  } catch (err) {
    const failed = err as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

const records = (file: string, ...sublevels: string[]) =>
  readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .slice(1, -1)
    .filter((line) => sublevels.includes((JSON.parse(line) as { sublevel: string }).sublevel));

describe("export and import (manifold CLI) against a real server", function () {
  // Each CLI call starts a Node process with tsx.
  this.timeout(60000);
  let server: XmppServer;
  let running: RunningManifold | undefined;
  let alice: TestUser;
  let bob: TestUser;
  const work = mkdtempSync(join(tmpdir(), "manifold-export-"));
  const backup = join(work, "backup.jsonl");
  const restored = join(work, "restored");
  const room = freshRoom("backup");
  const topic = freshTopic("backup");

  before(async () => {
    server = await useServer();
    running = await startManifold(server);
    [alice, bob] = (await people(server, "alice", "bob")) as [TestUser, TestUser];
    await createGroup(alice, room, "Alice", { name: "Backed up" });
    await addRoomMembers(alice, room, bob);
    await alice.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "before the backup")));
    await alice.waitFor((el) => el.getChildText("body") === "before the backup");
    await createPersistentTopic(alice, topic);
    await addMembers(alice, topic, bob);
    await groupchat(alice, topic, "topic news");
    await alice.waitFor(
      (el) => el.attrs.from === `${topic}/Alice` && el.getChildText("body") === "topic news",
    );
  });
  after(async () => {
    await Promise.all([alice?.stop(), bob?.stop()]);
    await running?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("publishes the admin address and token for the CLI, readable by the owner only", () => {
    const file = join(running!.dataDir, ADMIN_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const admin = JSON.parse(readFileSync(file, "utf8")) as AdminFile;
    assert.equal(admin.url, running!.app.httpUrl);
  });

  it("refuses the export route without the token", async () => {
    const res = await fetch(`${running!.app.httpUrl!}/admin/export`, {
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(res.status, 401);
  });

  it("exports from the running Manifold to a file", async () => {
    const { code, stderr } = await manifold("export", "--data", running!.dataDir, "--out", backup);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^exported \d+ records from /);
    const lines = readFileSync(backup, "utf8").trimEnd().split("\n");
    assert.equal(JSON.parse(lines[0]!).format, "manifold-snapshot/1");
    assert.ok(records(backup, "rooms").some((line) => line.includes(room)));
    assert.ok(records(backup, "rooms").some((line) => line.includes(topic)));
  });

  it("refuses to import into the directory Manifold runs on", async () => {
    const { code, stderr } = await manifold("import", backup, "--data", running!.dataDir);
    assert.notEqual(code, 0);
    assert.match(stderr, /is in use \(Manifold runs on it\): stop Manifold first/);
  });

  it("imports into a fresh directory, and Manifold started there answers as before", async () => {
    const imported = await manifold("import", backup, "--data", restored);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /^imported \d+ records \(schema \d+, exported .* by Manifold .*\) into /);
    await running!.stop();
    running = await startManifold(server, { dataDir: restored });

    // The room: bob is still a member (members-only) and gets its history.
    await bob.send(xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC })));
    const history = await bob.waitFor((el) => el.getChildText("body") === "before the backup");
    assert.ok(history.getChild("delay", "urn:xmpp:delay"), "as history");
    // The topic: same members, same archive.
    assert.deepEqual(await memberList(alice, topic), [bob.bare]);
    const archived = await archive(alice, topic);
    assert.deepEqual(
      archived.map((m) => m.getChildText("body")),
      ["topic news"],
    );
    await enter(alice, topic, "Alice");
  });

  it("exports a stopped store by opening it directly: the same rooms, members and archives", async () => {
    const offline = join(work, "offline.jsonl");
    const url = running!.app.httpUrl!;
    await running!.stop();
    running = undefined;
    // As a crash would leave it: an admin file naming an address nobody listens on any more.
    writeFileSync(join(restored, ADMIN_FILE), JSON.stringify({ url, token: "stale" }), { mode: 0o600 });
    const { code, stderr } = await manifold("export", "--data", restored, "--out", offline);
    assert.equal(code, 0, stderr);
    const kept = [
      "rooms",
      "aff",
      "archive",
      "archiveId",
      "archiveRef",
      "guests",
      "grpreq",
      "regreq",
      "prefs",
    ];
    assert.deepEqual(records(offline, ...kept), records(backup, ...kept));
  });
});
