// PROTOCOL §5 on a real server: a message that opens with a XEP-0372 mention of bob (what Converse
// sends for "@bob: …") reaches bob alone, without the mention; carol's next chat is the next message
// to everyone.
import assert from "node:assert/strict";
import { xml, type TestUser } from "../helpers/users.js";
import { groupchat, nextChat, nickOf, sendToAll, useTopicOfThree } from "../helpers/topics.js";

const REFERENCE = "urn:xmpp:reference:0";

describe("topics: mentions", function () {
  this.timeout(30000);
  const fresh = useTopicOfThree("mention");
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;
  beforeEach(() => ({ alice, bob, carol, topic } = fresh()));

  it("sends a message opening with a mention of bob to bob only, and no copy names anyone", async () => {
    const name = nickOf(bob);
    await groupchat(
      alice,
      topic,
      `${name}: your racket is at my place`,
      xml("reference", {
        xmlns: REFERENCE,
        type: "mention",
        begin: "0",
        end: String(name.length),
        uri: `xmpp:${bob.bare}`,
      }),
    );
    const toBob = await nextChat(bob, topic);
    assert.equal(toBob.getChildText("body"), "your racket is at my place");
    assert.equal(toBob.getChild("reference", REFERENCE), undefined, toBob.toString());
    await sendToAll(alice, topic, "to everyone");
    const toCarol = await nextChat(carol, topic);
    assert.equal(toCarol.getChildText("body"), "to everyone", "carol got nothing before");
    assert.ok(!toCarol.toString().includes(bob.bare), "carol's copy does not name bob");
  });
});
