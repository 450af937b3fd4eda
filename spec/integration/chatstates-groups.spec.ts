// Chat states through rooms and nested groups, on a real server with real clients
// (docs/protocol.md, "Chat states, receipts and markers (both services)", Where states go): a
// fellow's typing shows by the room's views (as the group's to outsiders, as the fellow's to
// fellows), `gone` never goes to a room, private messages carry states, a guest gets none alone,
// and a user who receives none gets none in a room either.
import assert from "node:assert/strict";
import { xml, type TestUser } from "../helpers/users.js";
import { enter } from "../helpers/rooms.js";
import {
  archive,
  barrier,
  chat,
  isChatFrom,
  isGroupchatFrom,
  isOccupantPresence,
  isRoomMessage,
  localPart,
} from "../helpers/topics.js";
import {
  addMembers,
  assertNoneOf,
  contactAsGroup,
  createGroup,
  enterThrough,
  freshRoom,
  groupInRoom,
  hex,
} from "../helpers/groups.js";
import {
  GROUPS_DOMAIN,
  assertBodyWithoutState,
  assertNone,
  assertStateOnly,
  chatStatesSuite,
  isStateFrom,
  isStateOnly,
  preferencesText,
  recordAll,
  sendBodyWithState,
  sendState,
  stateOf,
  untilSentinel,
} from "../helpers/chatstates.js";

