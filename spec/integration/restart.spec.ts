// Surviving restarts: Prosody killed and started again mid-session, and Manifold itself restarted.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startProsody, type Prosody } from "../../scripts/lib/prosody.js";
import { COMPONENT_SECRET } from "../helpers/prosody.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { connectUser, xml } from "../helpers/users.js";
import { MUC, MUC_ADMIN, codes, configure, enter } from "../helpers/rooms.js";

describe("restarts", function () {
  this.timeout(60000);
  let prosody: Prosody;
  let manifold: RunningManifold | undefined;
  const passwords = { alice: randomBytes(8).toString("hex"), bob: randomBytes(8).toString("hex") };
  const room = "persistent@groups.localhost";

  before(async () => {
    // Its own Prosody: this spec kills and restarts it.
    prosody = await startProsody({
      components: { "groups.localhost": COMPONENT_SECRET, "lists.localhost": COMPONENT_SECRET },
    });
    await prosody.registerUsers(Object.entries(passwords).map(([name, password]) => ({ name, password })));
  });
  after(async () => {
    await manifold?.stop();
    await prosody.stop();
  });

  it("reconnects after Prosody is killed and started again, with rooms and members intact", async () => {
    manifold = await startManifold(prosody, { env: { MANIFOLD_LOG_LEVEL: "error" } });
    let alice = await connectUser(prosody, "alice", passwords.alice);
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
    prosody.kill("SIGKILL");
    await link.when("offline");
    await alice.stop();
    await prosody.restart();
    const started = Date.now();
    await link.when("online"); // Manifold comes back by itself, without a restart of its own
    const reconnectMs = Date.now() - started;

    alice = await connectUser(prosody, "alice", passwords.alice);
    const bob = await connectUser(prosody, "bob", passwords.bob);
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
    manifold = await startManifold(prosody, { dataDir, env: { MANIFOLD_LOG_LEVEL: "error" } });
    const bob = await connectUser(prosody, "bob", passwords.bob);
    await bob.send(xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC })));
    const history = await bob.waitFor((el) => el.getChildText("body") === "still here");
    assert.ok(history.getChild("delay", "urn:xmpp:delay"), "replayed as history");
    await bob.stop();
  });
});
