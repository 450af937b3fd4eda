// Chat states through topics, on a real server with real clients (docs/protocol.md, "Chat states,
// receipts and markers (both services)", Where states go): the owner's typing reaches the members
// known to be online as a chat from the topic JID, a member's typing reaches the owner, nothing is
// stored or archived, and a topic's presence ends stale indicators when its owner goes offline.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { xml, type TestUser } from "../helpers/users.js";
import { enter } from "../helpers/rooms.js";
import {
  LISTS_DOMAIN,
  archive,
  barrier,
  chat,
  createByCommand,
  freshTopic,
  groupchat,
  isAvailableFrom,
  isChatFrom,
  isGroupchatFrom,
  isOccupantPresence,
  isUnavailableFrom,
  leaveRoom,
  nickOf,
  sendToAll,
} from "../helpers/topics.js";
import { DELAY } from "../helpers/groups.js";
import { uniqueName } from "../helpers/users.js";
import {
  assertNone,
  assertStateOnly,
  chatStatesSuite,
  followOwner,
  isBodyFrom,
  isStateFrom,
  isStateOnly,
  memberOnline,
  recordAll,
  sendState,
  stateOf,
  topicWithOnlineMembers,
  untilSentinel,
  watchTopic,
} from "../helpers/chatstates.js";

