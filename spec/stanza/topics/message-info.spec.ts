// Message info (issue 19): for each of her messages, the owner learns which members' clients got
// it, which read it and for whom it bounced, from the receipts, markers and bounces that come back.
import assert from "node:assert/strict";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, chatTo, runCommand, useBadminton } from "../helpers/topics.js";
import { errorOf } from "../helpers/muc.js";
import type { World } from "../helpers/world.js";
import type { Element } from "../../../src/xmpp/xml.js";

const noteOf = (iq: Element) => iq.getChild("command")!.getChildText("note") ?? "";

async function sendToAll(w: World, text: string): Promise<string> {
  await w.send(
    `<message type="groupchat" from="${OWNER}" to="${BADMINTON}" id="own-${text}"><body>${text}</body></message>`,
  );
  return w.take().find(chatTo(BOB_JID))!.attrs.id!;
}

describe("topics: message info", () => {
  const current = useBadminton();
  let w: World;
  beforeEach(() => (w = current()));

  it("tells the owner who read her message, who got it, for whom it bounced and how many said nothing", async () => {
    const id = await sendToAll(w, "Saturday?");
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><received xmlns="urn:xmpp:receipts" id="${id}"/></message>`,
    );
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><displayed xmlns="urn:xmpp:chat-markers:0" id="${id}"/></message>`,
    );
    await w.send(
      `<message type="error" from="${CAROL_JID}" to="${BADMINTON}" id="${id}"><body>Saturday?</body><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
    );
    w.take();

    const first = await runCommand(w, OWNER, BADMINTON, "message-info");
    const field = first.getChild("command")!.getChild("x", "jabber:x:data")!.getChild("field")!;
    assert.equal(field.attrs.var, "message");
    assert.deepEqual(
      field.getChildren("option").map((o) => o.getChildText("value")),
      [id],
    );
    assert.match(field.getChild("option")!.attrs.label!, /“Saturday\?”/);

    const note = noteOf(await runCommand(w, OWNER, BADMINTON, "message-info", { message: id }));
    assert.match(note, /went to 2 members/);
    assert.match(note, /Read by \(1\):\n {2}bob \(bob@localhost\)/);
    assert.doesNotMatch(note, /Delivered to/);
    assert.match(note, /Bounced for \(1\):\n {2}carol \(carol@localhost\): service-unavailable/);
    assert.match(note, /No report yet from 0/);
  });

  it("keeps the reports while the owner is away, and counts a receipt alone as delivered", async () => {
    const id = await sendToAll(w, "Court 3");
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><received xmlns="urn:xmpp:receipts" id="${id}"/></message>`,
    );
    w.take();
    const note = noteOf(await runCommand(w, OWNER, BADMINTON, "message-info", { message: id }));
    assert.match(note, /Delivered to \(1\):\n {2}bob/);
    assert.match(note, /No report yet from 1/);
  });

  it("answers /info in the room to her alone, after her own message back, sending nothing to the members", async () => {
    const id = await sendToAll(w, "first");
    await sendToAll(w, "second");
    await w.send(
      `<message type="chat" from="${BOB_JID}/laptop" to="${BADMINTON}"><displayed xmlns="urn:xmpp:chat-markers:0" id="${id}"/></message>`,
    );
    w.take();
    await w.send(
      `<message type="groupchat" id="ask-1" from="${OWNER}" to="${BADMINTON}"><body>/info 2</body></message>`,
    );
    const out = w.take();
    assert.deepEqual(
      out.map((el) => el.attrs.to),
      [OWNER, OWNER],
    );
    const [echo, answer] = out as [Element, Element];
    // XEP-0045 §7.4: her client sees its message come back, so it shows it sent.
    assert.deepEqual(
      { from: echo.attrs.from, id: echo.attrs.id, body: echo.getChildText("body") },
      { from: `${BADMINTON}/Alice`, id: "ask-1", body: "/info 2" },
    );
    assert.equal(echo.getChild("stanza-id", "urn:xmpp:sid:0"), undefined, "not archived");
    assert.equal(answer.attrs.type, "groupchat");
    assert.ok(answer.getChild("no-store", "urn:xmpp:hints"));
    assert.match(answer.getChildText("body")!, /“first”[\s\S]*Read by \(1\)/);
  });

  it("refuses members and a message that is not hers", async () => {
    const refused = await runCommand(w, `${BOB_JID}/laptop`, BADMINTON, "message-info");
    assert.equal(errorOf(refused).condition, "forbidden");
    const unknown = await runCommand(w, OWNER, BADMINTON, "message-info", { message: "nope" });
    assert.equal(errorOf(unknown).condition, "item-not-found");
  });
});
