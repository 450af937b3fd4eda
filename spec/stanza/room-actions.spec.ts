// PROTOCOL §5 in rooms: corrections, retractions and reactions pass to every occupant as in any
// MUC, and the room's archive follows its authors: a correction of one's own message rewrites the
// archived text instead of adding a message, a retraction leaves a XEP-0424 tombstone; nobody
// rewrites someone else's message this way.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import { ALICE, BOB, TEA, aliceAndBobInTea, errorOf } from "./helpers/muc.js";
import type { Element } from "../../src/xmpp/xml.js";

const CORRECT = "urn:xmpp:message-correct:0";
const RETRACT = "urn:xmpp:message-retract:1";
const SID = "urn:xmpp:sid:0";
const MAM = "urn:xmpp:mam:2";
const MODERATE = "urn:xmpp:message-moderate:1";

describe("rooms: corrections and retractions in the archive", () => {
  let w: World;
  beforeEach(async () => {
    w = await aliceAndBobInTea(await world());
    w.take();
  });
  afterEach(() => w.stop());

  async function say(from: string, body: string, id: string, extra = ""): Promise<Element[]> {
    await w.send(
      `<message type="groupchat" id="${id}" from="${from}" to="${TEA}"><body>${body}</body>${extra}</message>`,
    );
    return w.take();
  }

  async function archived(): Promise<Element[]> {
    await w.send(
      `<iq type="set" id="q" from="${ALICE}" to="${TEA}"><query xmlns="${MAM}" queryid="all"/></iq>`,
    );
    return w
      .take()
      .filter((el) => el.name === "message")
      .map((el) => el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!);
  }

  it("passes a correction to everyone and keeps only the corrected text in the archive", async () => {
    const [first] = await say(BOB, "Two sugars", "b1");
    const sid = first!.getChild("stanza-id", SID)!.attrs.id;
    const out = await say(BOB, "Three sugars", "b2", `<replace xmlns="${CORRECT}" id="b1"/>`);
    assert.deepEqual(out.map((el) => el.attrs.to).sort(), [ALICE, BOB].sort());
    for (const el of out) assert.equal(el.getChild("replace", CORRECT)?.attrs.id, "b1");
    const history = await archived();
    assert.deepEqual(
      history.map((m) => m.getChildText("body")),
      ["Three sugars"],
    );
    assert.equal(history[0]!.getChild("stanza-id", SID)?.attrs.id, sid);
  });

  it("leaves a tombstone for a retraction of one's own message", async () => {
    const [first] = await say(BOB, "My address is…", "b1");
    const sid = first!.getChild("stanza-id", SID)!.attrs.id!;
    const out = await say(BOB, "/me retracted a message", "b3", `<retract xmlns="${RETRACT}" id="${sid}"/>`);
    assert.equal(out.length, 2, "every occupant gets the retraction");
    const history = await archived();
    assert.equal(history.length, 1);
    assert.equal(history[0]!.getChild("body"), undefined);
    assert.equal(history[0]!.getChild("retracted", RETRACT)?.attrs.id, "b3");
  });

  it("archives a correction or retraction naming someone else's message as a message of its own", async () => {
    const [first] = await say(ALICE, "Kettle is on", "a1");
    const sid = first!.getChild("stanza-id", SID)!.attrs.id!;
    await say(BOB, "Kettle is off", "b4", `<replace xmlns="${CORRECT}" id="a1"/>`);
    await say(BOB, "gone", "b5", `<retract xmlns="${RETRACT}" id="${sid}"/>`);
    const history = await archived();
    assert.deepEqual(
      history.map((m) => m.getChildText("body")),
      ["Kettle is on", "Kettle is off", "gone"],
      "alice's message is as she wrote it",
    );
  });

  it("keeps a reaction whose sender asks for it (<store/>), and not one who does not", async () => {
    const [first] = await say(ALICE, "Kettle is on", "a1");
    const sid = first!.getChild("stanza-id", SID)!.attrs.id!;
    const react = (id: string, hint: string) =>
      w.send(
        `<message type="groupchat" id="${id}" from="${BOB}" to="${TEA}"><reactions xmlns="urn:xmpp:reactions:0" id="${sid}"><reaction>☕</reaction></reactions>${hint}</message>`,
      );
    await react("r1", "");
    const passing = w.take();
    assert.equal(passing.length, 2, "both occupants get it");
    await react("r2", `<store xmlns="urn:xmpp:hints"/>`);
    w.take();
    const history = await archived();
    assert.deepEqual(
      history.map((m) => m.attrs.id),
      ["a1", "r2"],
    );
  });

  describe("moderation (XEP-0425)", () => {
    const moderate = (
      from: string,
      id: string,
      inner = `<retract xmlns="${RETRACT}"/><reason>Spam</reason>`,
    ) =>
      w.send(
        `<iq type="set" id="mod" from="${from}" to="${TEA}"><moderate xmlns="${MODERATE}" id="${id}">${inner}</moderate></iq>`,
      );

    it("lets a moderator retract bob's message: everyone is told who and why, the archive keeps a tombstone", async () => {
      const [first] = await say(BOB, "Buy cheap watches", "b1");
      const sid = first!.getChild("stanza-id", SID)!.attrs.id!;
      await moderate(ALICE, sid);
      const out = w.take();
      assert.equal(out.find((el) => el.name === "iq")?.attrs.type, "result");
      const told = out.filter((el) => el.name === "message");
      assert.deepEqual(told.map((el) => el.attrs.to).sort(), [ALICE, BOB].sort());
      for (const el of told) {
        assert.equal(el.attrs.from, TEA);
        const retract = el.getChild("retract", RETRACT)!;
        assert.equal(retract.attrs.id, sid);
        assert.equal(retract.getChild("moderated", MODERATE)?.attrs.by, `${TEA}/Alice`);
        assert.equal(retract.getChildText("reason"), "Spam");
      }
      const history = await archived();
      assert.equal(history.length, 1);
      assert.ok(!history[0]!.toString().includes("watches"));
      const tombstone = history[0]!.getChild("retracted", RETRACT)!;
      assert.equal(tombstone.getChild("moderated", MODERATE)?.attrs.by, `${TEA}/Alice`);
      assert.equal(tombstone.getChildText("reason"), "Spam");
    });

    it("refuses a participant, an unknown id and a request without retract, changing nothing", async () => {
      const [first] = await say(ALICE, "Kettle is on", "a1");
      const sid = first!.getChild("stanza-id", SID)!.attrs.id!;
      await moderate(BOB, sid);
      assert.deepEqual(errorOf(w.take()[0]), {
        condition: "forbidden",
        text: "Only moderators in the room can retract others' messages",
        type: "auth",
      });
      await moderate(ALICE, "no-such-id");
      assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
      await moderate(ALICE, sid, "<reason>why</reason>");
      assert.equal(errorOf(w.take()[0]).condition, "bad-request");
      assert.equal((await archived())[0]!.getChildText("body"), "Kettle is on");
    });

    it("advertises corrections, retraction, reactions and moderation in the room's disco#info", async () => {
      await w.send(
        `<iq type="get" id="d" from="${BOB}" to="${TEA}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
      );
      const features = w
        .take()[0]!
        .getChild("query")!
        .getChildren("feature")
        .map((f) => f.attrs.var);
      for (const feature of [CORRECT, RETRACT, MODERATE, "urn:xmpp:reactions:0"])
        assert.ok(features.includes(feature), `${feature} in ${features.join(" ")}`);
    });
  });
});
