// PROTOCOL §5 "Ids are translated", on a real server: the owner's correction reaches bob naming
// the copy he got, so his client replaces it instead of showing a second message; bob's retraction
// and reaction reach the owner's room naming what it holds; the topic's archive shows the corrected
// text and the tombstone.
import assert from "node:assert/strict";
import { xml, type TestUser } from "../helpers/users.js";
import {
  SID,
  groupchat,
  isGroupchatFrom,
  nextChat,
  nickOf,
  sendToAll,
  useTopicOfThree,
} from "../helpers/topics.js";
import { MAM } from "../helpers/rooms.js";
import type { Element } from "../../src/xmpp/xml.js";

const CORRECT = "urn:xmpp:message-correct:0";
const RETRACT = "urn:xmpp:message-retract:1";
const REACTIONS = "urn:xmpp:reactions:0";

/** The owner's view of the topic's archive, as her client's MAM query gets it. */
async function archiveOf(owner: TestUser, topic: string, queryid: string): Promise<Element[]> {
  await owner.iq(xml("iq", { type: "set", to: topic }, xml("query", { xmlns: MAM, queryid })));
  return owner.inbox
    .filter((el) => el.getChild("result", MAM)?.attrs.queryid === queryid)
    .map((el) => el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!);
}

describe("topics: corrections, retractions and reactions", function () {
  this.timeout(30000);
  const fresh = useTopicOfThree("acts");
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;
  beforeEach(() => ({ alice, bob, carol, topic } = fresh()));

  it("brings the owner's correction to each member naming their copy, and archives only the new text", async () => {
    await alice.send(
      xml("message", { to: topic, type: "groupchat", id: "alice-1" }, xml("body", {}, "Court at seven")),
    );
    const bobsCopy = await nextChat(bob, topic);
    const carolsCopy = await nextChat(carol, topic);
    await groupchat(alice, topic, "Court at eight", xml("replace", { xmlns: CORRECT, id: "alice-1" }));
    for (const [member, copy] of [
      [bob, bobsCopy],
      [carol, carolsCopy],
    ] as const) {
      const correction = await nextChat(member, topic);
      assert.equal(correction.getChildText("body"), "Court at eight");
      assert.equal(correction.getChild("replace", CORRECT)?.attrs.id, copy.attrs.id, correction.toString());
    }
    await alice.waitFor(isGroupchatFrom(topic, "Alice", "Court at eight"));
    const archive = await archiveOf(alice, topic, "after-correction");
    assert.deepEqual(
      archive.map((m) => m.getChildText("body")),
      ["Court at eight"],
    );
  });

  it("brings bob's reaction and retraction to the owner's room, and leaves a tombstone in the archive", async () => {
    const mine = await sendToAll(alice, topic, "Who plays tonight?");
    const copy = await nextChat(bob, topic);
    const sid = mine.getChild("stanza-id", SID)!.attrs.id!;
    assert.equal(copy.attrs.id, sid, "bob's copy carries the stanza-id as its id");

    await bob.send(
      xml(
        "message",
        { to: topic, type: "chat", id: "bob-react-1" },
        xml("reactions", { xmlns: REACTIONS, id: copy.attrs.id }, xml("reaction", {}, "👍")),
        xml("store", { xmlns: "urn:xmpp:hints" }),
      ),
    );
    const reaction = await alice.waitFor(
      (el) => el.attrs.from === `${topic}/${nickOf(bob)}` && !!el.getChild("reactions", REACTIONS),
    );
    assert.equal(reaction.getChild("reactions", REACTIONS)!.attrs.id, sid);

    await bob.send(
      xml("message", { to: topic, type: "chat", id: "bob-own-1" }, xml("body", {}, "my number is 123")),
    );
    const shown = await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "my number is 123"));
    await bob.send(
      xml(
        "message",
        { to: topic, type: "chat", id: "bob-retract-1" },
        xml("retract", { xmlns: RETRACT, id: "bob-own-1" }),
        xml("fallback", { xmlns: "urn:xmpp:fallback:0", for: RETRACT }),
        xml("body", {}, "/me retracted a previous message"),
        xml("store", { xmlns: "urn:xmpp:hints" }),
      ),
    );
    const retraction = await alice.waitFor(
      (el) => el.attrs.from === `${topic}/${nickOf(bob)}` && !!el.getChild("retract", RETRACT),
    );
    assert.equal(
      retraction.getChild("retract", RETRACT)!.attrs.id,
      shown.getChild("stanza-id", SID)!.attrs.id,
    );

    const archive = await archiveOf(alice, topic, "after-retraction");
    assert.equal(archive.length, 3, archive.map((m) => m.toString()).join("\n"));
    assert.ok(archive[1]!.getChild("reactions", REACTIONS), "the kept reaction");
    assert.ok(archive[2]!.getChild("retracted", RETRACT), "the tombstone");
    assert.ok(!archive.some((m) => m.toString().includes("my number")), "the retracted text is gone");
  });
});
