// PROTOCOL §5 "Ids are translated": corrections (XEP-0308), retractions (XEP-0424), reactions
// (XEP-0444) and markers (XEP-0333) reach each recipient naming the message as that recipient knows
// it, only those who got the message hear of them, and the archive follows (the corrected text, a
// tombstone, a kept reaction).
import assert from "node:assert/strict";
import type { World } from "../helpers/world.js";
import { errorOf } from "../helpers/muc.js";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, chatTo, toMembers, useBadminton } from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const CORRECT = "urn:xmpp:message-correct:0";
const RETRACT = "urn:xmpp:message-retract:1";
const REACTIONS = "urn:xmpp:reactions:0";
const MARKERS = "urn:xmpp:chat-markers:0";
const SID = "urn:xmpp:sid:0";
const FALLBACK = "urn:xmpp:fallback:0";
const ALICE_JID = "alice@localhost";

const toOwnerRoom = (out: Element[]) =>
  out.filter((el) => el.attrs.to === OWNER && el.attrs.type === "groupchat");
const stanzaIdOf = (el: Element) => el.getChild("stanza-id", SID)!.attrs.id!;

describe("topics: corrections, retractions, reactions and markers", () => {
  let w: World;
  const current = useBadminton();
  beforeEach(() => (w = current()));

  /** The owner writes; returns the stanza-id, which is also the id of every member's copy. */
  async function ownerSays(body: string, id: string, extra = ""): Promise<string> {
    await w.send(
      `<message type="groupchat" id="${id}" from="${OWNER}" to="${BADMINTON}"><body>${body}</body>${extra}</message>`,
    );
    const out = w.take();
    const sid = stanzaIdOf(toOwnerRoom(out)[0]!);
    for (const copy of toMembers(out)) assert.equal(copy.attrs.id, sid, "each copy's id is the stanza-id");
    return sid;
  }

  /** Bob answers; returns the stanza-id the owner's room shows it with. */
  async function bobSays(body: string, id: string): Promise<string> {
    await w.send(
      `<message type="chat" id="${id}" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>${body}</body></message>`,
    );
    const shown = w.take().find((el) => el.attrs.to === OWNER && el.attrs.from === `${BADMINTON}/bob`)!;
    return stanzaIdOf(shown);
  }

  /** The topic's archive as the owner's MAM query returns it: each result's forwarded message. */
  async function archived(): Promise<Element[]> {
    await w.send(
      `<iq type="set" id="q" from="${OWNER}" to="${BADMINTON}"><query xmlns="urn:xmpp:mam:2" queryid="all"/></iq>`,
    );
    return w
      .take()
      .filter((el) => el.name === "message")
      .map((el) => el.getChild("result", "urn:xmpp:mam:2")!.getChild("forwarded")!.getChild("message")!);
  }

  describe("the owner corrects", () => {
    it("reaches each member naming their copy's id, and the archive keeps only the new text", async () => {
      const sid = await ownerSays("Court at seven", "a1");
      await w.send(
        `<message type="groupchat" id="a2" from="${OWNER}" to="${BADMINTON}"><body>Court at eight</body><replace xmlns="${CORRECT}" id="a1"/></message>`,
      );
      const out = w.take();
      const copies = toMembers(out);
      assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID]);
      for (const copy of copies) {
        assert.equal(
          copy.getChild("replace", CORRECT)?.attrs.id,
          sid,
          "the id the member got the message with",
        );
        assert.equal(copy.getChildText("body"), "Court at eight");
        assert.notEqual(copy.attrs.id, sid);
      }
      const reflection = toOwnerRoom(out)[0]!;
      assert.equal(reflection.getChild("replace", CORRECT)?.attrs.id, "a1", "her own client's id, as sent");
      const history = await archived();
      assert.deepEqual(
        history.map((m) => m.getChildText("body")),
        ["Court at eight"],
      );
      assert.equal(stanzaIdOf(history[0]!), sid);
    });

    it("finds the message by its origin-id too", async () => {
      const sid = await ownerSays("Court at seven", "x1", `<origin-id xmlns="${SID}" id="o1"/>`);
      await w.send(
        `<message type="groupchat" id="x2" from="${OWNER}" to="${BADMINTON}"><body>Court at eight</body><replace xmlns="${CORRECT}" id="o1"/></message>`,
      );
      const copies = toMembers(w.take());
      assert.equal(copies.length, 2);
      for (const copy of copies) assert.equal(copy.getChild("replace", CORRECT)?.attrs.id, sid);
    });

    it("sends the correction of a message to bob alone to bob alone, without the '@bob:' prefix", async () => {
      const sid = await ownerSays("@bob: your racket is here", "p1");
      await w.send(
        `<message type="groupchat" id="p2" from="${OWNER}" to="${BADMINTON}"><body>@bob: your racket and shoes are here</body><replace xmlns="${CORRECT}" id="p1"/></message>`,
      );
      const copies = toMembers(w.take());
      assert.deepEqual(
        copies.map((c) => c.attrs.to),
        [BOB_JID],
        "carol never got the message, so she gets no correction",
      );
      assert.equal(copies[0]!.getChildText("body"), "your racket and shoes are here");
      assert.equal(copies[0]!.getChild("replace", CORRECT)?.attrs.id, sid);
    });

    it("refuses to correct a message that is not hers, and one it cannot find, sending nothing", async () => {
      const bobs = await bobSays("Count me in", "b1");
      await w.send(
        `<message type="groupchat" id="c1" from="${OWNER}" to="${BADMINTON}"><body>Count me out</body><replace xmlns="${CORRECT}" id="${bobs}"/></message>`,
      );
      let out = w.take();
      assert.deepEqual(errorOf(out.find((el) => el.attrs.type === "error")), {
        condition: "forbidden",
        text: "You can only correct your own messages",
        type: "auth",
      });
      assert.deepEqual(toMembers(out), []);
      await w.send(
        `<message type="groupchat" id="c2" from="${OWNER}" to="${BADMINTON}"><body>oops</body><replace xmlns="${CORRECT}" id="never-sent"/></message>`,
      );
      out = w.take();
      assert.equal(errorOf(out.find((el) => el.attrs.type === "error")).condition, "item-not-found");
      assert.deepEqual(toMembers(out), []);
    });
  });

  describe("the owner retracts", () => {
    it("reaches each member naming their copy, and leaves a tombstone in the archive", async () => {
      const sid = await ownerSays("Wrong topic, sorry", "r1");
      await w.send(
        `<message type="groupchat" id="r2" from="${OWNER}" to="${BADMINTON}"><retract xmlns="${RETRACT}" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${RETRACT}"/><body>/me retracted a previous message, but it's unsupported by your client.</body><store xmlns="urn:xmpp:hints"/></message>`,
      );
      const copies = toMembers(w.take());
      assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID]);
      for (const copy of copies) assert.equal(copy.getChild("retract", RETRACT)?.attrs.id, sid);
      const history = await archived();
      assert.equal(history.length, 1, "the retraction is not a message of its own");
      assert.equal(history[0]!.getChild("body"), undefined, "the text is gone");
      const tombstone = history[0]!.getChild("retracted", RETRACT)!;
      assert.equal(tombstone.attrs.id, "r2");
      assert.ok(!Number.isNaN(Date.parse(tombstone.attrs.stamp!)));
      assert.equal(stanzaIdOf(history[0]!), sid);
    });
  });

  describe("a member acts on their own reply", () => {
    it("corrects it: the owner's room names it by bob's id, the archive keeps the new text, carol hears nothing", async () => {
      const sid = await bobSays("Count me in", "b1");
      await w.send(
        `<message type="chat" id="b2" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Count me in, with Dan</body><replace xmlns="${CORRECT}" id="b1"/></message>`,
      );
      const out = w.take();
      assert.deepEqual(toMembers(out), []);
      const shown = toOwnerRoom(out)[0]!;
      assert.equal(shown.attrs.from, `${BADMINTON}/bob`);
      assert.equal(shown.getChild("replace", CORRECT)?.attrs.id, "b1");
      const history = await archived();
      const bobs = history.find((m) => stanzaIdOf(m) === sid)!;
      assert.equal(bobs.getChildText("body"), "Count me in, with Dan");
      assert.equal(history.length, 1);
    });

    it("corrects it for an owner who is away: a chat naming the chat she got, with bob's nick", async () => {
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
      w.take();
      await w.send(
        `<message type="chat" id="b1" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Count me in</body></message>`,
      );
      const first = w.take().find(chatTo(ALICE_JID))!;
      await w.send(
        `<message type="chat" id="b2" from="${BOB_JID}/laptop" to="${BADMINTON}"><body>Count me in, with Dan</body><replace xmlns="${CORRECT}" id="b1"/></message>`,
      );
      const correction = w.take().find(chatTo(ALICE_JID))!;
      assert.equal(correction.attrs.from, BADMINTON);
      assert.equal(correction.getChild("replace", CORRECT)?.attrs.id, first.attrs.id);
      assert.equal(correction.getChildText("body"), "bob: Count me in, with Dan");
    });

    it("retracts it: the owner's room names it by stanza-id, and the archive keeps a tombstone", async () => {
      const sid = await bobSays("My phone number is…", "b1");
      await w.send(
        `<message type="chat" id="b3" from="${BOB_JID}/laptop" to="${BADMINTON}"><retract xmlns="${RETRACT}" id="b1"/><fallback xmlns="${FALLBACK}" for="${RETRACT}"/><body>/me retracted a previous message</body><store xmlns="urn:xmpp:hints"/></message>`,
      );
      const shown = toOwnerRoom(w.take())[0]!;
      assert.equal(shown.getChild("retract", RETRACT)?.attrs.id, sid);
      const history = await archived();
      assert.equal(history.length, 1);
      assert.ok(history[0]!.getChild("retracted", RETRACT));
      assert.ok(!history[0]!.toString().includes("phone number"));
    });

    it("cannot retract the owner's message, nor one it never sent", async () => {
      const sid = await ownerSays("Court at seven", "a1");
      for (const id of [sid, "a1", "nothing"]) {
        await w.send(
          `<message type="chat" id="b4" from="${BOB_JID}/laptop" to="${BADMINTON}"><retract xmlns="${RETRACT}" id="${id}"/></message>`,
        );
        const out = w.take();
        assert.equal(errorOf(out.find((el) => el.attrs.type === "error")).condition, "item-not-found", id);
        assert.deepEqual(toOwnerRoom(out), [], id);
      }
      assert.equal((await archived())[0]!.getChildText("body"), "Court at seven");
    });
  });

  describe("reactions and markers", () => {
    it("brings bob's reaction to the owner's message to her room by stanza-id, and keeps it when asked", async () => {
      const sid = await ownerSays("Court at seven", "a1");
      await w.send(
        `<message type="chat" id="b5" from="${BOB_JID}/laptop" to="${BADMINTON}"><reactions xmlns="${REACTIONS}" id="${sid}"><reaction>👍</reaction></reactions><store xmlns="urn:xmpp:hints"/></message>`,
      );
      const out = w.take();
      assert.deepEqual(toMembers(out), [], "carol does not learn of bob's reaction");
      const shown = toOwnerRoom(out)[0]!;
      assert.equal(shown.attrs.from, `${BADMINTON}/bob`);
      assert.equal(shown.getChild("reactions", REACTIONS)?.attrs.id, sid);
      const history = await archived();
      assert.equal(history.length, 2, "the message and the kept reaction");
      assert.equal(history[1]!.getChild("reactions", REACTIONS)?.getChildText("reaction"), "👍");
    });

    it("sends the owner's reaction to bob's message to bob alone, naming it by bob's id", async () => {
      const sid = await bobSays("Count me in", "b1");
      await w.send(
        `<message type="groupchat" id="a3" from="${OWNER}" to="${BADMINTON}"><reactions xmlns="${REACTIONS}" id="${sid}"><reaction>🎉</reaction></reactions></message>`,
      );
      const copies = toMembers(w.take());
      assert.deepEqual(
        copies.map((c) => c.attrs.to),
        [BOB_JID],
      );
      assert.equal(copies[0]!.getChild("reactions", REACTIONS)?.attrs.id, "b1");
    });

    it("sends the owner's displayed marker on bob's message to bob alone, naming it by bob's id", async () => {
      await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
      w.take();
      const sid = await bobSays("Count me in", "b1");
      await w.send(
        `<message type="groupchat" id="a4" from="${OWNER}" to="${BADMINTON}"><displayed xmlns="${MARKERS}" id="${sid}"/></message>`,
      );
      const copies = toMembers(w.take());
      assert.deepEqual(
        copies.map((c) => c.attrs.to),
        [BOB_JID],
      );
      assert.equal(copies[0]!.getChild("displayed", MARKERS)?.attrs.id, "b1");
    });
  });

  it("advertises corrections, retractions and reactions to the owner and to members", async () => {
    for (const from of [OWNER, `${BOB_JID}/laptop`]) {
      await w.send(
        `<iq type="get" id="d" from="${from}" to="${BADMINTON}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
      );
      const features = w
        .take()[0]!
        .getChild("query")!
        .getChildren("feature")
        .map((f) => f.attrs.var);
      for (const feature of [CORRECT, RETRACT, REACTIONS])
        assert.ok(features.includes(feature), `${from}: ${feature}`);
    }
  });

  it("lets the owner moderate bob's reply out of the archive, telling her room and no member", async () => {
    const sid = await bobSays("Buy cheap watches", "b1");
    await w.send(
      `<iq type="set" id="mod" from="${OWNER}" to="${BADMINTON}"><moderate xmlns="urn:xmpp:message-moderate:1" id="${sid}"><retract xmlns="${RETRACT}"/></moderate></iq>`,
    );
    const out = w.take();
    assert.equal(out.find((el) => el.name === "iq")?.attrs.type, "result");
    assert.deepEqual(toMembers(out), []);
    assert.equal(toOwnerRoom(out)[0]?.getChild("retract", RETRACT)?.attrs.id, sid);
    const history = await archived();
    assert.ok(
      history[0]!.getChild("retracted", RETRACT)?.getChild("moderated", "urn:xmpp:message-moderate:1"),
    );
    assert.ok(!history[0]!.toString().includes("watches"));
  });
});
