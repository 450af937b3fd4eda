// Requests that wait for a room's owner, as the owner sees them in the web client (docs/protocol.md,
// "Asking, approving, adding" and "Registration"). Manifold sends each owner and admin a chat from
// the service JID groups.localhost that names the request and the command answering it. (The
// request also comes as a form from the room JID, which Converse files into the room's own window,
// where it is never seen.) Converse takes a message from a JID without a local part for a server
// message and lists its sender under "Announcements": that is where alice finds it, and from the
// command it names she answers the request.
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { connectUser, type TestUser } from "../helpers/users.js";
import { enter, registerWithRoom } from "../helpers/rooms.js";
import { WebUser } from "./helpers/browser.js";
import {
  addGroupchat,
  configureRoom,
  messages,
  occupant,
  openAnnouncements,
  roomConfigured,
  roomsListEntry,
  runCommand,
} from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

const SERVICE = "groups.localhost";
const PERSISTENT = "muc#roomconfig_persistentroom";
const MEMBERS_ONLY = "muc#roomconfig_membersonly";

/** The text of a message as the page shows it, once it shows (there must be one such message). */
async function shownText(message: Locator): Promise<string> {
  await message.waitFor();
  return (await message.locator(".chat-msg__text").innerText()).trim();
}

describe("e2e: requests waiting for a room's owner in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("shows alice a chat from groups.localhost when carol asks for her group to join alice's room", async () => {
    const [alice, carol] = await WebUser.loginAll(stack(), "alice", "carol");
    const tea = "tea@groups.localhost";
    const players = "players@groups.localhost";

    // Alice's room Tea; carol's room Players, persistent, as a group must be.
    const alicesTea = await addGroupchat(alice!, "Tea", tea);
    await roomConfigured(alicesTea);
    const carolsPlayers = await addGroupchat(carol!, "Players", players);
    await configureRoom(carolsPlayers, { [PERSISTENT]: true });

    // Carol asks: ad-hoc command join-as-group on Tea, with Players.
    const asked = await runCommand(carol!, tea, "join-as-group", { fill: { group: players } });
    assert.equal(asked.alert, "Completed");
    assert.match(asked.note, /Your request for Players to join Tea was sent to its owners and admins/);

    // Alice sees groups.localhost under "Announcements"; its message names the request and the
    // command that answers it.
    const feed = await openAnnouncements(alice!, SERVICE);
    const text = await shownText(messages(feed, "asks for the group Players"));
    assert.equal(
      text,
      `carol@localhost asks for the group Players (${players}) to join Tea (${tea}). ` +
        `To answer, run the command "Answer requests of groups to join this room" ` +
        `(pending-requests) on ${tea}.`,
    );
    await alice!.screenshot("request-announcement");

    // The command it names settles the request.
    const answered = await runCommand(alice!, tea, "pending-requests", { select: { approve: [players] } });
    assert.equal(answered.alert, "Completed");
    assert.equal(answered.note, "Players is now a member of Tea.");
  });

  it("shows alice a chat from groups.localhost when dave asks to register with her members-only room", async () => {
    const alice = await WebUser.login(stack(), "alice");
    const club = "club@groups.localhost";
    const alicesClub = await addGroupchat(alice, "Club", club);
    await configureRoom(alicesClub, { [MEMBERS_ONLY]: true });

    // Dave, on a plain XMPP client, registers with the room (XEP-0045 §9.9): a members-only room
    // keeps the registration waiting for its owners and admins.
    let dave: TestUser | undefined;
    try {
      dave = await connectUser(stack().prosody, "dave", stack().passwords.dave);
      await registerWithRoom(dave, club, "dave");

      const feed = await openAnnouncements(alice, SERVICE);
      const text = await shownText(messages(feed, "asks to become a member"));
      assert.equal(
        text,
        `dave@localhost asks to become a member of Club (${club}) as "dave". ` +
          `To answer, run the command "Answer requests to become a member" ` +
          `(pending-registrations) on ${club}.`,
      );
      await alice.screenshot("registration-announcement");

      // The command it names makes dave a member: he is told, enters, and alice sees him.
      const answered = await runCommand(alice, club, "pending-registrations", {
        select: { approve: ["dave@localhost"] },
      });
      assert.equal(answered.alert, "Completed");
      assert.equal(answered.note, 'dave@localhost is now a member, as "dave".');
      await dave.waitFor(
        (el) =>
          el.name === "message" &&
          el.attrs.from === "groups.localhost" &&
          /was approved: you are a member/.test(el.getChildText("body") ?? ""),
      );
      await enter(dave, club, "dave");
      await roomsListEntry(alice, club).locator("a.open-room").click();
      await occupant(alicesClub, "dave").waitFor();
      await alice.screenshot("registration-member");
    } finally {
      await dave?.stop();
    }
  });
});
