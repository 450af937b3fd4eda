// The room service on a real server with real clients: what a person in Gajim or Profanity does.
import assert from "node:assert/strict";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { registerAndConnect, xml, type TestUser } from "../helpers/users.js";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import {
  MAM,
  MUC,
  MUC_ADMIN,
  MUC_OWNER,
  MUC_USER,
  codes,
  configure,
  enter,
  registerWithRoom,
} from "../helpers/rooms.js";

let counter = 0;
const fresh = (base: string) => `${base}${++counter}${Date.now() % 100000}`;

async function createInstantRoom(
  owner: TestUser,
  roomJid: string,
  nick: string,
  fields: Record<string, string> = {},
) {
  const self = await enter(owner, roomJid, nick);
  assert.ok(codes(self).includes(201), "the room was created");
  await configure(owner, roomJid, fields);
}

describe("rooms on a real server", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold;
  let alice: TestUser, bob: TestUser, carol: TestUser;

  before(async () => {
    server = await useServer();
    manifold = await startManifold(server);
  });
  after(() => manifold.stop());
  beforeEach(async () => {
    [alice, bob, carol] = (await registerAndConnect(server, [
      fresh("alice"),
      fresh("bob"),
      fresh("carol"),
    ])) as [TestUser, TestUser, TestUser];
  });
  afterEach(() => Promise.all([alice, bob, carol].map((u) => u.stop())));

  it("lets alice create a room, bob join, and both talk", async () => {
    const room = `${fresh("tea")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    await enter(bob, room, "Bob");
    const arrival = await alice.waitFor((el) => el.name === "presence" && el.attrs.from === `${room}/Bob`);
    assert.equal(
      arrival.getChild("x", MUC_USER)!.getChild("item")!.attrs.jid,
      bob.jid,
      "the owner sees bob's real JID",
    );

    await bob.send(
      xml("message", { to: room, type: "groupchat", id: "hello-1" }, xml("body", {}, "Hello Alice")),
    );
    const atAlice = await alice.waitFor(
      (el) => el.name === "message" && el.getChildText("body") === "Hello Alice",
    );
    assert.equal(atAlice.attrs.from, `${room}/Bob`);
    const echo = await bob.waitFor((el) => el.name === "message" && el.attrs.id === "hello-1");
    assert.equal(
      echo.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs.by,
      room,
      "the reflection carries the room's stanza-id",
    );
  });

  it("lets the owner moderate bob's message away: bob is told, the archive keeps a tombstone (XEP-0425)", async () => {
    const room = `${fresh("mod")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    await enter(bob, room, "Bob");
    await bob.send(
      xml("message", { to: room, type: "groupchat", id: "spam-1" }, xml("body", {}, "cheap watches")),
    );
    const echo = await bob.waitFor((el) => el.name === "message" && el.attrs.id === "spam-1");
    const sid = echo.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs.id!;
    const RETRACT = "urn:xmpp:message-retract:1";
    const MODERATE = "urn:xmpp:message-moderate:1";
    await alice.iq(
      xml(
        "iq",
        { type: "set", to: room },
        xml(
          "moderate",
          { xmlns: MODERATE, id: sid },
          xml("retract", { xmlns: RETRACT }),
          xml("reason", {}, "spam"),
        ),
      ),
    );
    const told = await bob.waitFor((el) => el.name === "message" && !!el.getChild("retract", RETRACT));
    assert.equal(told.attrs.from, room);
    assert.equal(told.getChild("retract", RETRACT)!.attrs.id, sid);
    assert.equal(
      told.getChild("retract", RETRACT)!.getChild("moderated", MODERATE)!.attrs.by,
      `${room}/Alice`,
    );

    await bob.iq(xml("iq", { type: "set", to: room }, xml("query", { xmlns: MAM, queryid: "after-mod" })));
    const results = bob.inbox.filter((el) => el.getChild("result", MAM)?.attrs.queryid === "after-mod");
    const archived = results.map((el) =>
      el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!,
    );
    assert.equal(archived.length, 1);
    assert.ok(archived[0]!.getChild("retracted", RETRACT), archived[0]!.toString());
    assert.ok(!archived[0]!.toString().includes("watches"));
  });

  it("delivers private messages only to the addressee", async () => {
    const room = `${fresh("pm")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    await enter(bob, room, "Bob");
    await enter(carol, room, "Carol");
    await bob.send(xml("message", { to: `${room}/Carol`, type: "chat" }, xml("body", {}, "just for you")));
    const pm = await carol.waitFor((el) => el.getChildText("body") === "just for you");
    assert.equal(pm.attrs.from, `${room}/Bob`);
    // A marker message after it proves alice received everything before it, and not the PM.
    await bob.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "marker")));
    await alice.waitFor((el) => el.getChildText("body") === "marker");
    assert.ok(!alice.inbox.some((el) => el.getChildText("body") === "just for you"));
  });

  it("replays history and answers archive queries", async () => {
    const room = `${fresh("hist")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    for (const body of ["one", "two", "three"]) {
      await alice.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, body)));
      await alice.waitFor((el) => el.getChildText("body") === body);
    }
    await bob.send(
      xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC }, xml("history", { maxstanzas: "2" }))),
    );
    const first = await bob.waitFor(
      (el) => el.name === "message" && !!el.getChild("delay", "urn:xmpp:delay"),
    );
    const second = await bob.waitFor(
      (el) => el.name === "message" && !!el.getChild("delay", "urn:xmpp:delay"),
    );
    assert.deepEqual([first.getChildText("body"), second.getChildText("body")], ["two", "three"]);

    const fin = await bob.iq(
      xml("iq", { type: "set", to: room }, xml("query", { xmlns: MAM, queryid: "q1" })),
    );
    assert.equal(fin.getChild("fin", MAM)!.attrs.complete, "true");
    const results = bob.inbox.filter((el) => el.getChild("result", MAM)?.attrs.queryid === "q1");
    assert.deepEqual(
      results.map((el) =>
        el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body"),
      ),
      ["one", "two", "three"],
    );
  });

  it("keeps non-members out of a members-only room until an owner approves their registration", async () => {
    const room = `${fresh("club")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice", { "muc#roomconfig_membersonly": "1" });
    await bob.send(xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC })));
    const refusal = await bob.waitFor((el) => el.name === "presence" && el.attrs.type === "error");
    assert.ok(refusal.getChild("error")!.getChild("registration-required"));

    await registerWithRoom(bob, room, "Bob");
    const request = await alice.waitFor((el) => el.name === "message" && !!el.getChild("x", "jabber:x:data"));
    assert.match(request.getChildText("body")!, new RegExp(bob.bare));
    await alice.send(
      xml(
        "message",
        { to: room },
        xml(
          "x",
          { xmlns: "jabber:x:data", type: "submit" },
          xml("field", { var: "FORM_TYPE" }, xml("value", {}, "http://jabber.org/protocol/muc#register")),
          xml("field", { var: "muc#jid" }, xml("value", {}, bob.bare)),
          xml("field", { var: "muc#register_allow" }, xml("value", {}, "1")),
        ),
      ),
    );
    const outcome = await bob.waitFor(
      (el) => el.name === "message" && /approved/.test(el.getChildText("body") ?? ""),
    );
    assert.equal(outcome.attrs.from, "groups.localhost", "told by the service, naming the room");
    assert.match(outcome.getChildText("body") ?? "", new RegExp(room));
    await enter(bob, room, "Bob");
  });

  it("lets the owner ban, and tells the banned user why", async () => {
    const room = `${fresh("ban")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    await enter(bob, room, "Bob");
    await alice.iq(
      xml(
        "iq",
        { type: "set", to: room },
        xml(
          "query",
          { xmlns: MUC_ADMIN },
          xml("item", { affiliation: "outcast", jid: bob.bare }, xml("reason", {}, "spam")),
        ),
      ),
    );
    const gone = await bob.waitFor(
      (el) => el.name === "presence" && el.attrs.type === "unavailable" && codes(el).includes(301),
    );
    assert.equal(gone.getChild("x", MUC_USER)!.getChild("item")!.getChildText("reason"), "spam");
    await bob.send(xml("presence", { to: `${room}/Bob` }, xml("x", { xmlns: MUC })));
    const refusal = await bob.waitFor((el) => el.name === "presence" && el.attrs.type === "error");
    assert.ok(refusal.getChild("error")!.getChild("forbidden"));
  });

  it("answers bad requests with an error and a text", async () => {
    const room = `${fresh("err")}@groups.localhost`;
    await createInstantRoom(alice, room, "Alice");
    await assert.rejects(
      bob.iq(xml("iq", { type: "get", to: room }, xml("query", { xmlns: MUC_OWNER }))),
      (err: Error & { condition?: string; text?: string }) => err.condition === "forbidden" && !!err.text,
    );
    await bob.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, "not joined")));
    const error = await bob.waitFor((el) => el.name === "message" && el.attrs.type === "error");
    assert.ok(error.getChild("error")!.getChild("not-acceptable"));
  });
});
