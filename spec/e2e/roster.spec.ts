// Presence in the web client's roster: the demo users are mutual contacts (roster group
// "Friends"), so once bob and carol have logged in, alice's contact list shows them online, and
// dave, who never logged in, offline. Manifold takes no part here; this proves the page, the
// WebSocket and the roster work end to end before anything else is blamed on Manifold.
import assert from "node:assert/strict";
import { WebUser } from "./helpers/browser.js";
import { contact } from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

describe("e2e: contacts' presence in the web client", function () {
  this.timeout(60_000);
  const stack = useStack();

  it("shows alice her friends online once they log in, and dave, who never did, offline", async () => {
    const alice = await WebUser.login(stack(), "alice");
    const friends = ["bob", "carol", "dave"].map((name) => contact(alice, `${name}@localhost`));
    // Before anyone else logs in, every friend is listed, offline.
    for (const friend of friends) {
      await friend.waitFor();
      assert.equal(await friend.getAttribute("data-status"), "offline");
    }

    await WebUser.loginAll(stack(), "bob", "carol");
    const [bob, carol, dave] = friends;
    for (const friend of [bob!, carol!]) {
      await friend.and(alice.page.locator("[data-status=online]")).waitFor();
      // What the user sees: the green dot on the avatar, titled "This contact is online".
      assert.equal(await friend.locator(".chat-status").getAttribute("title"), "This contact is online");
    }
    assert.equal(await dave!.getAttribute("data-status"), "offline");
    assert.equal(await dave!.locator(".chat-status").getAttribute("title"), "This contact is offline");
    await alice.screenshot("roster");
  });
});
