// Receipts and markers through topics, on a real server with real clients (docs/protocol.md, "Chat
// states, receipts and markers (both services)", Receipts and markers): a member's XEP-0184 receipt
// and XEP-0333 marker reach the owner naming her message as her client knows it, never stored, and
// the chat-state preferences do not touch them.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { xml, type TestUser } from "../helpers/users.js";
import {
  MARKERS,
  RECEIPTS,
  SID,
  archive,
  chat,
  freshTopic,
  isChatFrom,
  isGroupchatFrom,
  leaveRoom,
  nickOf,
} from "../helpers/topics.js";
import {
  assertNone,
  chatStatesSuite,
  followOwner,
  hasNoStore,
  recordAll,
  setPreferences,
  topicWithOnlineMembers,
  untilSentinel,
} from "../helpers/chatstates.js";

/** A message from exactly `from` carrying a receipt or marker `name` of namespace `ns`. */
const isReportFrom = (from: string, name: string, ns: string) => (el: Element) =>
  el.name === "message" && el.attrs.from === from && el.getChild(name, ns) !== undefined;

/** What a member's client sends to acknowledge a message: a chat to the topic with one child. */
const report = (topic: string, name: "received" | "displayed", id: string) =>
  xml(
    "message",
    { to: topic, type: "chat" },
    xml(name, { xmlns: name === "received" ? RECEIPTS : MARKERS, id }),
  );

describe("chat states: receipts and markers", function () {
  this.timeout(30000);
  const suite = chatStatesSuite();
  let alice: TestUser, bob: TestUser;
  let topic: string;

  beforeEach(async () => {
    [alice, bob] = await suite.people("alice", "bob");
    topic = freshTopic("cs");
    await topicWithOnlineMembers(alice, topic, bob);
  });

  /** Alice sends `body` to all as a groupchat with her own id; resolves with her reflection and bob's copy. */
  async function sendFromRoom(body: string, id: string): Promise<{ reflection: Element; copy: Element }> {
    await alice.send(xml("message", { to: topic, type: "groupchat", id }, xml("body", {}, body)));
    const reflection = await alice.waitFor(isGroupchatFrom(topic, "Alice", body));
    const copy = await bob.waitFor(isChatFrom(topic, body));
    assert.ok(copy.attrs.id, `bob's copy has an id to acknowledge: ${copy.toString()}`);
    return { reflection, copy };
  }

  it("brings a member's displayed marker to the owner in the room from their occupant, naming the room's stanza-id", async () => {
    await setPreferences(bob, { send: false }); // markers are not chat states
    const ownId = `alice-${nickOf(bob)}-1`;
    const { reflection, copy } = await sendFromRoom("Read me", ownId);
    const stanzaId = reflection.getChild("stanza-id", SID)?.attrs.id;
    assert.ok(stanzaId, `the reflection has the room's stanza-id: ${reflection.toString()}`);

    await bob.send(report(topic, "displayed", copy.attrs.id!));
    const marker = await alice.waitFor(isReportFrom(`${topic}/${nickOf(bob)}`, "displayed", MARKERS));
    assert.equal(marker.attrs.type, "groupchat", marker.toString());
    assert.equal(marker.getChild("displayed", MARKERS)!.attrs.id, stanzaId, "the marker names the stanza-id");

    const archived = await archive(alice, topic);
    assertNone(archived, (m) => m.getChild("displayed", MARKERS) !== undefined, "markers are not archived");
    assert.ok(hasNoStore(marker), `a marker is not to be stored (<no-store/>): ${marker.toString()}`);
  });

  it("brings a member's delivery receipt to the owner in the room naming the id her client gave the message", async () => {
    await setPreferences(bob, { send: false });
    await setPreferences(alice, { receive: false });
    const ownId = `alice-${nickOf(bob)}-2`;
    const { copy } = await sendFromRoom("Got it?", ownId);

    await bob.send(report(topic, "received", copy.attrs.id!));
    const receipt = await alice.waitFor(isReportFrom(`${topic}/${nickOf(bob)}`, "received", RECEIPTS));
    assert.equal(receipt.getChild("received", RECEIPTS)!.attrs.id, ownId, "the receipt names alice's own id");

    const archived = await archive(alice, topic);
    assertNone(archived, (m) => m.getChild("received", RECEIPTS) !== undefined, "receipts are not archived");
    assert.ok(hasNoStore(receipt), `a receipt is not to be stored (<no-store/>): ${receipt.toString()}`);
  });

  it("brings a member's marker and receipt to an online owner outside the room, naming her own id", async () => {
    await setPreferences(bob, { send: false });
    await followOwner(alice);
    await leaveRoom(alice, topic);
    const ownId = `alice-${nickOf(bob)}-3`;
    await alice.send(xml("message", { to: topic, type: "chat", id: ownId }, xml("body", {}, "Outside")));
    const copy = await bob.waitFor(isChatFrom(topic, "Outside"));

    await bob.send(report(topic, "displayed", copy.attrs.id!));
    const marker = await alice.waitFor(isReportFrom(topic, "displayed", MARKERS));
    assert.equal(marker.attrs.type, "chat", marker.toString());
    assert.equal(marker.getChild("displayed", MARKERS)!.attrs.id, ownId, "the marker names alice's own id");
    assert.ok(hasNoStore(marker), `<no-store/>: ${marker.toString()}`);

    await bob.send(report(topic, "received", copy.attrs.id!));
    const receipt = await alice.waitFor(isReportFrom(topic, "received", RECEIPTS));
    assert.equal(receipt.getChild("received", RECEIPTS)!.attrs.id, ownId, "the receipt names alice's own id");
    assert.ok(hasNoStore(receipt), `<no-store/>: ${receipt.toString()}`);
  });

  it("does not pass the owner's own receipts and markers on to members", async () => {
    await chat(bob, topic, "a question");
    const question = await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "a question"));
    const atBob = recordAll(bob);
    const id = question.getChild("stanza-id", SID)?.attrs.id ?? question.attrs.id ?? "unknown";

    await alice.send(report(topic, "received", id));
    await alice.send(
      xml("message", { to: topic, type: "groupchat" }, xml("displayed", { xmlns: MARKERS, id })),
    );
    await alice.send(xml("message", { to: topic, type: "groupchat" }, xml("body", {}, "an answer")));
    const { before } = await untilSentinel(bob, atBob, isChatFrom(topic, "an answer"));
    assertNone(
      before,
      (el) =>
        el.getChild("received", RECEIPTS) !== undefined || el.getChild("displayed", MARKERS) !== undefined,
      "bob gets none of alice's receipts and markers",
    );
  });
});
