// PROTOCOL §5 "Reply and mention address": XEP-0372 mentions that open the owner's message (what
// Converse sends for "@bob: …": the body "bob: …" with a mention reference over "bob") select
// those members, like the "@Bob:" text form; no member's copy carries a mention reference, so no
// copy names another member by URI.
import assert from "node:assert/strict";
import type { World } from "../helpers/world.js";
import { errorOf } from "../helpers/muc.js";
import {
  ADDRESS,
  BADMINTON,
  BOB_JID,
  CAROL_JID,
  OWNER,
  chatTo,
  toMembers,
  useBadminton,
} from "../helpers/topics.js";

const REFERENCE = "urn:xmpp:reference:0";
const mention = (begin: number, end: number, uri: string) =>
  `<reference xmlns="${REFERENCE}" type="mention" begin="${begin}" end="${end}" uri="${uri}"/>`;

describe("topics: mentions", () => {
  let w: World;
  const current = useBadminton();
  beforeEach(() => (w = current()));

  it("sends a message opening with a mention of bob to bob only, without the mention", async () => {
    await w.send(
      `<message type="groupchat" id="m1" from="${OWNER}" to="${BADMINTON}"><body>bob: your racket is at my place</body>${mention(0, 3, `xmpp:${BOB_JID}`)}</message>`,
    );
    const out = w.take();
    const copies = toMembers(out);
    assert.deepEqual(
      copies.map((c) => c.attrs.to),
      [BOB_JID],
      "carol gets nothing",
    );
    assert.equal(copies[0]!.getChildText("body"), "your racket is at my place");
    assert.equal(copies[0]!.getChild("reference", REFERENCE), undefined, "no mention reference in the copy");
    const reflection = out.find((el) => el.attrs.to === OWNER && el.attrs.type === "groupchat")!;
    assert.equal(
      reflection.getChildText("body"),
      "bob: your racket is at my place",
      "the owner sees what she wrote",
    );
    assert.deepEqual(
      reflection
        .getChild("addresses", ADDRESS)!
        .getChildren("address")
        .map((a) => a.attrs.jid),
      [BOB_JID],
      "the reflection names the recipients",
    );
  });

  it("reads several opening mentions, by real JID or by occupant JID, separated by commas or spaces", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>bob, carol: court at eight</body>${mention(0, 3, `xmpp:${BOB_JID}`)}${mention(5, 10, `xmpp:${BADMINTON}/carol`)}</message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID].sort());
    for (const copy of copies) assert.equal(copy.getChildText("body"), "court at eight");
  });

  it("sends a message with a mention further in to everyone, and no copy carries its URI", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>ask bob about rackets</body>${mention(4, 7, `xmpp:${BOB_JID}`)}</message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID].sort());
    const toCarol = copies.find(chatTo(CAROL_JID))!;
    assert.equal(toCarol.getChildText("body"), "ask bob about rackets");
    assert.ok(!toCarol.toString().includes(`xmpp:${BOB_JID}`), "carol's copy names bob by no URI");
  });

  it("sends an opening mention without a colon to everyone (it addresses nobody)", async () => {
    await w.send(
      `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>bob won today</body>${mention(0, 3, `xmpp:${BOB_JID}`)}</message>`,
    );
    const copies = toMembers(w.take());
    assert.deepEqual(copies.map((c) => c.attrs.to).sort(), [BOB_JID, CAROL_JID].sort());
    for (const copy of copies) {
      assert.equal(copy.getChildText("body"), "bob won today");
      assert.equal(copy.getChild("reference", REFERENCE), undefined);
    }
  });

  it("answers item-not-found naming a mentioned non-member, and sends nothing", async () => {
    await w.send(
      `<message type="groupchat" id="bad" from="${OWNER}" to="${BADMINTON}"><body>dave: hi</body>${mention(0, 4, "xmpp:dave@localhost")}</message>`,
    );
    const out = w.take();
    assert.equal(out.length, 1, out.map(String).join("\n"));
    const { condition, text } = errorOf(out[0]);
    assert.equal(condition, "item-not-found");
    assert.equal(text, "Not members of this topic: dave. Nothing was sent.");
  });
});