describe("chat states: rooms and nested groups", function () {
  this.timeout(30000);
  const suite = chatStatesSuite();

  describe("group A inside room B", () => {
    /** Alice owns A (bob and dave are members); carol owns B and is in it; erin is a member of B. */
    let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, erin: TestUser;
    let b: string, name: string, bobNick: string, daveNick: string;

    beforeEach(async () => {
      [alice, bob, carol, dave, erin] = await suite.people("alice", "bob", "carol", "dave", "erin");
      ({ b, name } = await groupInRoom(alice, carol, [bob, dave], [erin]));
      bobNick = `Bobby${hex()}`;
      daveNick = `Davey${hex()}`;
      await enterThrough(bob, b, name, bobNick);
      await enterThrough(dave, b, name, daveNick);
      await carol.waitFor(isOccupantPresence(b, name));
    });

    it("shows a fellow's typing to fellows from the fellow's occupant, to outsiders only while the group's occupant stands for one, unarchived", async () => {
      const atCarol = recordAll(carol);
      await sendState(bob, b, "groupchat", "composing");
      const atFellow = await dave.waitFor(isStateFrom(`${b}/${name}/${bobNick}`, "composing", "groupchat"));
      assertStateOnly(atFellow, "composing", "dave sees bob typing");

      // Bob and dave are both behind the group's occupant: carol gets the text, no state.
      await sendBodyWithState(bob, b, "groupchat", "hello B", "active");
      const { sentinel, before } = await untilSentinel(carol, atCarol, isGroupchatFrom(b, name, "hello B"));
      assertNone(before, isStateOnly, "carol gets no state from an occupant standing for two");
      assert.equal(stateOf(sentinel), undefined, "nor with the text");

      // Dave leaves: the group's occupant stands for bob alone, and carol sees it typing.
      await dave.send(xml("presence", { to: `${b}/${name}/${daveNick}`, type: "unavailable" }));
      await dave.waitFor(
        (el) =>
          el.name === "presence" &&
          el.attrs.type === "unavailable" &&
          el.attrs.from === `${b}/${name}/${daveNick}`,
      );
      await sendState(bob, b, "groupchat", "composing");
      const atOutsider = await carol.waitFor(isStateFrom(`${b}/${name}`, "composing", "groupchat"));
      assertStateOnly(atOutsider, "composing", "carol sees the group typing");

      const archived = await archive(carol, b);
      assert.ok(
        archived.some((m) => m.getChildText("body") === "hello B"),
        "the message is archived",
      );
      assertNone(archived, isStateOnly, "no state is archived");
      assertNoneOf(atCarol, [bob.bare, bobNick], "carol (outside A)");
    });

    it("delivers a gone sent to the room to nobody, and a body sent with one without it", async () => {
      const atCarol = recordAll(carol);
      const atDave = recordAll(dave);
      const goneInRoom = await suite.dropped("gone-in-room");

      await sendState(bob, b, "groupchat", "gone");
      await sendBodyWithState(bob, b, "groupchat", "bye for now", "gone");
      for (const [user, seen, nick] of [
        [carol, atCarol, name],
        [dave, atDave, `${name}/${bobNick}`],
      ] as const) {
        const { sentinel, before } = await untilSentinel(user, seen, isGroupchatFrom(b, nick, "bye for now"));
        assertNone(before, isStateFrom(`${b}/${nick}`, "gone"), `no gone from ${nick}`);
        assertBodyWithoutState(sentinel, "bye for now", `the body from ${nick}`);
      }
      await barrier(bob, b);
      assert.ok((await suite.dropped("gone-in-room")) >= goneInRoom + 2, "both gones are counted");
    });

    it("passes states in private messages: to the group's occupant each fellow gets it, a fellow's comes from the group", async () => {
      await enter(erin, b, "Erin");
      await sendState(erin, `${b}/${name}`, "chat", "composing");
      for (const fellow of [bob, dave]) {
        const typing = await fellow.waitFor(isStateFrom(`${b}/Erin`, "composing", "chat"));
        assertStateOnly(typing, "composing", `${localPart(fellow.bare)} sees erin typing privately`);
      }

      await sendState(bob, `${b}/Erin`, "chat", "paused");
      const paused = await erin.waitFor(isStateFrom(`${b}/${name}`, "paused", "chat"));
      assertStateOnly(paused, "paused", "erin sees the group pause privately");
    });

    it("gives a user who receives no states none in the room, and their body without one", async () => {
      await preferencesText(carol, "preferences receive-chat-states off", GROUPS_DOMAIN);
      const atCarol = recordAll(carol);

      await sendState(bob, b, "groupchat", "composing");
      await dave.waitFor(isStateFrom(`${b}/${name}/${bobNick}`, "composing"));
      await sendBodyWithState(bob, b, "groupchat", "typed it", "active");
      const atDave = await dave.waitFor(isGroupchatFrom(b, `${name}/${bobNick}`, "typed it"));
      assert.equal(stateOf(atDave), "active", `dave's copy keeps the state: ${atDave.toString()}`);
      const { sentinel, before } = await untilSentinel(carol, atCarol, isGroupchatFrom(b, name, "typed it"));
      assertNone(before, isStateOnly, "carol gets no state alone");
      assertBodyWithoutState(sentinel, "typed it", "carol's copy");
    });
  });

  describe("a guest of a group", () => {
    it("shows a guest's typing in the group's room, and sends the guest no state alone", async () => {
      const [alice, bob, fred] = await suite.people("alice", "bob", "fred");
      const a = freshRoom("alpha");
      const guest = localPart(fred.bare);
      await createGroup(alice, a, "Alice");
      await addMembers(alice, a, bob);
      await enter(bob, a, "Bob");
      await contactAsGroup(bob, a, fred.bare, "Hello Fred");
      await fred.waitFor(isChatFrom(a, "Hello Fred"));
      await alice.waitFor(isRoomMessage(a, "Hello Fred"));
      const atFred = recordAll(fred);

      await sendState(fred, a, "chat", "composing");
      for (const member of [alice, bob]) {
        const typing = await member.waitFor(isStateFrom(`${a}/${guest}`, "composing", "groupchat"));
        assertStateOnly(typing, "composing", `${localPart(member.bare)} sees fred typing`);
      }

      const guestDrops = await suite.dropped("guest");
      await sendState(alice, `${a}/${guest}`, "chat", "composing");
      await chat(alice, `${a}/${guest}`, "Hi Fred");
      const { before } = await untilSentinel(fred, atFred, isChatFrom(a, "Hi Fred"));
      assertNone(before, isStateOnly, "fred gets no state alone");
      await barrier(alice, a);
      assert.equal(await suite.dropped("guest"), guestDrops + 1, "the state is counted as guest");
    });
  });
});
