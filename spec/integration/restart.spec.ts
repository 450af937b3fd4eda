// Surviving restarts: the XMPP server killed and started again mid-session, and Manifold itself restarted.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { COMPONENT_SECRET } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { connectUser, xml } from "../helpers/users.js";
import { MUC, MUC_ADMIN, codes, configure, enter } from "../helpers/rooms.js";

describe("restarts", function () {
  this.timeout(60000);
  let server: XmppServer;
  let manifold: RunningManifold | undefined;
  const passwords = { alice: randomBytes(8).toString("hex"), bob: randomBytes(8).toString("hex") };
  const room = "persistent@groups.localhost";

  before(async () => {
    // Its own server: this spec kills and restarts it.
    server = await startServer({
      components: { "groups.localhost": COMPONENT_SECRET, "lists.localhost": COMPONENT_SECRET },
    });
    await server.registerUsers(Object.entries(passwords).map(([name, password]) => ({ name, password })));
    // ejabberd only: Mnesia writes its log behind, so accounts made a moment before a SIGKILL are
    // lost with it (Prosody writes them at once). A clean restart puts them on disk first.
    if (server.kind === "ejabberd") await server.restart();
  });
  after(async () => {
    await manifold?.stop();
    await server.stop();
  });

  it("reconnects after the server is killed and started again, with rooms and members intact", async () => {
    manifold = await startManifold(server, { env: { MANIFOLD_LOG_LEVEL: "error" } });
    let alice = await connectUser(server, "alice", passwords.alice);
    const self = await enter(alice, room, "Alice");
    assert.ok(codes(self).includes(201));
    await configure(alice, room, { "muc#roomconfig_persistentroom": "1", "muc#roomconfig_membersonly": "1" });
    await alice.iq(
      xml(
        "iq",
        { type: "set", to: room },
        xml("query", { xmlns: MUC_ADMIN }, xml("item", { affiliation: "member", jid: "bob@localhost" })),
      ),
    );

    const link = manifold.app.links[0]!;
    server.kill("SIGKILL");
    await link.when("offline");
    await alice.stop();
    await server.restart();
    const started = Date.now();
    await link.when("online"); // Manifold comes back by itself, without a restart of its own
    const reconnectMs = Date.now() - started;

    alice = await connectUser(server, "alice", passwords.alice);
    const bob = await connectUser(server, "bob", passwords.bob);
    await enter(alice, room, "Alice");
    await enter(bob, room, "Bob"); // a member: members-only and the member list survived
    await bob.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "still here")));
    await alice.waitFor((el) => el.getChildText("body") === "still here");
    await alice.stop();
    await bob.stop();
    assert.ok(reconnectMs < 15000);
  });

  it("keeps persistent rooms, members and history when Manifold itself restarts", async () => {
    const dataDir = manifold!.dataDir;
    await manifold!.stop();
    manifold = await startManifold(server, { dataDir, env: { MANIFOLD_LOG_LEVEL: "error" } });
    const bob = await connectUser(server, "bob", passwords.bob);
    await bob.send(xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC })));
    const history = await bob.waitFor((el) => el.getChildText("body") === "still here");
    assert.ok(history.getChild("delay", "urn:xmpp:delay"), "replayed as history");
    await bob.stop();
  });
});
