// Topics in the web client (docs/protocol.md, "Topic service: lists.localhost"), through
// Converse.js in chromium as its users would do it: the owner adds a groupchat on the lists
// service, adds members with Converse's own tools and writes once; each member gets a 1:1 chat
// from the topic's address and answers there; the answer shows in the owner's room under the
// member's name, and so does the member typing.
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import { WebUser } from "./helpers/browser.js";
import {
  addGroupchat,
  answerDialog,
  approveContactRequest,
  dialog,
  invite,
  messages,
  notifications,
  occupant,
  openChat,
  roomConfigured,
  send,
} from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

describe("e2e: topics in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("fans alice's message out to bob and carol as chats and shows bob's reply in her room as bob", async () => {
    const topic = "badminton@lists.localhost";
    const [alice, bob, carol] = await WebUser.loginAll(stack(), "alice", "bob", "carol");

    // A topic is a room to its owner: "Add groupchat" with its address creates it (201, instant).
    const room = await addGroupchat(alice!, topic, topic);
    await roomConfigured(room);

    // Bob through Converse's "Invite someone" (member affiliation to the room, then a XEP-0249
    // invitation straight to bob), carol with the /member command.
    await invite(room, bob!.jid);
    await send(room, `/member ${carol!.jid}`);
    await occupant(room, "bob").waitFor();
    await occupant(room, "carol").waitFor();

    // The direct invitation reaches bob's page as a dialog offering to enter the topic as a room,
    // which is not how members take part (Manifold refuses it): bob declines.
    const invitation = dialog(bob!, `alice has invited you to join the groupchat "${topic}"`);
    await invitation.waitFor();
    await answerDialog(invitation, "Cancel");

    await send(room, "Game tonight?");
    await messages(room, "Game tonight?", `${topic}/alice`).waitFor();

    const chats = new Map<WebUser, Locator>();
    const requests = new Map<WebUser, Locator>();
    for (const member of [bob!, carol!]) {
      // The topic asked for presence subscription, so Converse lists it under "Contact requests",
      // named by the nick it sent ("owner · topic"); its message makes it an unread conversation.
      const request = member.page.locator(
        `converse-roster .roster-group[data-group="Contact requests"] li:has(a[data-jid="${topic}"])`,
      );
      requests.set(member, request);
      await request.waitFor();
      assert.match(await request.innerText(), /alice · badminton/);
      const box = await openChat(member, topic);
      chats.set(member, box);
      await messages(box, "Game tonight?", topic).waitFor();
      assert.match(await box.locator(".chatbox-title__text").innerText(), /alice · badminton/);
      await box.getByText("alice · badminton would like to be your contact").waitFor();
    }

    // Bob accepts the topic's request (Manifold gets his "subscribed"): it leaves "Contact
    // requests" and stays in his roster under the name from the topic's vCard. Converse 14 does
    // not ask for the topic's presence in return (its accept dialog calls the model's event
    // `subscribe()`, not `subscribeToPresence()`), so the topic shows no presence there.
    const bobChat = chats.get(bob!)!;
    await approveContactRequest(bobChat);
    await requests.get(bob!)!.waitFor({ state: "detached" });
    const entry = bob!.page.locator(`converse-roster li:has(a.open-chat[data-jid="${topic}"])`);
    await entry.waitFor();
    assert.match(await entry.innerText(), /alice · badminton/);
    await bob!.screenshot("topic-chat");
    await carol!.screenshot("topic-chat");

    await send(bobChat, "Count me in");
    const reply = messages(room, "Count me in", `${topic}/bob`);
    await reply.waitFor();
    assert.equal((await reply.locator(".chat-msg__author").innerText()).trim(), "bob");
    await alice!.screenshot("topic-reply");

    // Members never learn who else is on the list: carol's chat has alice's message only.
    assert.equal(await messages(chats.get(carol!)!, "Count me in").count(), 0);
  });

  it("shows in the owner's room that a member is typing in their chat with the topic", async () => {
    const topic = "squash@lists.localhost";
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const room = await addGroupchat(alice!, topic, topic);
    await send(room, `/member ${bob!.jid}`);
    await occupant(room, "bob").waitFor();

    // Bob opens the topic from his roster (its contact request) and types without sending.
    await bob!.page.locator(`converse-roster a.open-chat[data-jid="${topic}"]`).first().waitFor();
    const bobChat = await openChat(bob!, topic);
    await bobChat.locator("textarea.chat-textarea").pressSequentially("I might be late");

    await notifications(room).getByText("bob is typing").waitFor();
    await alice!.screenshot("typing");

    // Converse sends "paused" after 10 s without a key press; alice's room says so.
    await notifications(room).getByText("bob has stopped typing").waitFor({ state: "visible" });
    await alice!.screenshot("typing-stopped");

    // Sending the message ends the state: the message shows and the typing line is gone.
    await bobChat.locator("textarea.chat-textarea").press("Enter");
    await messages(room, "I might be late", `${topic}/bob`).waitFor();
    await notifications(room)
      .getByText(/bob (is|has stopped) typing/)
      .waitFor({ state: "detached" });
  });

  it("sends alice's '@bob: …' to bob alone, as Converse turns it into a mention", async () => {
    const topic = "tennis@lists.localhost";
    const [alice, bob, carol] = await WebUser.loginAll(stack(), "alice", "bob", "carol");
    const room = await addGroupchat(alice!, topic, topic);
    await roomConfigured(room);
    await send(room, `/member ${bob!.jid}`);
    await send(room, `/member ${carol!.jid}`);
    await occupant(room, "bob").waitFor();
    await occupant(room, "carol").waitFor();

    // Converse sends the body "bob: …" with a XEP-0372 mention of bob over "bob" (it drops the @).
    await send(room, "@bob: your racket is at my place");
    await send(room, "Court at eight");
    await messages(room, "Court at eight", `${topic}/alice`).waitFor();

    const bobChat = await openChat(bob!, topic);
    await messages(bobChat, "Court at eight", topic).waitFor();
    await messages(bobChat, "your racket is at my place", topic).waitFor();
    assert.equal(await messages(bobChat, "bob: your racket").count(), 0, "the mention is not in bob's copy");
    await bob!.screenshot("topic-mention");

    const carolChat = await openChat(carol!, topic);
    await messages(carolChat, "Court at eight", topic).waitFor();
    assert.equal(await messages(carolChat, "racket").count(), 0, "carol never gets bob's message");
    await carol!.screenshot("topic-mention-other");
  });

  it("shows bob one edited message when alice corrects hers", async () => {
    const topic = "golf@lists.localhost";
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const room = await addGroupchat(alice!, topic, topic);
    await roomConfigured(room);
    await send(room, `/member ${bob!.jid}`);
    await occupant(room, "bob").waitFor();
    await send(room, "Tee off at seven");
    await messages(room, "Tee off at seven", `${topic}/alice`).waitFor();
    const bobChat = await openChat(bob!, topic);
    await messages(bobChat, "Tee off at seven", topic).waitFor();

    // Converse edits the last message sent: the Up key in the empty message box brings it back.
    const textarea = room.locator("textarea.chat-textarea");
    await textarea.press("ArrowUp");
    await room.locator(".chat-msg.correcting").waitFor();
    await textarea.fill("Tee off at eight");
    await textarea.press("Enter");
    await messages(room, "Tee off at eight", `${topic}/alice`).waitFor();

    // Bob's copy is replaced where it was (XEP-0308 naming the id his copy came with), not added.
    await messages(bobChat, "Tee off at eight", topic).waitFor();
    assert.equal(await messages(bobChat, "Tee off").count(), 1, "one message, edited");
    assert.equal(await messages(bobChat, "Tee off at seven").count(), 0);
    await bob!.screenshot("topic-correction");
  });

  it("removes alice's message from bob's chat when she retracts it", async () => {
    const topic = "hockey@lists.localhost";
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const room = await addGroupchat(alice!, topic, topic);
    await roomConfigured(room);
    await send(room, `/member ${bob!.jid}`);
    await occupant(room, "bob").waitFor();
    await send(room, "Wrong list, sorry");
    const mine = messages(room, "Wrong list, sorry", `${topic}/alice`);
    await mine.waitFor();
    const bobChat = await openChat(bob!, topic);
    await messages(bobChat, "Wrong list, sorry", topic).waitFor();

    // The message's actions menu → Retract, then Converse's confirmation.
    await mine.hover();
    await mine.locator("converse-message-actions button.dropdown-toggle").click();
    await mine.locator(".chat-msg__action-retract").click();
    const confirm = dialog(alice!, "Are you sure you want to retract this message?");
    await confirm.waitFor();
    await answerDialog(confirm, "Confirm");

    await bobChat.getByText("alice · hockey has removed a message").waitFor();
    assert.equal(await messages(bobChat, "Wrong list, sorry").count(), 0);
    await bob!.screenshot("topic-retraction");
  });

  it("shows bob's reaction on alice's message in her room", async () => {
    const topic = "chess@lists.localhost";
    const [alice, bob] = await WebUser.loginAll(stack(), "alice", "bob");
    const room = await addGroupchat(alice!, topic, topic);
    await roomConfigured(room);
    await send(room, `/member ${bob!.jid}`);
    await occupant(room, "bob").waitFor();
    await send(room, "Game on Sunday?");
    const mine = messages(room, "Game on Sunday?", `${topic}/alice`);
    await mine.waitFor();
    const bobChat = await openChat(bob!, topic);
    const copy = messages(bobChat, "Game on Sunday?", topic);
    await copy.waitFor();

    // The message menu → Add Reaction → the first of Converse's popular emojis.
    await copy.hover();
    await copy.locator("converse-message-actions button.dropdown-toggle").click();
    await copy.locator(".chat-msg__action-reaction").click();
    const pick = copy.locator(".reaction-picker button.reaction-item:not(.more)").first();
    const emoji = (await pick.innerText()).trim();
    await pick.click();

    // Bob's reaction names his copy; alice's room shows it on her own message, from bob.
    await mine.locator(".chat-msg__reaction", { hasText: emoji }).waitFor();
    await alice!.screenshot("topic-reaction");
  });
});
