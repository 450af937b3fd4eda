// PROTOCOL §5 on a real server: the owner's XEP-0461 reply to bob's message reaches bob alone,
// naming his message by the id his client gave it; carol's next chat is the next message to all.
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

const REPLY = "urn:xmpp:reply:0";

describe("topics: the owner's replies", function () {
  this.timeout(30000);
  const fresh = useTopicOfThree("reply");
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;
  beforeEach(() => ({ alice, bob, carol, topic } = fresh()));

  it("sends a reply to bob's message to bob alone, naming it by bob's own id", async () => {
    await sendToAll(alice, topic, "Who plays tonight?");
    await nextChat(bob, topic);
    await bob.send(
      xml("message", { to: topic, type: "chat", id: "bob-own-1" }, xml("body", {}, "Count me in")),
    );
    const shown = await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "Count me in"));
    const sid = shown.getChild("stanza-id", SID)?.attrs.id;
    assert.ok(sid, shown.toString());

    await groupchat(
      alice,
      topic,
      "Great, see you",
      xml("reply", { xmlns: REPLY, to: `${topic}/${nickOf(bob)}`, id: sid }),
    );
    const toBob = await nextChat(bob, topic);
    assert.equal(toBob.getChildText("body"), "Great, see you");
    const reply = toBob.getChild("reply", REPLY);
    assert.deepEqual(
      { to: reply?.attrs.to, id: reply?.attrs.id },
      { to: bob.bare, id: "bob-own-1" },
      toBob.toString(),
    );

    await nextChat(carol, topic); // "Who plays tonight?"
    await sendToAll(alice, topic, "to everyone");
    assert.equal(
      (await nextChat(carol, topic)).getChildText("body"),
      "to everyone",
      "carol got no reply to bob",
    );
  });
});
