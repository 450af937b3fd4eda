// Members of a topic: occupants of the owner's room, replies, consent, leaving (PROTOCOL §1).
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { MUC_ADMIN, MUC_USER, errorOf, itemOf, join, statuses } from "../helpers/muc.js";
import {
  ADDRESS,
  BADMINTON,
  BOB_JID,
  CAROL_JID,
  OWNER,
  addMembers,
  badminton,
  chatTo,
  runCommand,
} from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const toOwner = (el: Element) => el.attrs.to === OWNER;
const bodyOf = (el: Element | undefined) => el?.getChildText("body");

describe("topics: members", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
  });
  afterEach(() => w.stop());

  it("shows each member to the owner as an occupant with the real JID", async () => {
    const out = await join(w, "alice@localhost/tablet", BADMINTON, "Alice");
    const bob = out.find((el) => el.name === "presence" && el.attrs.from === `${BADMINTON}/bob`)!;
    assert.equal(itemOf(bob).jid, BOB_JID);
    assert.equal(itemOf(bob).affiliation, "member");
  });

  it("asks a new member for presence subscription with the topic's nick", async () => {
    const out = await addMembers(w, OWNER, BADMINTON, ["dave@localhost"]);
    const ask = out.find((el) => el.attrs.type === "subscribe")!;
    assert.equal(ask.attrs.to, "dave@localhost");
    assert.equal(ask.attrs.from, BADMINTON);
    assert.equal(ask.getChildText("nick", "http://jabber.org/protocol/nick"), "alice · badminton");
  });

  it("brings a member's reply to the owner in the room as the member's occupant", async () => {
    await w.send(
      `<message type="chat" id="r1" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Yes!</body></message>`,
    );
    const reply = w.take().find(toOwner)!;
    assert.equal(reply.attrs.type, "groupchat");
    assert.equal(reply.attrs.from, `${BADMINTON}/bob`);
    assert.equal(bodyOf(reply), "Yes!");
    assert.ok(reply.getChild("stanza-id", "urn:xmpp:sid:0"));
  });

  it("sends a reply to an owner who is not in the room as a chat naming the author", async () => {
    await w.send(
      `<iq type="set" id="c" from="${OWNER}" to="${BADMINTON}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_persistentroom"><value>1</value></field></x></query></iq>`,
    );
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Yes!</body></message>`,
    );
    const reply = w.take().find(chatTo("alice@localhost"))!;
    assert.equal(reply.attrs.from, BADMINTON);
    assert.equal(bodyOf(reply), "bob: Yes!");
    const ofrom = reply.getChild("addresses", ADDRESS)!.getChild("address")!;
    assert.deepEqual([ofrom.attrs.type, ofrom.attrs.jid], ["ofrom", BOB_JID]);
  });

  it("keeps a member's file a file for an owner who is not in the room: the body stays its URL, the author in nick and ofrom", async () => {
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    const url = "https://upload.localhost/abc/racket.jpg";
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>${url}</body><x xmlns="jabber:x:oob"><url>${url}</url></x><nick xmlns="http://jabber.org/protocol/nick">Bobby</nick></message>`,
    );
    const file = w.take().find(chatTo("alice@localhost"))!;
    assert.equal(bodyOf(file), url, "the body is exactly the URL, so clients show the file");
    assert.equal(file.getChild("x", "jabber:x:oob")?.getChildText("url"), url);
    assert.deepEqual(
      file.getChildren("nick", "http://jabber.org/protocol/nick").map((n) => n.getText()),
      ["bob"],
      "the author's nick in the topic, once",
    );
    const ofrom = file.getChild("addresses", ADDRESS)!.getChild("address")!;
    assert.deepEqual([ofrom.attrs.type, ofrom.attrs.jid], ["ofrom", BOB_JID]);
  });

  it("brings receipts and markers back from the member's occupant", async () => {
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><displayed xmlns="urn:xmpp:chat-markers:0" id="s1"/></message>`,
    );
    const marker = w.take().find(toOwner)!;
    assert.equal(marker.attrs.from, `${BADMINTON}/bob`);
    assert.equal(marker.getChild("displayed", "urn:xmpp:chat-markers:0")?.attrs.id, "s1");
  });

  it("refuses a message from someone who is not a member with forbidden", async () => {
    await w.send(
      `<message type="chat" id="x" from="eve@localhost/a" to="${BADMINTON}"><body>hi</body></message>`,
    );
    const [error] = w.take();
    assert.equal(errorOf(error).condition, "forbidden");
    assert.ok(errorOf(error).text);
  });

  it("adds by mediated invitation without forwarding it, and says so in the room", async () => {
    await w.send(
      `<message from="${OWNER}" to="${BADMINTON}"><x xmlns="${MUC_USER}"><invite to="dave@localhost"/></x></message>`,
    );
    const out = w.take();
    assert.equal(out.filter((el) => el.name === "message" && el.attrs.to?.startsWith("dave")).length, 0);
    const note = out.find((el) => toOwner(el) && el.name === "message")!;
    assert.match(bodyOf(note)!, /dave@localhost is now a member/);
    assert.ok(out.some((el) => el.name === "presence" && el.attrs.from === `${BADMINTON}/dave`));
  });

  it("says so when an added contact is already a member", async () => {
    const out = await addMembers(w, OWNER, BADMINTON, [BOB_JID]);
    assert.match(bodyOf(out.find((el) => el.name === "message"))!, /already a member/);
  });

  it("removes a member by kick, with status 321", async () => {
    await w.send(
      `<iq type="set" id="k" from="${OWNER}" to="${BADMINTON}"><query xmlns="${MUC_ADMIN}"><item nick="bob" role="none"/></query></iq>`,
    );
    const out = w.take();
    const gone = out.find((el) => el.attrs.from === `${BADMINTON}/bob` && el.attrs.type === "unavailable")!;
    assert.ok(statuses(gone).includes(321));
    await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>x</body></message>`);
    assert.equal(w.take().filter(chatTo(BOB_JID)).length, 0);
  });

  it("removes a member who answers unsubscribed, and tells the owner", async () => {
    await w.send(`<presence type="unsubscribed" from="${BOB_JID}" to="${BADMINTON}"/>`);
    const out = w.take();
    assert.ok(out.some((el) => el.attrs.from === `${BADMINTON}/bob` && statuses(el).includes(321)));
    assert.match(bodyOf(out.find((el) => el.name === "message" && toOwner(el)))!, /declined/);
  });

  it("mirrors a member's presence as occupant presence", async () => {
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"><show>away</show></presence>`);
    const seen = w.take().find((el) => el.attrs.from === `${BADMINTON}/bob`)!;
    assert.equal(seen.getChildText("show"), "away");
    await w.send(`<presence type="unavailable" from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    assert.equal(
      w
        .take()
        .find((el) => el.attrs.from === `${BADMINTON}/bob`)!
        .getChildText("show"),
      "xa",
    );
  });

  it("approves a member's subscription and refuses anyone else's", async () => {
    await w.send(`<presence type="subscribe" from="${BOB_JID}" to="${BADMINTON}"/>`);
    assert.ok(w.take().some((el) => el.attrs.type === "subscribed" && el.attrs.to === BOB_JID));
    await w.send(`<presence type="subscribe" from="eve@localhost" to="${BADMINTON}"/>`);
    assert.ok(w.take().some((el) => el.attrs.type === "unsubscribed" && el.attrs.to === "eve@localhost"));
  });

  it("lets a member leave by command or by the text /leave", async () => {
    const done = await runCommand(w, `${BOB_JID}/laptop`, BADMINTON, "leave");
    assert.equal(done.getChild("command")?.attrs.status, "completed");
    await w.send(
      `<message type="chat" from="${CAROL_JID}/phone" to="${BADMINTON}"><body>/leave</body></message>`,
    );
    const out = w.take();
    assert.match(bodyOf(out.find(chatTo(`${CAROL_JID}/phone`)))!, /left/);
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>anyone?</body></message>`,
    );
    assert.equal(w.take().filter((el) => el.attrs.type === "chat").length, 0);
  });

  it("lets nobody but the owner enter; a member is told the topic is their chat", async () => {
    // Converse adds a member and then sends them a direct invitation, which they may follow.
    const [error] = await join(w, `${BOB_JID}/laptop`, BADMINTON, "bob2");
    assert.equal(errorOf(error).condition, "forbidden");
    assert.match(errorOf(error).text!, new RegExp(`a chat from ${BADMINTON}`));
    const [other] = await join(w, "mallory@localhost/x", BADMINTON, "m");
    assert.equal(errorOf(other).condition, "registration-required");
  });

  it("allows only member and none affiliations", async () => {
    await w.send(
      `<iq type="set" id="a" from="${OWNER}" to="${BADMINTON}"><query xmlns="${MUC_ADMIN}"><item affiliation="admin" jid="${BOB_JID}"/></query></iq>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "not-allowed");
  });

  it("lets only the owner read the archive", async () => {
    await w.send(
      `<iq type="set" id="q" from="${BOB_JID}/laptop" to="${BADMINTON}"><query xmlns="urn:xmpp:mam:2"/></iq>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });
});

