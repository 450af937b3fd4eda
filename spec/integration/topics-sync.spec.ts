// delivery.serverSyncMs (docs/servers.md: 2500 on ejabberd, whose database writes trail its answers)
// holds back only the fan-out journal's confirmation mark, never the next message: topic messages
// sent back to back reach a member while the first one's confirmation is still waiting it out.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { MANIFOLD_COMPONENTS } from "../helpers/server.js";
import { connectUser, randomPassword, uniqueName, type TestUser } from "../helpers/users.js";
import { addMembers, createPersistentTopic, freshTopic, groupchat, isChatFrom } from "../helpers/topics.js";

/** Long enough that a pass waiting for it could not go unnoticed: the bug made each message wait. */
const SYNC_MS = 10_000;

describe("topics: serverSyncMs holds back confirmations, not messages", function () {
  this.timeout(60_000);
  let server: XmppServer;
  let manifold: RunningManifold;
  const sessions: TestUser[] = [];

  before(async () => {
    // Its own server and Manifold: the shared Manifold runs with serverSyncMs 0.
    server = await startServer({ components: { ...MANIFOLD_COMPONENTS } });
    const file = join(mkdtempSync(join(tmpdir(), "manifold-sync-")), "config.yaml");
    writeFileSync(file, `delivery:\n  serverSyncMs: ${SYNC_MS}\n`);
    manifold = await startManifold(server, { env: { MANIFOLD_CONFIG: file } });
  });
  after(async () => {
    await Promise.all(sessions.map((s) => s.stop()));
    await manifold.stop();
    await server.stop();
  });

  it("delivers messages sent back to back while the first one's confirmation still waits", async () => {
    const names = [uniqueName("sync-alice"), uniqueName("sync-bob")];
    const accounts = names.map((name) => ({ name, password: randomPassword() }));
    await server.registerUsers(accounts);
    const [alice, bob] = await Promise.all(accounts.map((a) => connectUser(server, a.name, a.password)));
    sessions.push(alice!, bob!);
    const topic = freshTopic("sync");
    await createPersistentTopic(alice!, topic);
    await addMembers(alice!, topic, bob!);

    const bodies = ["first", "second", "third"];
    for (const body of bodies) await groupchat(alice!, topic, body);
    for (const body of bodies) await bob!.waitFor(isChatFrom(topic, body));
    // Had each pass waited out serverSyncMs, "second" would have gone out only after "first" was
    // confirmed for good; instead all three arrived with every copy still unconfirmed.
    const pending = await manifold.app.metrics.count("manifold_fanout_pending_copies");
    assert.equal(pending, bodies.length, "all three copies arrived before any confirmation completed");
  });
});
