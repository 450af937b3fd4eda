// PROTOCOL §5 "Reply and mention address": an owner's XEP-0461 reply to one member's message goes
// to that member alone, naming the message as the member knows it (their own id, from them); a
// reply to the owner's own message goes to those it went to, naming it as members know it (the
// topic's JID, the copy's id), and its quote to nobody else; a reply that cannot be traced loses
// its reference rather than name anyone.
import assert from "node:assert/strict";
import type { World } from "../helpers/world.js";
import { ADDRESS, BADMINTON, BOB_JID, CAROL_JID, OWNER, toMembers, useBadminton } from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const REPLY = "urn:xmpp:reply:0";
const FALLBACK = "urn:xmpp:fallback:0";
const SID = "urn:xmpp:sid:0";
const reflectionOf = (out: Element[]) =>
  out.find((el) => el.attrs.to === OWNER && el.attrs.type === "groupchat")!;

describe("topics: the owner's replies", () => {
  let w: World;
  const current = useBadminton();
  beforeEach(() => (w = current()));

  /** Bob answers; the owner's room shows it with the room's stanza-id, which her client replies to. */
  async function bobSays(body: string, id: string): Promise<string> {
    await w.send(
      `<message type="chat" id="${id}" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>${body}</body></message>`,
    );
    const shown = w.take().find((el) => el.attrs.to === OWNER && el.attrs.from === `${BADMINTON}/bob`)!;
    return shown.getChild("stanza-id", SID)!.attrs.id!;
  }

  it("sends a reply to bob's message to bob alone, naming his message by his own id", async () => {
    const sid = await bobSays("Count me in", "bob-1");
    const quote = "> bob: Count me in\n";
    await w.send(
      `<message type="groupchat" id="a1" from="${OWNER}" to="${BADMINTON}"><body>${quote}Great, see you</body><reply xmlns="${REPLY}" to="${BADMINTON}/bob" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback></message>`,
    );
    const out = w.take();
    const copies = toMembers(out);
    assert.deepEqual(
      copies.map((c) => c.attrs.to),
      [BOB_JID],
      "carol gets nothing",
    );
    const reply = copies[0]!.getChild("reply", REPLY)!;
    assert.deepEqual({ to: reply.attrs.to, id: reply.attrs.id }, { to: BOB_JID, id: "bob-1" });
    assert.equal(copies[0]!.getChildText("body"), `${quote}Great, see you`, "the quote is bob's own words");
    assert.deepEqual(
      reflectionOf(out)
        .getChild("addresses", ADDRESS)!
        .getChildren("address")
        .map((a) => a.attrs.jid),
      [BOB_JID],
    );
  });

  it("sends a reply to her own message to everyone, naming it from the topic by the copy's id", async () => {
    await w.send(
      `<message type="groupchat" id="a0" from="${OWNER}" to="${BADMINTON}"><body>Game tonight?</body></message>`,
    );
    const sid = reflectionOf(w.take()).getChild("stanza-id", SID)!.attrs.id!;
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>At eight</body><reply xmlns="${REPLY}" to="${BADMINTON}/Alice" id="${sid}"/></message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID].sort());
    for (const copy of copies) {
      const reply = copy.getChild("reply", REPLY)!;
      assert.deepEqual({ to: reply.attrs.to, id: reply.attrs.id }, { to: BADMINTON, id: sid });
    }
  });

  it("sends a reply to her message to bob alone to bob alone, and its quote to nobody else", async () => {
    await w.send(
      `<message type="groupchat" id="a0" from="${OWNER}" to="${BADMINTON}"><body>@bob: your racket is here</body></message>`,
    );
    const first = w.take();
    assert.deepEqual(
      toMembers(first).map((c) => c.attrs.to),
      [BOB_JID],
    );
    const sid = reflectionOf(first).getChild("stanza-id", SID)!.attrs.id!;
    const quote = "> Alice: @bob: your racket is here\n";
    const replyTo = (extra: string) =>
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>${quote}pick it up today</body><reply xmlns="${REPLY}" to="${BADMINTON}/Alice" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback>${extra}</message>`;

    await w.send(replyTo(""));
    const toBob = toMembers(w.take());
    assert.deepEqual(
      toBob.map((c) => c.attrs.to),
      [BOB_JID],
      "carol never got the message it answers",
    );
    assert.equal(toBob[0]!.getChild("reply", REPLY)!.attrs.id, sid);

    // Addressed to carol too, the reply reaches her without the quote or the reference.
    await w.send(
      replyTo(
        `<addresses xmlns="${ADDRESS}"><address type="to" jid="${BOB_JID}"/><address type="to" jid="${CAROL_JID}"/></addresses>`,
      ),
    );
    const both = toMembers(w.take());
    assert.deepEqual(both.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID].sort());
    const carols = both.find((c) => c.attrs.to === CAROL_JID)!;
    assert.equal(carols.getChildText("body"), "pick it up today");
    assert.equal(carols.getChild("reply", REPLY), undefined);
    assert.ok(!carols.toString().includes("bob"), carols.toString());
  });

  it("drops a reference it cannot trace, and still sends to the member the reply names", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>about that</body><reply xmlns="${REPLY}" to="${BADMINTON}/bob" id="unknown-id"/></message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(
      copies.map((c) => c.attrs.to),
      [BOB_JID],
    );
    assert.equal(copies[0]!.getChild("reply", REPLY), undefined);
  });

  it("lets explicit addresses decide over the reply, and names nobody else to them", async () => {
    const sid = await bobSays("Count me in", "bob-2");
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>carol, bob is in</body><reply xmlns="${REPLY}" to="${BADMINTON}/bob" id="${sid}"/><addresses xmlns="${ADDRESS}"><address type="to" jid="${CAROL_JID}"/></addresses></message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(
      copies.map((c) => c.attrs.to),
      [CAROL_JID],
    );
    assert.equal(copies[0]!.getChild("reply", REPLY), undefined, "carol's copy names no message of bob's");
    assert.ok(!copies[0]!.toString().includes(`${BADMINTON}/bob`));
  });

  it("leaves the quote out of a copy that does not carry the reply, so carol never reads bob's words", async () => {
    const sid = await bobSays("Count me in", "bob-3");
    const quote = "> bob: Count me in\n";
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>${quote}carol, you too?</body><reply xmlns="${REPLY}" to="${BADMINTON}/bob" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback><addresses xmlns="${ADDRESS}"><address type="to" jid="${CAROL_JID}"/></addresses></message>`,
    );
    const copies = toMembers(w.take());
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.getChildText("body"), "carol, you too?");
    assert.equal(copies[0]!.getChild("fallback", FALLBACK), undefined);
    assert.ok(!copies[0]!.toString().includes("bob"), copies[0]!.toString());
  });

  it("finds the quote however the client counted (code points, XEP-0426), and sends to whom the text names", async () => {
    const sid = await bobSays("🏸🏸", "bob-4");
    const quote = "> bob: 🏸🏸\n";
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>${quote}@carol: court booked</body><reply xmlns="${REPLY}" to="${BADMINTON}/bob" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${[...quote].length}"/></fallback></message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(
      copies.map((c) => c.attrs.to),
      [CAROL_JID],
      "carol, as the text says; not bob",
    );
    assert.equal(copies[0]!.getChildText("body"), "court booked");
  });

  describe("a member's reply", () => {
    it("reaches the owner's room naming her message by stanza-id and her occupant", async () => {
      await w.send(
        `<message type="groupchat" id="a0" from="${OWNER}" to="${BADMINTON}"><body>Game tonight?</body></message>`,
      );
      const sid = reflectionOf(w.take()).getChild("stanza-id", SID)!.attrs.id!;
      const quote = "> alice · badminton: Game tonight?\n";
      await w.send(
        `<message type="chat" id="b9" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>${quote}Yes!</body><reply xmlns="${REPLY}" to="${BADMINTON}" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback></message>`,
      );
      const shown = w.take().find((el) => el.attrs.to === OWNER && el.attrs.from === `${BADMINTON}/bob`)!;
      const reply = shown.getChild("reply", REPLY)!;
      assert.deepEqual({ to: reply.attrs.to, id: reply.attrs.id }, { to: `${BADMINTON}/Alice`, id: sid });
      assert.ok(shown.getChild("fallback", FALLBACK), "the quote stays marked, for clients that hide it");
    });

    it("reaches an owner who is away as text, quote included, naming nothing she cannot find", async () => {
      await w.send(
        `<message type="groupchat" id="a0" from="${OWNER}" to="${BADMINTON}"><body>Game tonight?</body></message>`,
      );
      const sid = reflectionOf(w.take()).getChild("stanza-id", SID)!.attrs.id!;
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
      w.take();
      await w.send(
        `<message type="chat" id="b9" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>> Game tonight?\nYes!</body><reply xmlns="${REPLY}" to="${BADMINTON}" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="16"/></fallback></message>`,
      );
      const chat = w.take().find((el) => el.attrs.to === "alice@localhost" && el.attrs.type === "chat")!;
      assert.equal(chat.getChild("reply", REPLY), undefined);
      assert.equal(chat.getChild("fallback", FALLBACK), undefined);
      assert.equal(chat.getChildText("body"), "bob: > Game tonight?\nYes!");
    });
  });
});
