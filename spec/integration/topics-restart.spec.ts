// Persistent topics across a Manifold restart (docs/protocol.md, "Topic service: lists.localhost":
// Lifetime, Presence and consent): the topic, its members and its history come back, and the topic
// probes its members so that their presence is known again.
import assert from "node:assert/strict";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { xml, type TestUser } from "../helpers/users.js";
import { MUC, codes } from "../helpers/rooms.js";
import {
  addMembers,
  answerSubscription,
  createPersistentTopic,
  freshTopic,
  isChatFrom,
  isOccupantPresence,
  memberList,
  nickOf,
  people,
  sendToAll,
} from "../helpers/topics.js";

describe("topics: a Manifold restart", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold | undefined;
  let users: TestUser[] = [];

  before(async () => {
    server = await useServer();
  });
  after(() => manifold?.stop());
  afterEach(() => Promise.all(users.map((u) => u.stop())));

  it("keeps a persistent topic with its members and history, and learns their presence again", async () => {
    manifold = await startManifold(server);
    users = await people(server, "alice", "bob");
    const [alice, bob] = users as [TestUser, TestUser];
    const topic = freshTopic("x");
    const bobAsOccupant = (show: string) => (el: TestUser["inbox"][number]) =>
      isOccupantPresence(topic, nickOf(bob))(el) && el.getChildText("show") === show;

    await createPersistentTopic(alice, topic);
    await addMembers(alice, topic, bob);
    await answerSubscription(bob, topic, "subscribed");
    await bob.send(xml("presence", {}, xml("show", {}, "dnd")));
    await alice.waitFor(bobAsOccupant("dnd"));
    await sendToAll(alice, topic, "before the restart");
    await bob.waitFor(isChatFrom(topic, "before the restart"));

    const dataDir = manifold.dataDir;
    await manifold.stop();
    manifold = undefined;
    manifold = await startManifold(server, { dataDir });

    await alice.send(xml("presence", { to: `${topic}/Alice` }, xml("x", { xmlns: MUC })));
    const self = await alice.waitFor(
      (el) => el.name === "presence" && el.attrs.from === `${topic}/Alice` && codes(el).includes(110),
    );
    assert.ok(!codes(self).includes(201), "the topic was not created again");
    const history = await alice.waitFor(
      (el) => el.getChildText("body") === "before the restart" && !!el.getChild("delay", "urn:xmpp:delay"),
    );
    assert.equal(history.attrs.from, `${topic}/Alice`);
    await alice.waitFor(bobAsOccupant("dnd")); // probed after the restart
    assert.deepEqual(await memberList(alice, topic), [bob.bare]);

    await sendToAll(alice, topic, "after the restart");
    await bob.waitFor(isChatFrom(topic, "after the restart"));
    await bob.send(xml("message", { to: topic, type: "chat" }, xml("body", {}, "welcome back")));
    await alice.waitFor(
      (el) => el.attrs.from === `${topic}/${nickOf(bob)}` && el.getChildText("body") === "welcome back",
    );
  });
});
