// The owner writes once; each member gets a private chat from the topic JID (PROTOCOL §1).
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { errorOf, join } from "../helpers/muc.js";
import { ADDRESS, BADMINTON, BOB_JID, CAROL_JID, OWNER, badminton, chatTo } from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const SID = "urn:xmpp:sid:0";
const NICK = "http://jabber.org/protocol/nick";
const bodies = (out: Element[], to: string) => out.filter(chatTo(to)).map((m) => m.getChildText("body"));

describe("topics: sending", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
  });
  afterEach(() => w.stop());

  it("fans a groupchat out as one chat per member from the bare topic JID, then reflects it", async () => {
    await w.send(
      `<message type="groupchat" id="m1" from="${OWNER}" to="${BADMINTON}"><body>Court at 7?</body><origin-id xmlns="${SID}" id="o1"/></message>`,
    );
    const out = w.take();
    const toBob = out.find(chatTo(BOB_JID))!;
    assert.equal(toBob.attrs.from, BADMINTON);
    assert.equal(toBob.getChildText("body"), "Court at 7?");
    assert.equal(toBob.getChild("origin-id", SID)?.attrs.id, "o1", "the sender's origin-id is kept");
    const sid = toBob.getChild("stanza-id", SID)!.attrs.id;
    assert.equal(toBob.attrs.id, sid, "the member's copy is identified by its stanza-id");
    assert.equal(toBob.getChildText("nick", NICK), "alice · badminton", "first contact carries the nick");
    assert.deepEqual(bodies(out, CAROL_JID), ["Court at 7?"]);
    assert.ok(!toBob.toString().includes(CAROL_JID), "bob never learns about carol");
    const reflection = out.find((el) => el.attrs.to === OWNER && el.attrs.type === "groupchat")!;
    assert.equal(reflection.attrs.from, `${BADMINTON}/Alice`);
    assert.equal(reflection.attrs.id, "m1");
    assert.equal(reflection.getChild("stanza-id", SID)?.attrs.id, sid);
    assert.ok(out.indexOf(reflection) > out.indexOf(toBob), "members get it before the reflection");
  });

  it("sends the nick on first contact only", async () => {
    await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>one</body></message>`);
    w.take();
    await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>two</body></message>`);
    assert.equal(w.take().find(chatTo(BOB_JID))!.getChild("nick", NICK), undefined);
  });

  it("sends to the XEP-0033 'to' addresses only and names them in the reflection", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>just you</body><addresses xmlns="${ADDRESS}"><address type="to" jid="${BOB_JID}"/></addresses></message>`,
    );
    const out = w.take();
    assert.deepEqual(bodies(out, BOB_JID), ["just you"]);
    assert.deepEqual(bodies(out, CAROL_JID), []);
    assert.equal(out.find(chatTo(BOB_JID))!.getChild("addresses", ADDRESS), undefined, "no list leaks");
    const reflection = out.find((el) => el.attrs.to === OWNER)!;
    const named = reflection
      .getChild("addresses", ADDRESS)!
      .getChildren("address")
      .map((a) => a.attrs.jid);
    assert.deepEqual(named, [BOB_JID]);
  });

  it("reads a leading '@carol:' as a subset and removes it from what members get", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>@Carol: bring rackets</body></message>`,
    );
    const out = w.take();
    assert.deepEqual(bodies(out, CAROL_JID), ["bring rackets"]);
    assert.deepEqual(bodies(out, BOB_JID), []);
  });

  it("answers item-not-found naming non-members, and sends nothing", async () => {
    await w.send(
      `<message type="groupchat" id="bad" from="${OWNER}" to="${BADMINTON}"><body>@bob @dave @eve: hi</body></message>`,
    );
    const out = w.take();
    assert.equal(out.length, 1);
    const { condition, text } = errorOf(out[0]);
    assert.equal(condition, "item-not-found");
    assert.match(text!, /dave, eve/);
  });

  it("sends a private message to topic/Nick to that member only", async () => {
    await w.send(`<message type="chat" from="${OWNER}" to="${BADMINTON}/bob"><body>psst</body></message>`);
    const out = w.take();
    assert.deepEqual(bodies(out, BOB_JID), ["psst"]);
    assert.deepEqual(bodies(out, CAROL_JID), []);
    // Not echoed into the owner's room as a groupchat, which clients would show as sent to all.
    assert.ok(!out.some((el) => el.attrs.to === OWNER && el.attrs.type === "groupchat"));
  });

  it("fans out a chat to the bare topic JID from the owner who has not joined", async () => {
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    // A temporary topic ended when alice left: make a persistent one and leave it.
    await join(w, OWNER, BADMINTON, "Alice");
    await w.send(
      `<iq type="set" id="c" from="${OWNER}" to="${BADMINTON}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_persistentroom"><value>1</value></field></x></query></iq>`,
    );
    await w.send(
      `<iq type="set" id="add" from="${OWNER}" to="${BADMINTON}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="member" jid="${BOB_JID}"/></query></iq>`,
    );
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    await w.send(
      `<message type="chat" from="alice@localhost/bot" to="${BADMINTON}"><body>from a script</body></message>`,
    );
    assert.deepEqual(bodies(w.take(), BOB_JID), ["from a script"]);
  });

  it("refuses groupchat from an owner who is not in the room", async () => {
    await w.send(
      `<message type="groupchat" from="alice@localhost/other" to="${BADMINTON}"><body>x</body></message>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "not-acceptable");
  });

  it("limits an owner's messages per minute with policy-violation", async () => {
    for (let i = 0; i < w.config.lists.messagesPerMinute; i++) {
      await w.send(`<message type="chat" from="${OWNER}" to="${BADMINTON}"><body>${i}</body></message>`);
    }
    w.take();
    await w.send(
      `<message type="chat" id="over" from="${OWNER}" to="${BADMINTON}"><body>too many</body></message>`,
    );
    const out = w.take();
    assert.equal(out.length, 1);
    assert.equal(errorOf(out[0]).condition, "policy-violation");
    assert.equal(errorOf(out[0]).type, "wait");
    w.clock.set(w.clock.now() + 60_000);
    await w.send(`<message type="chat" from="${OWNER}" to="${BADMINTON}"><body>later</body></message>`);
    assert.deepEqual(bodies(w.take(), BOB_JID), ["later"]);
  });

  it("sends chat states only to members known to be online, and archives none", async () => {
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    w.take();
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    const out = w.take();
    assert.equal(out.filter(chatTo(BOB_JID)).length, 1);
    assert.equal(out.filter(chatTo(CAROL_JID)).length, 0);
  });
});
