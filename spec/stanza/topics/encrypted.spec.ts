// PROTOCOL §5: end-to-end encrypted messages cannot go through a topic (every copy comes from the
// topic's JID, which has no keys): they are refused with not-acceptable and nothing is sent, stored
// or reflected. Rooms pass the same payloads through as any MUC does.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { errorOf, ALICE, BOB, TEA, aliceAndBobInTea } from "../helpers/muc.js";
import { BADMINTON, OWNER, useBadminton } from "../helpers/topics.js";

const OMEMO_LEGACY = `<encrypted xmlns="eu.siacs.conversations.axolotl"><header sid="1"><key rid="2">a2V5</key><iv>aXY=</iv></header><payload>cGF5</payload></encrypted>`;
const OMEMO_2 = `<encrypted xmlns="urn:xmpp:omemo:2"><header sid="1"><keys jid="bob@localhost"><key rid="2">a2V5</key></keys></header><payload>cGF5</payload></encrypted>`;
const OPENPGP = `<openpgp xmlns="urn:xmpp:openpgp:0">b3Blbg==</openpgp>`;
const LEGACY_PGP = `<x xmlns="jabber:x:encrypted">bGVnYWN5</x>`;
const FALLBACK = `<body>I sent you an OMEMO encrypted message but your client doesn't seem to support that.</body>`;
const EME = `<encryption xmlns="urn:xmpp:eme:0" namespace="eu.siacs.conversations.axolotl" name="OMEMO"/>`;
const MEMBER = "bob@localhost/pc";

describe("topics: end-to-end encrypted messages", () => {
  let w: World;
  const current = useBadminton();
  beforeEach(() => (w = current()));

  /** The one stanza Manifold answers: the error to the sender, naming why. */
  function refusedOnly(to: string, id: string): void {
    const out = w.take();
    assert.equal(out.length, 1, `only the error goes out, got: ${out.map(String).join("\n")}`);
    const [error] = out;
    assert.equal(error!.attrs.type, "error");
    assert.equal(error!.attrs.to, to);
    assert.equal(error!.attrs.id, id);
    const { condition, text } = errorOf(error);
    assert.equal(condition, "not-acceptable");
    assert.match(text!, /cannot carry end-to-end encrypted messages \(OMEMO, OpenPGP\)/);
    assert.match(text!, /Nothing was sent/);
  }

  for (const [name, payload] of [
    ["OMEMO (eu.siacs.conversations.axolotl)", OMEMO_LEGACY],
    ["OMEMO 2 (urn:xmpp:omemo:2)", OMEMO_2],
    ["OpenPGP for XMPP (XEP-0373)", OPENPGP],
    ["legacy OpenPGP (XEP-0027)", LEGACY_PGP],
  ] as const) {
    it(`refuses the owner's ${name} groupchat: no member gets a copy, the room no reflection`, async () => {
      await w.send(
        `<message type="groupchat" id="e1" from="${OWNER}" to="${BADMINTON}">${FALLBACK}${payload}${EME}</message>`,
      );
      refusedOnly(OWNER, "e1");
    });
  }

  it("refuses an encrypted chat from the owner to the topic's bare JID and to one member", async () => {
    await w.send(
      `<message type="chat" id="e2" from="${OWNER}" to="${BADMINTON}">${FALLBACK}${OMEMO_2}</message>`,
    );
    refusedOnly(OWNER, "e2");
    await w.send(
      `<message type="chat" id="e3" from="${OWNER}" to="${BADMINTON}/bob">${FALLBACK}${OMEMO_LEGACY}</message>`,
    );
    refusedOnly(OWNER, "e3");
  });

  it("refuses a member's encrypted reply, and a body marked as an encrypted message's fallback", async () => {
    await w.send(
      `<message type="chat" id="r1" from="${MEMBER}" to="${BADMINTON}">${FALLBACK}${OMEMO_LEGACY}</message>`,
    );
    refusedOnly(MEMBER, "r1");
    await w.send(
      `<message type="chat" id="r2" from="${MEMBER}" to="${BADMINTON}">${FALLBACK}${EME}</message>`,
    );
    refusedOnly(MEMBER, "r2");
  });

  it("archives nothing it refused", async () => {
    await w.send(
      `<message type="groupchat" id="p1" from="${OWNER}" to="${BADMINTON}"><body>Court at 7?</body></message>`,
    );
    w.take();
    await w.send(
      `<message type="groupchat" id="e4" from="${OWNER}" to="${BADMINTON}">${FALLBACK}${OMEMO_2}</message>`,
    );
    w.take();
    await w.send(
      `<iq type="set" id="q1" from="${OWNER}" to="${BADMINTON}"><query xmlns="urn:xmpp:mam:2" queryid="all"/></iq>`,
    );
    const out = w.take();
    const archived = out.filter((el) => el.name === "message").map((el) => el.toString());
    assert.equal(archived.length, 1, "only the plain message is archived");
    assert.match(archived[0]!, /Court at 7\?/);
    assert.equal(out.find((el) => el.name === "iq")?.attrs.type, "result");
  });
});

describe("rooms: end-to-end encrypted messages", () => {
  let w: World;
  beforeEach(async () => (w = await aliceAndBobInTea(await world())));
  afterEach(() => w.stop());

  it("pass through to every occupant unchanged, as in any MUC", async () => {
    await w.send(
      `<message type="groupchat" id="g1" from="${BOB}" to="${TEA}">${FALLBACK}${OMEMO_LEGACY}</message>`,
    );
    const out = w.take();
    assert.deepEqual(out.map((el) => el.attrs.to).sort(), [ALICE, BOB].sort());
    for (const copy of out) {
      assert.equal(
        copy.getChild("encrypted", "eu.siacs.conversations.axolotl")?.getChildText("payload"),
        "cGF5",
      );
      assert.equal(copy.attrs.type, "groupchat");
    }
  });
});
