// The bounds on chat states, on a real server with real clients (docs/protocol.md, "Chat states,
// receipts and markers (both services)", Bounds): a conversation larger than
// chatStates.maxRecipients carries no states (bodies still go), and a state alone repeating the
// sender's last one within chatStates.coalesceMs is dropped. Each block runs its own Manifold with
// a chatStates section in a configuration file.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { TestUser } from "../helpers/users.js";
import { enter } from "../helpers/rooms.js";
import { barrier, chat, freshTopic, isChatFrom, isGroupchatFrom, nickOf } from "../helpers/topics.js";
import { createGroup, freshRoom } from "../helpers/groups.js";
import {
  assertBodyWithoutState,
  assertNone,
  assertStateOnly,
  chatStatesSuite,
  isStateFrom,
  isStateOnly,
  recordAll,
  sendBodyWithState,
  sendState,
  stateOf,
  topicWithOnlineMembers,
  untilSentinel,
} from "../helpers/chatstates.js";

/** What a member saw from the topic, in order: each state alone by name, each body as `body:…`. */
const transcript = (seen: readonly Element[], from: string): string[] =>
  seen
    .filter((el) => el.name === "message" && el.attrs.from === from)
    .map((el) => (el.getChild("body") ? `body:${el.getChildText("body") ?? ""}` : (stateOf(el) ?? "?")));

describe("chat states: bounds (maxRecipients 2, coalesceMs 5000)", function () {
  this.timeout(30000);
  const suite = chatStatesSuite({ maxRecipients: 2, coalesceMs: 5000 });
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;

  beforeEach(async () => {
    [alice, bob, carol, dave] = await suite.people("alice", "bob", "carol", "dave");
  });

  describe("fan-out", () => {
    it("carries no states in a topic with more members than the bound, but every body", async () => {
      const topic = freshTopic("cs");
      await topicWithOnlineMembers(alice, topic, bob, carol, dave);
      const seen = new Map([bob, carol, dave].map((m) => [m, recordAll(m)]));
      const fanout = await suite.dropped("fanout");

      await sendState(alice, topic, "groupchat", "composing");
      await sendBodyWithState(alice, topic, "groupchat", "to the three of you", "active");
      for (const [member, atMember] of seen) {
        const { sentinel, before } = await untilSentinel(
          member,
          atMember,
          isChatFrom(topic, "to the three of you"),
        );
        assertNone(before, isStateOnly, `${nickOf(member)} gets no state alone`);
        assertBodyWithoutState(sentinel, "to the three of you", `${nickOf(member)}'s copy`);
      }
      await barrier(alice, topic);
      assert.ok((await suite.dropped("fanout")) > fanout, "the states are counted as fanout");
    });

    it("carries states in a topic within the bound", async () => {
      const topic = freshTopic("cs");
      await topicWithOnlineMembers(alice, topic, bob, carol);

      await sendState(alice, topic, "groupchat", "composing");
      for (const member of [bob, carol]) {
        const typing = await member.waitFor(isStateFrom(topic, "composing"));
        assertStateOnly(typing, "composing", `${nickOf(member)} sees alice typing`);
      }
    });

    it("carries states in a room while it has no more other occupants than the bound, and none beyond", async () => {
      const room = freshRoom("cs");
      await createGroup(carol, room, "Carol", { fields: { "muc#roomconfig_membersonly": "0" } });
      await enter(bob, room, "Bob");
      await enter(alice, room, "Alice"); // alice's others: carol and bob
      await sendState(alice, room, "groupchat", "composing");
      for (const user of [carol, bob]) {
        const typing = await user.waitFor(isStateFrom(`${room}/Alice`, "composing", "groupchat"));
        assertStateOnly(typing, "composing", "alice typing in a room of three");
      }

      await enter(dave, room, "Dave"); // now three others
      const seen = new Map([carol, bob, dave].map((u) => [u, recordAll(u)]));
      const fanout = await suite.dropped("fanout");
      await sendState(alice, room, "groupchat", "paused");
      await sendBodyWithState(alice, room, "groupchat", "four of us now", "active");
      for (const [user, atUser] of seen) {
        const { sentinel, before } = await untilSentinel(
          user,
          atUser,
          isGroupchatFrom(room, "Alice", "four of us now"),
        );
        assertNone(before, isStateOnly, "no state alone in a room of four");
        assertBodyWithoutState(sentinel, "four of us now", "the message in a room of four");
      }
      await barrier(alice, room);
      assert.ok((await suite.dropped("fanout")) > fanout, "the states are counted as fanout");
    });
  });

  describe("coalescing", () => {
    it("drops a state alone that repeats the last one, and starts afresh after a message with content", async () => {
      const topic = freshTopic("cs");
      await topicWithOnlineMembers(alice, topic, bob);
      const atBob = recordAll(bob);
      const coalesced = await suite.dropped("coalesced");

      await sendState(alice, topic, "groupchat", "composing");
      await sendState(alice, topic, "groupchat", "composing"); // a repeat: dropped
      await chat(alice, topic, "done typing");
      await sendState(alice, topic, "groupchat", "composing"); // after content: passes
      await sendState(alice, topic, "groupchat", "paused");
      await bob.waitFor(isStateFrom(topic, "paused"));
      assert.deepEqual(transcript(atBob, topic), ["composing", "body:done typing", "composing", "paused"]);
      await barrier(alice, topic);
      assert.equal(await suite.dropped("coalesced"), coalesced + 1, "the repeat is counted as coalesced");
    });
  });
});

describe("chat states: bounds (coalesceMs 0)", function () {
  this.timeout(30000);
  const suite = chatStatesSuite({ coalesceMs: 0 });

  it("passes repeated states when coalescing is off", async () => {
    const [alice, bob] = await suite.people("alice", "bob");
    const topic = freshTopic("cs");
    await topicWithOnlineMembers(alice, topic, bob);
    const atBob = recordAll(bob);

    await sendState(alice, topic, "groupchat", "composing");
    await sendState(alice, topic, "groupchat", "composing");
    await sendState(alice, topic, "groupchat", "paused");
    await bob.waitFor(isStateFrom(topic, "paused"));
    assert.deepEqual(transcript(atBob, topic), ["composing", "composing", "paused"]);
  });
});
