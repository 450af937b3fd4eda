// Server-side fan-out (issue 18) on the real server: Prosody with Manifold's mod_manifold_multicast,
// ejabberd with its mod_multicast. Copies leave Manifold as one stanza the server expands; each
// recipient must get exactly what a copy sent alone would have given them, through the server's
// normal path: live sessions, offline storage and their own archive (MAM and carbons on), with the
// message id and stanza-id kept and no trace of who else got it. A server that refuses Manifold,
// and `delivery.expansion: off`, mean one copy per recipient, and nothing lost.
import assert from "node:assert/strict";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { GROUPS_DOMAIN, MANIFOLD_COMPONENTS, SERVER_KIND } from "../helpers/server.js";
import { uniqueName, xml, type TestUser } from "../helpers/users.js";
import { configure, enter } from "../helpers/rooms.js";
import {
  ADDRESS,
  addMembers,
  admin,
  archive,
  bareOf,
  createPersistentTopic,
  freshTopic,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  people,
  reconnect,
  SID,
} from "../helpers/topics.js";
import type { Element } from "../../src/xmpp/xml.js";

const EXPANDED = "manifold_expanded_copies_total";

/** What a recipient must find in their copy: their own address, the shared id and stanza-id, no
 *  <addresses>, and no other recipient named anywhere in it. */
function assertOwnCopy(copy: Element, recipient: TestUser, others: TestUser[], id: string, sid: string) {
  assert.equal(
    bareOf(copy.attrs.to ?? ""),
    recipient.bare,
    `addressed to ${recipient.bare}: ${copy.toString()}`,
  );
  assert.equal(copy.attrs.id, id, "the message id is the one every copy carries");
  const stanzaId = copy.getChildren("stanza-id", SID).find((s) => s.attrs.by?.endsWith(`@lists.localhost`));
  assert.equal(stanzaId?.attrs.id, sid, "the topic's stanza-id is kept");
  assert.equal(copy.getChild("addresses", ADDRESS), undefined, "no <addresses> reaches a recipient");
  const text = copy.toString();
  for (const other of others) assert.ok(!text.includes(other.bare.split("@")[0]!), `names no other member`);
}

