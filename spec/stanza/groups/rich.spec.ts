// PROTOCOL §5 "nothing reveals anybody" in nested groups: a fellow's reply to or mention of
// another fellow reaches outsiders naming the group (`club/Alpha`), never `club/Alpha/carol` or
// carol's JID, in the live message and in the archive; fellows get it as written.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { ALICE, BOB, CAROL, CLUB, MAM, alphaInClub, enter, messageTo } from "../helpers/groups.js";

const REPLY = "urn:xmpp:reply:0";
const REFERENCE = "urn:xmpp:reference:0";
const FALLBACK = "urn:xmpp:fallback:0";
const SID = "urn:xmpp:sid:0";

describe("nested groups: replies and mentions", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await alphaInClub(w);
    await enter(w, ALICE, CLUB, "Alice");
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    w.take();
  });
  afterEach(() => w.stop());

  it("shows outsiders a fellow's reply to a fellow as a reply to the group, in the message and the archive", async () => {
    await w.send(
      `<message type="groupchat" id="c1" from="${CAROL}" to="${CLUB}"><body>Tea?</body></message>`,
    );
    const sid = w.take().find(messageTo(BOB))!.getChild("stanza-id", SID)!.attrs.id!;
    const quote = "> Alpha/carol: Tea?\n";
    const body = `${quote}Alpha/carol: yes please`;
    const begin = body.lastIndexOf("Alpha/carol");
    await w.send(
      `<message type="groupchat" id="b1" from="${BOB}" to="${CLUB}"><body>${body}</body><reply xmlns="${REPLY}" to="${CLUB}/Alpha/carol" id="${sid}"/><fallback xmlns="${FALLBACK}" for="${REPLY}"><body start="0" end="${quote.length}"/></fallback><reference xmlns="${REFERENCE}" type="mention" begin="${begin}" end="${begin + 11}" uri="xmpp:${CLUB}/Alpha/carol"/></message>`,
    );
    const out = w.take();
    const toAlice = out.find(messageTo(ALICE))!;
    assert.ok(!toAlice.toString().includes("carol"), toAlice.toString());
    assert.equal(toAlice.getChildText("body"), "> Alpha: Tea?\nAlpha: yes please");
    assert.equal(toAlice.getChild("reply", REPLY)!.attrs.to, `${CLUB}/Alpha`);
    const toCarol = out.find(messageTo(CAROL))!;
    assert.equal(toCarol.getChildText("body"), body, "fellows get it as bob wrote it");
    assert.equal(toCarol.getChild("reply", REPLY)!.attrs.to, `${CLUB}/Alpha/carol`);

    await w.send(
      `<iq type="set" id="q" from="${ALICE}" to="${CLUB}"><query xmlns="${MAM}" queryid="all"/></iq>`,
    );
    const archived = w
      .take()
      .filter((el) => el.name === "message")
      .map((el) => el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.toString());
    assert.equal(archived.length, 2);
    assert.ok(!archived.some((m) => m.includes("carol")), archived.join("\n"));
  });

  it("keeps names out of the archive's outside copy when a fellow corrects a message to name them", async () => {
    await w.send(`<message type="groupchat" id="m1" from="${BOB}" to="${CLUB}"><body>hello</body></message>`);
    w.take();
    await w.send(
      `<message type="groupchat" id="m2" from="${BOB}" to="${CLUB}"><body>ask Alpha/carol or carol@localhost</body><replace xmlns="urn:xmpp:message-correct:0" id="m1"/></message>`,
    );
    const live = w.take().find(messageTo(ALICE))!;
    assert.ok(!live.toString().includes("carol"), live.toString());

    await w.send(
      `<iq type="set" id="q" from="${ALICE}" to="${CLUB}"><query xmlns="${MAM}" queryid="all"/></iq>`,
    );
    const archived = w
      .take()
      .filter((el) => el.name === "message")
      .map((el) => el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!);
    assert.equal(archived.length, 1);
    assert.equal(
      archived[0]!.getChildText("body"),
      "ask Alpha or Alpha",
      "the corrected text, as outsiders saw it",
    );
  });

  it("names nobody of the group in a fellow's private message to an outsider", async () => {
    await w.send(
      `<message type="chat" id="p1" from="${BOB}" to="${CLUB}/Alice"><body>Alpha/carol: hi, says carol@localhost</body><reply xmlns="${REPLY}" to="${CLUB}/Alpha/carol" id="x"/></message>`,
    );
    const toAlice = w.take().find(messageTo(ALICE))!;
    assert.equal(toAlice.attrs.from, `${CLUB}/Alpha`);
    assert.ok(!toAlice.toString().includes("carol"), toAlice.toString());
    assert.equal(toAlice.getChild("reply", REPLY)!.attrs.to, `${CLUB}/Alpha`);
  });
});
