// XEP-0425 in the web client (docs/protocol.md, "The archive follows corrections and
// retractions"): the owner of a room, a moderator, retracts bob's message from Converse's message
// menu with a reason; bob's window shows it removed by her, and the message's text is gone.
import assert from "node:assert/strict";
import { WebUser } from "./helpers/browser.js";
import { addGroupchat, dialog, messages, occupant, send } from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

describe("e2e: moderation in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("lets alice, moderating her room, retract bob's message for everyone", async () => {
    const jid = "tea@groups.localhost";
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const alicesTea = await addGroupchat(alice!, "Tea", jid);
    const bobsTea = await addGroupchat(bob!, "Tea", jid);
    await occupant(alicesTea, "bob").waitFor();
    await send(bobsTea, "Cheap watches here");
    const spam = messages(alicesTea, "Cheap watches here", `${jid}/bob`);
    await spam.waitFor();

    // The message menu → Retract; Converse asks a moderator for an optional reason.
    await spam.hover();
    await spam.locator("converse-message-actions button.dropdown-toggle").click();
    await spam.locator(".chat-msg__action-retract").click();
    const prompt = dialog(alice!, "You are about to retract this message.");
    await prompt.waitFor();
    await prompt.locator("input[name=reason]").fill("spam");
    await prompt.locator("form.confirm button[type=submit]").click();
    await prompt.waitFor({ state: "hidden" });

    await bobsTea.getByText(/alice has removed a message/).waitFor();
    assert.equal(await messages(bobsTea, "Cheap watches here").count(), 0);
    await bob!.screenshot("room-moderated");
  });
});