describe(`server-side fan-out through ${SERVER_KIND}'s multicast service`, function () {
  this.timeout(60_000);

  describe("with MAM, carbons and offline storage on", () => {
    let server: XmppServer;
    let manifold: RunningManifold;
    const sessions: TestUser[] = [];

    before(async () => {
      server = await startServer({ components: { ...MANIFOLD_COMPONENTS }, archive: true });
      manifold = await startManifold(server);
    });
    after(async () => {
      await Promise.all(sessions.map((s) => s.stop()));
      await manifold.stop();
      await server.stop();
    });

    it("gives each member one copy of their own, live, from offline storage and in their archive", async () => {
      const [alice, bob, carol, dave] = await people(server, "xa", "xb", "xc", "xd");
      sessions.push(alice!, bob!, dave!);
      const bob2 = await reconnect(server, bob!);
      sessions.push(bob2);
      for (const session of [bob!, bob2])
        await session.iq(xml("iq", { type: "set" }, xml("enable", { xmlns: "urn:xmpp:carbons:2" })));
      const topic = freshTopic("expand");
      await createPersistentTopic(alice!, topic);
      await addMembers(alice!, topic, bob!, carol!, dave!);
      await carol!.stop(); // offline: the server keeps her copy
      const members = [bob!, carol!, dave!];
      const expandedBefore = await manifold.app.metrics.count(EXPANDED);

      await groupchat(alice!, topic, "hello, all of you");
      const reflection = await alice!.waitFor(isGroupchatFrom(topic, "Alice", "hello, all of you"));
      const sid = reflection.getChild("stanza-id", SID)!.attrs.id!;
      const live = await Promise.all(
        [bob!, bob2, dave!].map((s) => s.waitFor(isChatFrom(topic, "hello, all of you"))),
      );
      const id = live[0]!.attrs.id!;
      assertOwnCopy(live[0]!, bob!, [carol!, dave!], id, sid);
      assertOwnCopy(live[1]!, bob!, [carol!, dave!], id, sid);
      assertOwnCopy(live[2]!, dave!, [bob!, carol!], id, sid);
      await manifold.app.idle();
      assert.equal(
        (await manifold.app.metrics.count(EXPANDED)) - expandedBefore,
        members.length,
        "the server made all three copies from one stanza",
      );

      const carolAgain = await reconnect(server, carol!);
      sessions.push(carolAgain);
      const offline = await carolAgain.waitFor(isChatFrom(topic, "hello, all of you"));
      assert.ok(offline.getChild("delay", "urn:xmpp:delay"), "from offline storage, with its delay");
      assertOwnCopy(offline, carol!, [bob!, dave!], id, sid);

      for (const [member, session] of [
        [bob!, bob!],
        [carol!, carolAgain],
        [dave!, dave!],
      ] as const) {
        const archived = (await archive(session, member.bare)).filter(
          (m) => m.getChildText("body") === "hello, all of you",
        );
        assert.equal(archived.length, 1, `${member.bare}'s archive holds the message once`);
        assertOwnCopy(
          archived[0]!,
          member,
          members.filter((m) => m !== member),
          id,
          sid,
        );
      }
    });

    it("bounces a member the server does not know on its own; the others get the message", async () => {
      const [alice, bob] = await people(server, "xe", "xf");
      sessions.push(alice!, bob!);
      const topic = freshTopic("expand-ghost");
      await createPersistentTopic(alice!, topic);
      const ghost = `${uniqueName("ghost")}@${server.domain}`;
      await addMembers(alice!, topic, bob!);
      await admin(alice!, topic, { jid: ghost, affiliation: "member" });
      const bouncesBefore = await manifold.app.metrics.count("manifold_bounces_total");
      const expandedBefore = await manifold.app.metrics.count(EXPANDED);

      await groupchat(alice!, topic, "anyone there?");
      await bob!.waitFor(isChatFrom(topic, "anyone there?"));
      // idle() waits for the server's confirmation, which it sends after the copies' bounces.
      await manifold.app.idle();
      assert.equal((await manifold.app.metrics.count(EXPANDED)) - expandedBefore, 2, "one stanza for both");
      // The ghost's bounce came from the ghost's JID, as for a copy sent alone.
      assert.equal((await manifold.app.metrics.count("manifold_bounces_total")) - bouncesBefore, 1);
    });

    it("reflects a message to some members to each of the owner's sessions, its addresses kept", async () => {
      const [alice, bob, carol] = await people(server, "xm", "xn", "xo");
      sessions.push(alice!, bob!, carol!);
      const alice2 = await reconnect(server, alice!);
      sessions.push(alice2);
      const topic = freshTopic("expand-owner");
      await createPersistentTopic(alice!, topic);
      await enter(alice2, topic, "Alice");
      await addMembers(alice!, topic, bob!, carol!);

      const toBob = xml("addresses", { xmlns: ADDRESS }, xml("address", { type: "to", jid: bob!.bare }));
      await groupchat(alice!, topic, "just for bob", toBob);
      // Two sessions: the reflection is a copy the server could expand, but it names its recipients
      // in addresses of its own, which the multicast service must never read as its orders.
      const reflections = await Promise.all(
        [alice!, alice2].map((session) => session.waitFor(isGroupchatFrom(topic, "Alice", "just for bob"))),
      );
      for (const reflection of reflections) {
        const named = reflection.getChild("addresses", ADDRESS)?.getChildren("address") ?? [];
        assert.deepEqual(
          named.map((a) => a.attrs.jid),
          [bob!.bare],
        );
      }
      await bob!.waitFor(isChatFrom(topic, "just for bob"));
    });

    it("sends a room message to every occupant's session through the server", async () => {
      const [alice, bob, dave] = await people(server, "xg", "xh", "xi");
      sessions.push(alice!, bob!, dave!);
      const room = `${uniqueName("expand-room")}@${GROUPS_DOMAIN}`;
      await enter(alice!, room, "alice");
      await configure(alice!, room);
      await enter(bob!, room, "bob");
      await enter(dave!, room, "dave");
      const expandedBefore = await manifold.app.metrics.count(EXPANDED);

      await alice!.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "room hello")));
      const isRoomHello = (el: Element) =>
        el.name === "message" &&
        el.attrs.from === `${room}/alice` &&
        el.getChildText("body") === "room hello";
      const copies = await Promise.all([alice!, bob!, dave!].map((u) => u.waitFor(isRoomHello)));
      for (const [i, user] of [alice!, bob!, dave!].entries()) {
        assert.equal(copies[i]!.attrs.to, user.jid, "each occupant's session gets its own copy");
        assert.equal(copies[i]!.getChild("addresses", ADDRESS), undefined);
      }
      await manifold.app.idle();
      assert.equal((await manifold.app.metrics.count(EXPANDED)) - expandedBefore, 3, "one stanza for three");
    });
  });

  describe("when the server refuses Manifold, or expansion is off", () => {
    for (const setting of ["refused", "off"] as const) {
      it(`${setting === "off" ? "with delivery.expansion off" : "refused by the service"}: one copy per member, none lost`, async () => {
        const server = await startServer({
          components: { ...MANIFOLD_COMPONENTS },
          ...(setting === "refused" ? { multicastSenders: ["someone-else.localhost"] } : {}),
        });
        const manifold = await startManifold(server, {
          env: setting === "off" ? { MANIFOLD_EXPANSION: "off" } : {},
        });
        const sessions = await people(server, "ra", "rb", "rc");
        try {
          const [alice, bob, carol] = sessions;
          const topic = freshTopic("expand-refused");
          await createPersistentTopic(alice!, topic);
          await addMembers(alice!, topic, bob!, carol!);
          await groupchat(alice!, topic, "one by one");
          await Promise.all([bob!, carol!].map((m) => m.waitFor(isChatFrom(topic, "one by one"))));
          await manifold.app.idle();
          assert.equal(await manifold.app.metrics.count(EXPANDED), 0, "no copy went through the service");
        } finally {
          await Promise.all(sessions.map((s) => s.stop()));
          await manifold.stop();
          await server.stop();
        }
      });
    }
  });
});
