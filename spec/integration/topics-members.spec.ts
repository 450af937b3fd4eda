// Topics from the members' side, on a real server with real clients (docs/protocol.md, "Topic
// service: lists.localhost", Member side): an ordinary 1:1 chat with the topic's JID.
import assert from "node:assert/strict";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { xml, type TestUser } from "../helpers/users.js";
import { codes } from "../helpers/rooms.js";
import {
  MARKERS,
  NICK,
  RECEIPTS,
  SID,
  LISTS_DOMAIN,
  addMembers,
  admin,
  answerSubscription,
  addressesOf,
  archive,
  barrier,
  chat,
  createPersistentTopic,
  createTopic,
  errorOf,
  executeCommand,
  fetchRoster,
  freshTopic,
  isAvailableFrom,
  isChatFrom,
  isGroupchatFrom,
  isMessageErrorFrom,
  isOccupantPresence,
  isSubscriptionFrom,
  isUnavailableFrom,
  isRoomMessage,
  leaveRoom,
  localPart,
  memberList,
  nextChat,
  nickOf,
  notesOf,
  castOfThree,
  reconnect,
  sendToAll,
  watchPresence,
} from "../helpers/topics.js";

describe("topics: the member's 1:1 chat", function () {
  this.timeout(30000);
  const cast = castOfThree();
  let server: XmppServer;
  let alice: TestUser, bob: TestUser, carol: TestUser;
  let topic: string;

  beforeEach(() => {
    ({ server, alice, bob, carol } = cast);
    topic = freshTopic("x");
  });

  describe("replies", () => {
    it("brings a member's reply to the owner in the room as a groupchat from their occupant", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await sendToAll(alice, topic, "Anyone?");
      await bob.waitFor(isChatFrom(topic, "Anyone?"));
      await carol.waitFor(isChatFrom(topic, "Anyone?"));

      await chat(bob, topic, "Me!");
      const reply = await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "Me!"));
      assert.equal(reply.getChild("stanza-id", SID)?.attrs.by, topic, "archived, with the topic's stanza-id");
      assert.ok(
        reply.getChild("occupant-id", "urn:xmpp:occupant-id:0"),
        `an occupant-id: ${reply.toString()}`,
      );
      await bob.send(xml("message", { to: topic }, xml("body", {}, "Me too (a normal message)")));
      await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "Me too (a normal message)"));

      await sendToAll(alice, topic, "next");
      assert.equal(
        (await nextChat(carol, topic)).getChildText("body"),
        "next",
        "other members never see a reply",
      );
    });

    it("keeps a reply for an offline owner as a chat from the topic, prefixed with the member's nick", async () => {
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await sendToAll(alice, topic, "Who's in?");
      await bob.waitFor(isChatFrom(topic, "Who's in?"));
      await leaveRoom(alice, topic);
      await watchPresence(bob, alice);
      await alice.stop();
      await bob.waitFor(isUnavailableFrom(alice.jid)); // the server has ended alice's session

      await chat(bob, topic, "I am");
      alice = await reconnect(server, alice);
      const kept = await alice.waitFor(isChatFrom(topic, `${nickOf(bob)}: I am`));
      assert.ok(addressesOf(kept).includes(`ofrom ${bob.bare}`), `an ofrom address: ${kept.toString()}`);
    });

    it("keeps a member's file for an offline owner a file: the body is its URL, the author in nick and ofrom", async () => {
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await sendToAll(alice, topic, "Photos?");
      await bob.waitFor(isChatFrom(topic, "Photos?"));
      await leaveRoom(alice, topic);
      await watchPresence(bob, alice);
      await alice.stop();
      await bob.waitFor(isUnavailableFrom(alice.jid));

      const url = "https://upload.localhost/abc/court.jpg";
      await chat(bob, topic, url, xml("x", { xmlns: "jabber:x:oob" }, xml("url", {}, url)));
      alice = await reconnect(server, alice);
      const kept = await alice.waitFor(isChatFrom(topic, url));
      assert.equal(kept.getChild("x", "jabber:x:oob")?.getChildText("url"), url, kept.toString());
      assert.equal(kept.getChildText("nick", NICK), nickOf(bob));
      assert.ok(addressesOf(kept).includes(`ofrom ${bob.bare}`), `an ofrom address: ${kept.toString()}`);
    });

    it("refuses messages from someone who is not a member with forbidden and a text", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await chat(carol, topic, "let me in");
      const refusal = await carol.waitFor(isMessageErrorFrom(topic));
      assert.equal(errorOf(refusal).condition, "forbidden", refusal.toString());
      assert.ok(errorOf(refusal).text, "with a human text");
      assert.ok(!refusal.toString().includes(bob.bare), "the refusal reveals no member");
      await barrier(alice, topic);
      assert.ok(!alice.inbox.some((el) => el.getChildText("body")?.includes("let me in")));
    });
  });

  describe("receipts and markers", () => {
    it("relays a member's delivery receipt and displayed marker to the owner's room, unarchived", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await sendToAll(alice, topic, "Read me");
      const message = await bob.waitFor(isChatFrom(topic, "Read me"));
      const id = message.attrs.id;
      assert.ok(id, "the message has an id to acknowledge");
      const fromBob = `${topic}/${nickOf(bob)}`;

      await bob.send(xml("message", { to: topic, type: "chat" }, xml("received", { xmlns: RECEIPTS, id })));
      const receipt = await alice.waitFor(
        (el) => el.name === "message" && el.attrs.from === fromBob && !!el.getChild("received", RECEIPTS),
      );
      assert.equal(receipt.getChild("received", RECEIPTS)!.attrs.id, id);

      await bob.send(xml("message", { to: topic, type: "chat" }, xml("displayed", { xmlns: MARKERS, id })));
      const marker = await alice.waitFor(
        (el) => el.name === "message" && el.attrs.from === fromBob && !!el.getChild("displayed", MARKERS),
      );
      assert.equal(marker.getChild("displayed", MARKERS)!.attrs.id, id);

      const archived = await archive(alice, topic);
      assert.ok(
        !archived.some((m) => m.getChild("received", RECEIPTS) || m.getChild("displayed", MARKERS)),
        "receipts and markers are not archived",
      );
    });

    it("relays a receipt from the topic JID to an owner who is online but not in the room", async () => {
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await answerSubscription(alice, LISTS_DOMAIN, "subscribed"); // lets the topic know she is online
      await sendToAll(alice, topic, "Got it?");
      const message = await bob.waitFor(isChatFrom(topic, "Got it?"));
      await leaveRoom(alice, topic);
      const id = message.attrs.id;
      await bob.send(xml("message", { to: topic, type: "chat" }, xml("received", { xmlns: RECEIPTS, id })));
      const receipt = await alice.waitFor(
        (el) => el.name === "message" && el.attrs.from === topic && !!el.getChild("received", RECEIPTS),
      );
      assert.equal(receipt.getChild("received", RECEIPTS)!.attrs.id, id);
    });
  });

  describe("leaving", () => {
    it("lets a member leave with the leave command in one step, and tells the owner in the room", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      const done = await executeCommand(bob, topic, "leave");
      assert.equal(done.attrs.status, "completed", done.toString());
      assert.ok(
        notesOf(done).some((n) => n.length > 0),
        `a note: ${done.toString()}`,
      );
      const gone = await alice.waitFor(isOccupantPresence(topic, nickOf(bob), "unavailable"));
      assert.ok(codes(gone).includes(321), gone.toString());
      assert.deepEqual(await memberList(alice, topic), [carol.bare]);
    });

    it("lets a member leave by writing /leave", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await alice.waitFor(isOccupantPresence(topic, nickOf(carol)));
      await chat(carol, topic, "/leave");
      const gone = await alice.waitFor(isOccupantPresence(topic, nickOf(carol), "unavailable"));
      assert.ok(codes(gone).includes(321), gone.toString());
      assert.ok(!alice.inbox.some(isGroupchatFrom(topic, nickOf(carol), "/leave")), "not relayed as a reply");
      assert.deepEqual(await memberList(alice, topic), [bob.bare]);

      await sendToAll(alice, topic, "after carol left");
      await bob.waitFor(isChatFrom(topic, "after carol left"));
      await chat(carol, topic, "still there?");
      await carol.waitFor(isMessageErrorFrom(topic));
      assert.ok(!carol.inbox.some(isChatFrom(topic, "after carol left")), "carol gets nothing more");
    });

    it("tells an owner who is not in the room that a member left, by a chat from the topic", async () => {
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      await leaveRoom(alice, topic);
      const done = await executeCommand(bob, topic, "leave");
      assert.equal(done.attrs.status, "completed", done.toString());
      const told = await alice.waitFor(isChatFrom(topic));
      assert.ok(told.getChildText("body")!.includes(nickOf(bob)), told.toString());
      assert.deepEqual(await memberList(alice, topic), []);
    });
  });

  describe("bounces", () => {
    it("tells the owner in the room when a member's server bounces a message", async () => {
      await createTopic(alice, topic);
      const ghost = `${nickOf(bob)}-ghost@localhost`; // no such account: the server answers with an error
      await admin(alice, topic, { jid: ghost, affiliation: "member" });
      await sendToAll(alice, topic, "is anyone there?");
      await alice.waitFor(isRoomMessage(topic, localPart(ghost)));
    });
  });

  describe("presence and consent", () => {
    it("asks a new member for presence subscription, with the topic's nick", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      const request = await bob.waitFor(isSubscriptionFrom(topic, "subscribe"));
      assert.equal(
        request.getChildText("nick", "http://jabber.org/protocol/nick"),
        `${nickOf(alice)} · ${topic.split("@")[0]!}`,
      );
    });

    it("shows a member who has not answered the subscription request as available, not offline", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      // The server acknowledges the request to the topic before it hands it to bob…
      await bob.waitFor(isSubscriptionFrom(topic, "subscribe"));
      // …so once the topic has answered alice after that, it has seen everything about bob.
      await barrier(alice, topic);
      const shown = alice.inbox.filter(isOccupantPresence(topic, nickOf(bob)));
      assert.ok(shown.length > 0, "bob is an occupant");
      const latest = shown.at(-1)!;
      assert.equal(latest.getChildText("show"), null, `plain available while unknown: ${latest.toString()}`);
      assert.equal(
        latest.getChildText("status"),
        null,
        `plain available while unknown: ${latest.toString()}`,
      );
    });

    it("removes a member who declines the topic's subscription request", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      const request = await bob.waitFor(isSubscriptionFrom(topic, "subscribe"));
      assert.ok(request);
      await bob.send(xml("presence", { to: topic, type: "unsubscribed" }));
      const gone = await alice.waitFor(isOccupantPresence(topic, nickOf(bob), "unavailable"));
      assert.ok(codes(gone).includes(321), gone.toString());
      assert.deepEqual(await memberList(alice, topic), [carol.bare]);

      await sendToAll(alice, topic, "after bob declined");
      await carol.waitFor(isChatFrom(topic, "after bob declined"));
      await chat(bob, topic, "am I still in?");
      const refusal = await bob.waitFor(isMessageErrorFrom(topic));
      assert.equal(errorOf(refusal).condition, "forbidden");
      assert.ok(!bob.inbox.some(isChatFrom(topic, "after bob declined")), "bob gets no more messages");
    });

    it("mirrors an accepting member's presence, and shows them xa 'offline' once they go offline", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      const request = await bob.waitFor(isSubscriptionFrom(topic, "subscribe"));
      assert.ok(request);
      await bob.send(xml("presence", { to: topic, type: "subscribed" }));

      await bob.send(xml("presence", {}, xml("show", {}, "away"), xml("status", {}, "at the gym")));
      const away = await alice.waitFor(
        (el) => isOccupantPresence(topic, nickOf(bob))(el) && el.getChildText("show") === "away",
      );
      assert.equal(away.getChildText("status"), "at the gym");

      await bob.stop();
      const offline = await alice.waitFor(
        (el) => isOccupantPresence(topic, nickOf(bob))(el) && el.getChildText("show") === "xa",
      );
      assert.equal(offline.getChildText("status"), "offline");
      await sendToAll(alice, topic, "still a member");
      assert.deepEqual(await memberList(alice, topic), [bob.bare], "an offline member stays on the list");
    });

    it("approves a member's subscription and answers a non-member's with unsubscribed", async () => {
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await Promise.all([fetchRoster(bob), fetchRoster(carol)]);
      await bob.send(xml("presence", { to: topic, type: "subscribe" }));
      await bob.waitFor(isSubscriptionFrom(topic, "subscribed"));
      await carol.send(xml("presence", { to: topic, type: "subscribe" }));
      await carol.waitFor(isSubscriptionFrom(topic, "unsubscribed"));
    });

    /** Alice lets the service follow her presence; bob accepts the topic's request and asks for its presence. */
    async function subscribeBothWays(): Promise<void> {
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await answerSubscription(alice, LISTS_DOMAIN, "subscribed");
      await fetchRoster(bob);
      await answerSubscription(bob, topic, "subscribed");
      await bob.send(xml("presence", { to: topic, type: "subscribe" }));
      await bob.waitFor(isSubscriptionFrom(topic, "subscribed"));
    }

    it("shows the topic available to a member while its owner is online, also after they log in again", async () => {
      await subscribeBothWays();
      await bob.waitFor(isAvailableFrom(topic));
      await bob.stop();
      bob = await reconnect(server, bob); // the server probes the topic for bob's new session
      await bob.waitFor(isAvailableFrom(topic));
    });

    it("shows the owner's show on the topic's presence", async () => {
      await subscribeBothWays();
      await bob.waitFor(isAvailableFrom(topic));
      await alice.send(xml("presence", {}, xml("show", {}, "dnd")));
      await bob.waitFor((el) => isAvailableFrom(topic)(el) && el.getChildText("show") === "dnd");
    });

    it("shows the topic unavailable to its members when its owner goes offline", async () => {
      await subscribeBothWays();
      await bob.waitFor(isAvailableFrom(topic));
      await alice.stop();
      await bob.waitFor(isUnavailableFrom(topic));
    });
  });
});
