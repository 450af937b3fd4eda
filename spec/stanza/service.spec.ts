// The service JID and the router's error rules: disco, ping, version, unknown queries, errors.
import assert from "node:assert/strict";
import { world, GROUPS, type World } from "./helpers/world.js";
import { createRoom, errorOf, room, ALICE } from "./helpers/muc.js";

describe("the groups service", () => {
  let w: World;
  beforeEach(async () => (w = await world()));
  afterEach(() => w.stop());

  it("identifies itself as a conference service supporting MUC", async () => {
    await w.send(
      `<iq type="get" id="i" from="${ALICE}" to="${GROUPS}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const query = w.take()[0]!.getChild("query")!;
    assert.equal(query.getChild("identity")!.attrs.category, "conference");
    const features = query.getChildren("feature").map((f) => f.attrs.var);
    assert.ok(features.includes("http://jabber.org/protocol/muc"));
    assert.ok(features.includes("urn:xmpp:ping"));
  });

  it("lists public rooms only", async () => {
    await createRoom(w, ALICE, room("open"), "Alice");
    await createRoom(w, ALICE, room("secret"), "Alice", { "muc#roomconfig_publicroom": "0" });
    await w.send(
      `<iq type="get" id="i" from="bob@localhost/b" to="${GROUPS}"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
    );
    const items = w
      .take()[0]!
      .getChild("query")!
      .getChildren("item")
      .map((i) => i.attrs.jid);
    assert.deepEqual(items, [room("open")]);
  });

  it("describes a room's kind in disco#info features", async () => {
    await createRoom(w, ALICE, room("club"), "Alice", { "muc#roomconfig_membersonly": "1" });
    await w.send(
      `<iq type="get" id="i" from="bob@localhost/b" to="${room("club")}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = w
      .take()[0]!
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attrs.var);
    for (const f of [
      "muc_membersonly",
      "muc_persistent",
      "muc_semianonymous",
      "urn:xmpp:mam:2",
      "urn:xmpp:occupant-id:0",
    ]) {
      assert.ok(features.includes(f), f);
    }
  });

  it("answers ping and software version", async () => {
    await w.send(`<iq type="get" id="p" from="${ALICE}" to="${GROUPS}"><ping xmlns="urn:xmpp:ping"/></iq>`);
    assert.equal(w.take()[0]!.attrs.type, "result");
    await w.send(
      `<iq type="get" id="v" from="${ALICE}" to="${GROUPS}"><query xmlns="jabber:iq:version"/></iq>`,
    );
    const version = w.take()[0]!.getChild("query")!;
    assert.equal(version.getChildText("name"), "Manifold");
    assert.match(version.getChildText("version")!, /^\d+\.\d+\.\d+/);
  });

  it("answers an unknown query with service-unavailable and a text", async () => {
    await w.send(
      `<iq type="get" id="u" from="${ALICE}" to="${GROUPS}"><query xmlns="urn:example:unknown"/></iq>`,
    );
    const error = errorOf(w.take()[0]);
    assert.equal(error.condition, "service-unavailable");
    assert.ok(error.text);
  });

  it("never answers a stanza of type error", async () => {
    await w.send(`<message type="error" from="${ALICE}" to="${room("x")}"><error type="cancel"/></message>`);
    await w.send(`<iq type="error" id="z" from="${ALICE}" to="${GROUPS}"/>`);
    assert.deepEqual(w.take(), []);
  });

  it("answers a plain message to the service with a help text naming what it can do", async () => {
    await w.send(`<message from="${ALICE}" to="${GROUPS}"><body>hello?</body></message>`);
    const [answer] = w.take();
    assert.equal(answer?.attrs.type, "chat");
    assert.equal(answer?.attrs.from, GROUPS);
    assert.match(answer?.getChildText("body") ?? "", /join a room[\s\S]*preferences/);
  });

  it("answers a chat message to a room's bare JID with bad-request explaining groupchat", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    await w.send(`<message type="chat" from="${ALICE}" to="${room("tea")}"><body>hi</body></message>`);
    const error = errorOf(w.take()[0]);
    assert.equal(error.condition, "bad-request");
    assert.match(error.text!, /groupchat/);
  });
});

describe("a clean stop", () => {
  it("tells every occupant the service is shutting down (status 332)", async () => {
    const w = await world();
    await createRoom(w, ALICE, room("tea"), "Alice");
    await w.stop();
    const [presence] = w.take();
    assert.equal(presence!.attrs.type, "unavailable");
    assert.equal(presence!.attrs.to, ALICE);
    assert.ok(
      presence!
        .getChild("x", "http://jabber.org/protocol/muc#user")!
        .getChildren("status")
        .some((s) => s.attrs.code === "332"),
    );
  });
});
