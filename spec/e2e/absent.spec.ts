// Absent members reached in the web client (docs/protocol.md, "Absent members"), through
// Converse.js in chromium: a member of a members-only room who is not in it finds the room's
// messages from the groups service, led by the room's name and the author — Converse, taking any
// message from a domain JID for a server's, lists them under "Announcements" — and, logged out
// meanwhile, finds them there when he logs in again, from the server's offline storage.
import { WebUser } from "./helpers/browser.js";
import { addGroupchat, configureRoom, messages, openAnnouncements, send } from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

const SERVICE = "groups.localhost";

describe("e2e: absent members reached in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("brings bob the room's messages while he is not in it, live and after he logs in again", async () => {
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const club = "club@groups.localhost";
    const room = await addGroupchat(alice!, "club", club);
    await configureRoom(room, { "muc#roomconfig_persistentroom": true, "muc#roomconfig_membersonly": true });
    // The room takes alice's stanzas in the order she sent them: bob is a member before she writes.
    await send(room, `/member ${bob!.jid}`);

    // Bob is online but never entered the room.
    await send(room, "Meeting at six");
    await messages(await openAnnouncements(bob!, SERVICE), "[club] alice: Meeting at six").waitFor();
    await bob!.screenshot("absent-live");

    // Bob logs out; what alice writes meanwhile is kept by his server and shown when he is back.
    await bob!.close();
    await send(room, "The court is booked");
    await messages(room, "The court is booked").waitFor();
    const back = await WebUser.login(stack(), "bob");
    await messages(await openAnnouncements(back, SERVICE), "[club] alice: The court is booked").waitFor();
    await back.screenshot("absent-after-login");
  });
});
