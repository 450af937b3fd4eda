// The chat-state privacy switch, on a real server with real clients (docs/protocol.md, "Chat states,
// receipts and markers (both services)", Privacy preferences): the `preferences` command and its
// text form on both service JIDs, one setting for both, and what members and owners of a topic see
// when someone sends or receives no states.
import assert from "node:assert/strict";
import type { TestUser } from "../helpers/users.js";
import {
  barrier,
  freshTopic,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  nickOf,
  submitCommand,
} from "../helpers/topics.js";
import {
  GROUPS_DOMAIN,
  LISTS_DOMAIN,
  RECEIVE,
  SEND,
  assertBodyWithoutState,
  assertNone,
  assertStateOnly,
  assertStatesInForce,
  chatStatesSuite,
  isStateFrom,
  isStateOnly,
  preferencesText,
  recordAll,
  sendBodyWithState,
  sendState,
  setPreferences,
  showPreferences,
  stateOf,
  topicWithOnlineMembers,
  untilSentinel,
} from "../helpers/chatstates.js";

describe("chat states: privacy preferences", function () {
  this.timeout(30000);
  const suite = chatStatesSuite();
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;

  beforeEach(async () => {
    [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    topic = freshTopic("cs");
  });

  describe("the preferences command and its text form", () => {
    it("shows both switches on by default, on both service JIDs", async () => {
      for (const service of [LISTS_DOMAIN, GROUPS_DOMAIN]) {
        const shown = await showPreferences(bob, service);
        assert.deepEqual([shown.send, shown.receive], [true, true], `the defaults on ${service}`);
      }
    });

    it("stores a submitted form, says what is in force, and shows it on the other service too", async () => {
      const note = await setPreferences(bob, { send: false }, GROUPS_DOMAIN);
      assertStatesInForce(note, { send: false, receive: true });
      const onLists = await showPreferences(bob, LISTS_DOMAIN);
      assert.deepEqual([onLists.send, onLists.receive], [false, true], "the same setting on lists");

      // Clients may write booleans as words (XEP-0004 §3.3).
      const shown = await showPreferences(bob, LISTS_DOMAIN);
      const done = await submitCommand(bob, LISTS_DOMAIN, shown.command, {
        [SEND]: "true",
        [RECEIVE]: "false",
      });
      assert.equal(done.attrs.status, "completed", done.toString());
      const onGroups = await showPreferences(bob, GROUPS_DOMAIN);
      assert.deepEqual([onGroups.send, onGroups.receive], [true, false], "the same setting on groups");
    });

    it("answers the text 'preferences' on either service JID, and changes the switches with it", async () => {
      assertStatesInForce(await preferencesText(carol, "preferences", LISTS_DOMAIN), {
        send: true,
        receive: true,
      });
      assertStatesInForce(
        await preferencesText(carol, "preferences receive-chat-states off", GROUPS_DOMAIN),
        {
          send: true,
          receive: false,
        },
      );
      const shown = await showPreferences(carol, LISTS_DOMAIN);
      assert.deepEqual([shown.send, shown.receive], [true, false], "the command shows what the text set");
      assertStatesInForce(
        await preferencesText(carol, "preferences send-chat-states off receive-chat-states on", LISTS_DOMAIN),
        { send: false, receive: true },
      );
      assertStatesInForce(await preferencesText(carol, "preferences", GROUPS_DOMAIN), {
        send: false,
        receive: true,
      });
    });
  });

  describe("sending off", () => {
    it("lets none of an owner's states reach her members, and keeps the body of a message that carried one", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await setPreferences(alice, { send: false });
      const seen = new Map([bob, carol].map((m) => [m, recordAll(m)]));
      const senderOff = await suite.dropped("sender-off");

      await sendState(alice, topic, "groupchat", "composing");
      await sendBodyWithState(alice, topic, "groupchat", "hello", "active");
      for (const [member, atMember] of seen) {
        const { sentinel, before } = await untilSentinel(member, atMember, isChatFrom(topic, "hello"));
        assertNone(before, isStateOnly, `${nickOf(member)} gets no state alone`);
        assertBodyWithoutState(sentinel, "hello", `${nickOf(member)}'s copy`);
      }
      await barrier(alice, topic);
      assert.ok(
        (await suite.dropped("sender-off")) >= senderOff + 2,
        "both states are counted as sender-off",
      );
    });

    it("lets none of a member's states reach the owner, and keeps the body of a message that carried one", async () => {
      await topicWithOnlineMembers(alice, topic, bob);
      await setPreferences(bob, { send: false }, GROUPS_DOMAIN); // the same setting on both services
      const atAlice = recordAll(alice);

      await sendState(bob, topic, "chat", "composing");
      await sendBodyWithState(bob, topic, "chat", "hi there", "active");
      const { sentinel, before } = await untilSentinel(
        alice,
        atAlice,
        isGroupchatFrom(topic, nickOf(bob), "hi there"),
      );
      assertNone(before, isStateOnly, "alice gets no state alone from bob");
      assertBodyWithoutState(sentinel, "hi there", "bob's reply in the room");
    });
  });

  describe("receiving off", () => {
    it("gives a member who receives none no state, alone or with a body, while another member gets them", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await setPreferences(carol, { receive: false });
      const atCarol = recordAll(carol);
      const receiverOff = await suite.dropped("receiver-off");

      await sendState(alice, topic, "groupchat", "composing");
      assertStateOnly(
        await bob.waitFor(isStateFrom(topic, "composing")),
        "composing",
        "bob sees alice typing",
      );
      await sendBodyWithState(alice, topic, "groupchat", "hello all", "active");
      const atBob = await bob.waitFor(isChatFrom(topic, "hello all"));
      assert.equal(stateOf(atBob), "active", `bob's copy keeps the state: ${atBob.toString()}`);

      const { sentinel, before } = await untilSentinel(carol, atCarol, isChatFrom(topic, "hello all"));
      assertNone(before, isStateOnly, "carol gets no state alone");
      assertBodyWithoutState(sentinel, "hello all", "carol's copy");
      await barrier(alice, topic);
      assert.ok(
        (await suite.dropped("receiver-off")) >= receiverOff + 2,
        "both of carol's states are counted as receiver-off",
      );
    });

    it("lets a member switch receiving off and on again by text, on either service JID", async () => {
      await topicWithOnlineMembers(alice, topic, bob, carol);
      await preferencesText(carol, "preferences receive-chat-states off", GROUPS_DOMAIN);
      const atCarol = recordAll(carol);

      await sendState(alice, topic, "groupchat", "composing");
      await bob.waitFor(isStateFrom(topic, "composing"));
      await groupchat(alice, topic, "while off");
      const { before } = await untilSentinel(carol, atCarol, isChatFrom(topic, "while off"));
      assertNone(before, isStateOnly, "carol gets no state while receiving is off");

      await preferencesText(carol, "preferences receive-chat-states on", LISTS_DOMAIN);
      await sendState(alice, topic, "groupchat", "paused");
      assertStateOnly(await carol.waitFor(isStateFrom(topic, "paused")), "paused", "carol sees states again");
    });

    it("gives an owner who receives none her members' replies without their states", async () => {
      await topicWithOnlineMembers(alice, topic, bob);
      await setPreferences(alice, { receive: false });
      const atAlice = recordAll(alice);

      await sendState(bob, topic, "chat", "composing");
      await sendBodyWithState(bob, topic, "chat", "my answer", "active");
      const { sentinel, before } = await untilSentinel(
        alice,
        atAlice,
        isGroupchatFrom(topic, nickOf(bob), "my answer"),
      );
      assertNone(before, isStateOnly, "alice gets no state alone");
      assertBodyWithoutState(sentinel, "my answer", "bob's reply in the room");
      // Her switch is about what she receives: bob still gets her states.
      await sendState(alice, topic, "groupchat", "composing");
      await bob.waitFor(isStateFrom(topic, "composing"));
    });
  });
});