describe("chat states: topics", function () {
  this.timeout(30000);
  const suite = chatStatesSuite();
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;

  beforeEach(async () => {
    [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    topic = freshTopic("cs");
  });

  /** A state-only message from the topic: its bare JID or any of its occupants. */
  const stateFromTopic = (el: Element) =>
    isStateOnly(el) && (el.attrs.from === topic || el.attrs.from?.startsWith(`${topic}/`) === true);

  describe("the owner typing", () => {
    it("brings the owner's typing in the room to each online member as a chat from the topic, not to herself", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      const atAlice = recordAll(alice);

      await sendState(alice, topic, "groupchat", "composing");
      for (const member of [bob, carol]) {
        const typing = await member.waitFor(isStateFrom(topic, "composing"));
        assert.equal(typing.attrs.type, "chat", `a chat from the bare topic JID: ${typing.toString()}`);
        assertStateOnly(typing, "composing", `${nickOf(member)} sees alice typing`);
      }

      await groupchat(alice, topic, "first");
      const { before } = await untilSentinel(alice, atAlice, isGroupchatFrom(topic, "Alice", "first"));
      assertNone(before, stateFromTopic, "the owner's own state is not reflected to her");
      for (const member of [bob, carol]) await member.waitFor(isChatFrom(topic, "first"));
    });

    it("passes the typing of an owner who never joined, in a chat to the topic JID to all, in a private message to one", async () => {
      const name = uniqueName("cs");
      topic = `${name}@${LISTS_DOMAIN}`;
      await createByCommand(alice, name, [bob.bare, carol.bare]);
      for (const member of [bob, carol]) await memberOnline(member, topic);
      const atBob = recordAll(bob);

      await sendState(alice, topic, "chat", "composing");
      for (const member of [bob, carol]) {
        const typing = await member.waitFor(isStateFrom(topic, "composing", "chat"));
        assertStateOnly(typing, "composing", `${nickOf(member)} sees alice typing in her chat to the topic`);
      }

      await sendState(alice, `${topic}/${nickOf(carol)}`, "chat", "paused");
      const paused = await carol.waitFor(isStateFrom(topic, "paused", "chat"));
      assertStateOnly(paused, "paused", "carol sees alice pause in a private message");

      await chat(alice, topic, "to everyone");
      const { before } = await untilSentinel(bob, atBob, isChatFrom(topic, "to everyone"));
      assertNone(before, isStateFrom(topic, "paused"), "a private state reaches only its member");
    });

    it("still passes the owner's typing to online members after she left the topic's room", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await leaveRoom(alice, topic); // nothing about bob and carol has changed: they are online
      const seen = new Map([bob, carol].map((m) => [m, recordAll(m)]));

      await sendState(alice, topic, "chat", "composing");
      await chat(alice, topic, "sentinel");
      for (const [member, atMember] of seen) {
        const { before } = await untilSentinel(member, atMember, isChatFrom(topic, "sentinel"));
        const typing = before.find(isStateFrom(topic, "composing", "chat"));
        assert.ok(typing, `${nickOf(member)} sees alice typing from outside the room before her message`);
        assertStateOnly(typing, "composing", `${nickOf(member)} sees alice typing from outside the room`);
      }
    });
  });

  describe("a member typing", () => {
    it("shows a member's typing to the owner in the room as a groupchat from their occupant, and to no other member", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      const atCarol = recordAll(carol);

      await sendState(bob, topic, "chat", "composing");
      const typing = await alice.waitFor(isStateFrom(`${topic}/${nickOf(bob)}`, "composing"));
      assert.equal(typing.attrs.type, "groupchat", typing.toString());
      assertStateOnly(typing, "composing", "alice sees bob typing in the room");

      await sendToAll(alice, topic, "thanks");
      const { before } = await untilSentinel(carol, atCarol, isChatFrom(topic, "thanks"));
      assertNone(before, stateFromTopic, "members never see one another's states");
    });

    it("brings a member's typing to an online owner outside the room as a chat from the topic", async () => {
      await topicWithOnlineMembers(alice, topic, bob);
      await followOwner(alice);
      await leaveRoom(alice, topic);

      await sendState(bob, topic, "chat", "composing");
      const typing = await alice.waitFor(isStateFrom(topic, "composing"));
      assert.equal(typing.attrs.type, "chat", `a chat from the bare topic JID: ${typing.toString()}`);
      assertStateOnly(typing, "composing", "alice sees bob typing outside the room");
    });

    it("sends nothing of a member's typing to an offline owner, and her server stores none of it", async () => {
      await topicWithOnlineMembers(alice, topic, bob);
      await followOwner(alice);
      await watchTopic(bob, topic);
      await alice.stop();
      await bob.waitFor(isUnavailableFrom(topic)); // Manifold knows alice is offline
      const offline = await suite.dropped("offline");
      const bounced = await suite.bounces();

      await sendState(bob, topic, "chat", "composing");
      await sendState(bob, topic, "chat", "paused");
      await chat(bob, topic, "are you there?");
      await barrier(bob, topic);
      assert.equal(await suite.dropped("offline"), offline + 2, "both states are counted as offline");

      // The server hands over what it stored at login, in order, before anything else: what came
      // before the reply kept for alice is still in the new session's inbox.
      const again = await suite.reconnect(alice);
      const kept = await again.waitFor(isChatFrom(topic, `${nickOf(bob)}: are you there?`));
      assertNone(again.inbox, stateFromTopic, "no state was stored for the offline owner");
      assert.equal(stateOf(kept), undefined, `the stored reply carries no state: ${kept.toString()}`);
      // A state sent to her anyway would be stored by Prosody (above) and bounced by ejabberd.
      assert.equal(await suite.bounces(), bounced, "no state came back undelivered");
    });
  });

  describe("gone", () => {
    it("drops the owner's gone in the room, passes it in a chat to the topic JID, and drops a member's", async () => {
      await topicWithOnlineMembers(alice, topic, bob);
      const atBob = recordAll(bob);
      const atAlice = recordAll(alice);
      const goneInRoom = await suite.dropped("gone-in-room");

      await sendState(alice, topic, "groupchat", "gone");
      await sendState(alice, topic, "chat", "gone"); // she closed her 1:1 conversation with the topic
      const closed = await bob.waitFor(isStateFrom(topic, "gone", "chat"));
      assertStateOnly(closed, "gone", "bob sees alice close the conversation");
      await barrier(alice, topic);
      assert.equal(await suite.dropped("gone-in-room"), goneInRoom + 1, "the room's gone is counted");
      await sendToAll(alice, topic, "after gone");
      const { before } = await untilSentinel(bob, atBob, isChatFrom(topic, "after gone"));
      assert.equal(
        before.filter(isStateFrom(topic, "gone")).length,
        1,
        `only the gone of the chat reaches bob: ${before.map((el) => el.toString()).join("\n")}`,
      );

      await sendState(bob, topic, "chat", "gone");
      await chat(bob, topic, "bye for now");
      const reply = await untilSentinel(alice, atAlice, isGroupchatFrom(topic, nickOf(bob), "bye for now"));
      assertNone(reply.before, isStateFrom(`${topic}/${nickOf(bob)}`, "gone"), "a member's gone is dropped");
    });
  });

  describe("stale indicators", () => {
    it("shows the topic unavailable to its online members once its owner's last session ends", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await followOwner(alice);
      const phone = await suite.reconnect(alice);
      await enter(phone, topic, "Alice");
      await watchTopic(bob, topic);
      await watchTopic(carol, topic);
      const atBob = recordAll(bob);

      await alice.stop(); // one of her two sessions: she is still online
      await phone.send(xml("presence", {}, xml("show", {}, "away")));
      const { before } = await untilSentinel(
        bob,
        atBob,
        (el) => isAvailableFrom(topic)(el) && el.getChildText("show") === "away",
      );
      assertNone(before, isUnavailableFrom(topic), "the topic stays available while she has a session");

      await phone.stop();
      await bob.waitFor(isUnavailableFrom(topic));
      await carol.waitFor(isUnavailableFrom(topic));
    });
  });

  describe("offline members", () => {
    it("sends an offline member nothing, has nothing stored for them, and archives no state", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await sendState(bob, topic, "chat", "composing");
      await alice.waitFor(isStateFrom(`${topic}/${nickOf(bob)}`, "composing"));
      await bob.stop();
      await alice.waitFor(
        (el) => isOccupantPresence(topic, nickOf(bob))(el) && el.getChildText("show") === "xa",
      );
      const offline = await suite.dropped("offline");
      const bounced = await suite.bounces();

      await sendState(alice, topic, "groupchat", "composing");
      await carol.waitFor(isStateFrom(topic, "composing"));
      await barrier(alice, topic);
      assert.equal(await suite.dropped("offline"), offline + 1, "bob's copy is counted as offline");
      await sendState(alice, topic, "groupchat", "paused");
      await carol.waitFor(isStateFrom(topic, "paused"));

      // Whatever the server stored for bob reaches his new session at login, before anything sent later.
      const again = await suite.reconnect(bob);
      await sendToAll(alice, topic, "welcome back");
      await again.waitFor(isChatFrom(topic, "welcome back"));
      assertNone(again.inbox, isStateOnly, "no state was stored for the offline member");
      // A state sent to him anyway would be stored by Prosody (above) and bounced by ejabberd.
      assert.equal(await suite.bounces(), bounced, "no state came back undelivered");

      const archived = await archive(alice, topic);
      assert.ok(archived.some(isBodyFrom(`${topic}/Alice`, "welcome back")), "the archive has the message");
      assertNone(archived, isStateOnly, "no state is archived");

      await leaveRoom(alice, topic);
      const replay = recordAll(alice);
      await enter(alice, topic, "Alice", { maxstanzas: "50" });
      const history = replay.filter((el) => el.name === "message" && el.getChild("delay", DELAY));
      assert.ok(
        history.some((el) => el.getChildText("body") === "welcome back"),
        `the history has the message: ${history.map((el) => el.toString()).join("\n")}`,
      );
      assertNone(history, isStateOnly, "no state is replayed as history");
    });
  });
});
