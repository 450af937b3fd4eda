// PROTOCOL §5 on a real server: an end-to-end encrypted message into a topic, from the owner or
// from a member, comes back as a message error (not-acceptable, raised by the topic) and nothing
// reaches anyone; the next plain message is the first thing members and owner see.
import assert from "node:assert/strict";
import { xml, type TestUser } from "../helpers/users.js";
import {
  chat,
  errorOf,
  groupchat,
  isGroupchatFrom,
  isMessageErrorFrom,
  nextChat,
  nickOf,
  sendToAll,
  useTopicOfThree,
} from "../helpers/topics.js";

const OMEMO = "eu.siacs.conversations.axolotl";
const FALLBACK = "I sent you an OMEMO encrypted message but your client doesn't seem to support that.";

const omemoPayload = () =>
  xml(
    "encrypted",
    { xmlns: OMEMO },
    xml("header", { sid: "1" }, xml("key", { rid: "2" }, "a2V5"), xml("iv", {}, "aXY=")),
    xml("payload", {}, "cGF5"),
  );

describe("topics: end-to-end encrypted messages", function () {
  this.timeout(30000);
  const fresh = useTopicOfThree("secret");
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;
  beforeEach(() => ({ alice, bob, carol, topic } = fresh()));

  it("refuses the owner's OMEMO message with not-acceptable from the topic; members get nothing", async () => {
    await groupchat(alice, topic, FALLBACK, omemoPayload());
    const refusal = await alice.waitFor(isMessageErrorFrom(topic));
    assert.equal(errorOf(refusal).condition, "not-acceptable", refusal.toString());
    assert.match(errorOf(refusal).text ?? "", /cannot carry end-to-end encrypted messages/);
    assert.equal(refusal.getChild("error")?.attrs.by, topic, "the topic raised it (RFC 6120 §8.2)");
    await sendToAll(alice, topic, "plain after");
    for (const member of [bob, carol]) {
      assert.equal(
        (await nextChat(member, topic)).getChildText("body"),
        "plain after",
        "nothing came before",
      );
    }
  });

  it("refuses a member's OMEMO reply; the owner's room shows only the plain reply after it", async () => {
    await sendToAll(alice, topic, "who plays?");
    await nextChat(bob, topic);
    await chat(bob, topic, FALLBACK, omemoPayload());
    const refusal = await bob.waitFor(isMessageErrorFrom(topic));
    assert.equal(errorOf(refusal).condition, "not-acceptable", refusal.toString());
    await chat(bob, topic, "me, in plain text");
    const shown = await alice.waitFor(isGroupchatFrom(topic, nickOf(bob)));
    assert.equal(
      shown.getChildText("body"),
      "me, in plain text",
      "the encrypted reply never reached the owner",
    );
  });
});