describe("topics: history, archive and bounces", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
  });
  afterEach(() => w.stop());

  it("replays what was sent and answered as history when the owner joins again", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>Court at 7?</body></message>`,
    );
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Yes</body></message>`,
    );
    w.take();
    const out = await join(w, "alice@localhost/tablet", BADMINTON, "Alice");
    const history = out.filter((el) => el.name === "message" && el.getChild("delay", "urn:xmpp:delay"));
    assert.deepEqual(
      history.map((m) => [m.attrs.from, bodyOf(m)]),
      [
        [`${BADMINTON}/Alice`, "Court at 7?"],
        [`${BADMINTON}/bob`, "Yes"],
      ],
    );
  });

  it("answers the owner's archive query with both sides of the conversation", async () => {
    await w.send(`<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>one</body></message>`);
    await w.send(`<message type="chat" from="${CAROL_JID}/x" to="${BADMINTON}"><body>two</body></message>`);
    w.take();
    await w.send(
      `<iq type="set" id="q" from="${OWNER}" to="${BADMINTON}"><query xmlns="urn:xmpp:mam:2"/></iq>`,
    );
    const results = w.take().filter((el) => el.name === "message");
    const bodies = results.map((m) =>
      m.getChild("result")!.getChild("forwarded")!.getChild("message")!.getChildText("body"),
    );
    assert.deepEqual(bodies, ["one", "two"]);
  });

  it("tells the owner in the room when a member's server bounces a message", async () => {
    await w.send(
      `<message type="error" from="${BOB_JID}" to="${BADMINTON}"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
    );
    assert.match(bodyOf(w.take().find(toOwner))!, /did not reach bob.*service-unavailable/);
  });
});

describe("topics: the topic's own presence", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
    await w.send(`<presence type="subscribed" from="${BOB_JID}" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${OWNER}" to="lists.localhost"><show>dnd</show></presence>`);
  });

  it("follows the owner's presence to the service JID, for members who are online", async () => {
    const out = w.take();
    const seen = out.filter((el) => el.name === "presence" && el.attrs.to === BOB_JID);
    assert.equal(seen.at(-1)?.attrs.from, BADMINTON);
    assert.equal(seen.at(-1)?.getChildText("show"), "dnd");
    assert.ok(!out.some((el) => el.attrs.to === CAROL_JID), "carol is not known to be online");
    await w.send(`<presence type="unavailable" from="${OWNER}" to="lists.localhost"/>`);
    const gone = w.take().find((el) => el.attrs.to === BOB_JID && el.attrs.from === BADMINTON)!;
    assert.equal(gone.attrs.type, "unavailable");
    await w.stop();
  });

  it("tells members the topic is unavailable when Manifold stops", async () => {
    w.take();
    await w.stop();
    const gone = w.take().find((el) => el.attrs.to === BOB_JID && el.attrs.from === BADMINTON)!;
    assert.equal(gone.attrs.type, "unavailable");
  });
});

describe("topics: the topic's presence before the owner accepts the service's request", () => {
  let w: World;
  beforeEach(async () => (w = await world()));
  afterEach(() => w.stop());

  it("shows the topic available while its owner is in the room, though the service's probe was answered unavailable", async () => {
    await badminton(w);
    // Prosody's answer to lists.localhost's probe for an owner who has not accepted its request.
    await w.send(`<presence type="unavailable" from="alice@localhost" to="lists.localhost"/>`);
    await w.send(`<presence type="subscribed" from="${BOB_JID}" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    const toBob = w.take().filter((el) => el.name === "presence" && el.attrs.to === BOB_JID);
    assert.equal(toBob.at(-1)?.attrs.from, BADMINTON);
    assert.equal(toBob.at(-1)?.attrs.type, undefined, "available: alice is in her topic's room");
  });
});
