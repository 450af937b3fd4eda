// Bookmarks in the web client (XEP-0402 in the user's PEP, Converse's allow_bookmarks and
// muc_respect_autojoin): alice creates a room and a topic with "Add groupchat", makes both
// persistent and adds bob to the topic. Converse 14 bookmarks every groupchat the user enters,
// with autojoin on (its heading menu has no "Bookmark" entry any more; the bookmarks show under
// Groupchats → Bookmarks), and Prosody stores them. A fresh browser context, without any of
// Converse's local cache, logs alice in again: both are entered without her doing anything, and
// the topic lists bob, so the bookmarks came from the server and Manifold took her back in.
import assert from "node:assert/strict";
import { WebUser } from "./helpers/browser.js";
import {
  addGroupchat,
  bookmarkStored,
  closeBookmarks,
  configureRoom,
  entered,
  occupant,
  room,
  roomsListEntry,
  send,
  showBookmarks,
} from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

// Temporary rooms and topics end when their owner leaves (a topic with its member list).
const PERSISTENT = "muc#roomconfig_persistentroom";

describe("e2e: bookmarks in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("joins the user's bookmarked rooms and topics again at log-in", async () => {
    const tea = "tea@groups.localhost";
    const topic = "badminton@lists.localhost";
    const alice = await WebUser.login(stack(), "alice");

    const teaRoom = await addGroupchat(alice, "tea", tea);
    await configureRoom(teaRoom, { [PERSISTENT]: true });
    const topicRoom = await addGroupchat(alice, topic, topic);
    await configureRoom(topicRoom, { [PERSISTENT]: true });
    await send(topicRoom, "/member bob@localhost");
    await occupant(topicRoom, "bob").waitFor();

    // Entering each made Converse publish its bookmark with autojoin on; wait for the server to
    // have stored both before the page goes away, then see them as alice would.
    await bookmarkStored(alice, tea);
    await bookmarkStored(alice, topic);
    assert.deepEqual(await showBookmarks(alice, 2), [topic, tea]);
    await closeBookmarks(alice);
    await alice.close();

    // A new context: no local storage, so Converse knows the rooms only from the server.
    const again = await WebUser.login(stack(), "alice");
    for (const jid of [tea, topic]) {
      await entered(again, jid);
      await roomsListEntry(again, jid).waitFor();
    }

    // Both are open (fullscreen shows one at a time): tea as it was, the topic with bob listed.
    await roomsListEntry(again, tea).locator("a.open-room").click();
    await room(again, tea).locator("textarea.chat-textarea").waitFor();
    await roomsListEntry(again, topic).locator("a.open-room").click();
    const topicAgain = room(again, topic);
    await topicAgain.locator("textarea.chat-textarea").waitFor();
    await occupant(topicAgain, "bob").waitFor();
    await again.screenshot("bookmarks");
  });
});
