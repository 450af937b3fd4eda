// The privacy switch (PROTOCOL §3): `preferences` on both services, its text form, and its
// enforcement on every path Manifold relays (topics, rooms, groups, private messages).
import assert from "node:assert/strict";
import { MemoryLevel } from "memory-level";
import { world, GROUPS, LISTS, type World } from "../helpers/world.js";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, addMembers, chatTo, runCommand } from "../helpers/topics.js";
import { createRoom, join } from "../helpers/muc.js";
import { formFields } from "../helpers/groups.js";
import { dropped, setPreferences, state, stateIn, statesTo } from "../helpers/chatstates.js";
import type { Element } from "../../../src/xmpp/xml.js";

const BOB = `${BOB_JID}/laptop`;
const CAROL = `${CAROL_JID}/pc`;
const TEA = `tea@${GROUPS}`;
const bodyTo = (out: Element[], to: string) => out.find((el) => el.attrs.to === to && el.getChild("body"));

async function topicWithBobAndCarol(w: World): Promise<void> {
  await createRoom(w, OWNER, BADMINTON, "Alice");
  await addMembers(w, OWNER, BADMINTON, [BOB_JID, CAROL_JID]);
  await w.send(`<presence from="${BOB}" to="${BADMINTON}"/>`);
  await w.send(`<presence from="${CAROL}" to="${BADMINTON}"/>`);
  w.take();
}

async function textTo(w: World, from: string, service: string, body: string): Promise<string> {
  await w.send(`<message type="chat" from="${from}" to="${service}"><body>${body}</body></message>`);
  return w.take().find(chatTo(from))?.getChildText("body") ?? "";
}

describe("chat states: privacy preferences", () => {
  let w: World;
  afterEach(() => w.stop());

  describe("the command and its text", () => {
    beforeEach(async () => (w = await world()));

    it("shows both switches on by default, in a form on either service", async () => {
      for (const service of [GROUPS, LISTS]) {
        const iq = await runCommand(w, BOB, service, "preferences");
        const command = iq.getChild("command")!;
        assert.equal(command.attrs.status, "executing");
        const fields = formFields(command);
        assert.equal(fields.get("FORM_TYPE")?.getChildText("value"), "urn:x-manifold:0#preferences");
        assert.equal(fields.get("send-chat-states")?.getChildText("value"), "1");
        assert.equal(fields.get("receive-chat-states")?.getChildText("value"), "1");
      }
    });

    it("stores a change made on one service and shows it on the other, saying what is in force", async () => {
      const note = await setPreferences(w, BOB, GROUPS, { send: false });
      assert.match(note, /send-chat-states off/);
      assert.match(note, /receive-chat-states on/);
      const iq = await runCommand(w, BOB, LISTS, "preferences");
      assert.equal(formFields(iq.getChild("command")).get("send-chat-states")?.getChildText("value"), "0");
    });

    it("keeps preferences across a restart", async () => {
      const level = new MemoryLevel({ valueEncoding: "json" });
      await w.stop();
      w = await world({ level: level as never });
      await setPreferences(w, BOB, LISTS, { receive: false });
      await w.stop();
      w = await world({ level: level as never });
      assert.match(await textTo(w, BOB, GROUPS, "preferences"), /receive-chat-states off/);
    });

    it("answers a form value that is not a boolean with bad-request", async () => {
      await w.send(
        `<iq type="set" id="cmd" from="${BOB}" to="${GROUPS}"><command xmlns="http://jabber.org/protocol/commands" node="preferences" sessionid="s"><x xmlns="jabber:x:data" type="submit"><field var="send-chat-states"><value>maybe</value></field></x></command></iq>`,
      );
      const [error] = w.take();
      assert.equal(error?.attrs.type, "error");
      assert.ok(error?.getChild("error")?.getChild("bad-request", "urn:ietf:params:xml:ns:xmpp-stanzas"));
    });

    it("changes them by text on either service, and explains the syntax when it is wrong", async () => {
      assert.match(await textTo(w, BOB, LISTS, "preferences send-chat-states off"), /send-chat-states off/);
      assert.match(
        await textTo(w, BOB, GROUPS, "Preferences receive-chat-states off send-chat-states on"),
        /send-chat-states on.*receive-chat-states off/,
      );
      assert.match(await textTo(w, BOB, GROUPS, "preferences typing never"), /^Usage: preferences/);
      assert.match(
        await textTo(w, BOB, LISTS, "preferences"),
        /send-chat-states on.*receive-chat-states off/,
      );
    });
  });

  describe("sending off", () => {
    beforeEach(async () => {
      w = await world();
      await topicWithBobAndCarol(w);
    });

    it("drops the owner's state alone, and removes a state sent with a body, keeping the body", async () => {
      await setPreferences(w, OWNER, LISTS, { send: false });
      await w.send(
        `<message type="groupchat" from="${OWNER}" to="${BADMINTON}">${state("composing")}</message>`,
      );
      assert.deepEqual(statesTo(w.take(), BOB_JID), []);
      assert.equal(await dropped(w, "sender-off"), 1);
      await w.send(
        `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>hi</body>${state("active")}</message>`,
      );
      const out = w.take();
      const toBob = bodyTo(out, BOB_JID)!;
      assert.equal(toBob.getChildText("body"), "hi");
      assert.equal(stateIn(toBob), undefined);
      const reflection = out.find((el) => el.attrs.to === OWNER)!;
      assert.equal(stateIn(reflection), undefined, "the owner's own copy shows what was relayed");
    });

    it("does the same to a member's states on their way to the owner", async () => {
      await setPreferences(w, BOB, GROUPS, { send: false });
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("composing")}</message>`);
      assert.deepEqual(statesTo(w.take(), OWNER), []);
      await w.send(
        `<message type="chat" from="${BOB}" to="${BADMINTON}"><body>yes</body>${state("active")}</message>`,
      );
      const reply = bodyTo(w.take(), OWNER)!;
      assert.equal(reply.getChildText("body"), "yes");
      assert.equal(stateIn(reply), undefined);
    });

    it("applies in rooms and to private messages", async () => {
      await createRoom(w, OWNER, TEA, "Alice");
      await join(w, BOB, TEA, "Bob");
      await setPreferences(w, BOB, GROUPS, { send: false });
      await w.send(`<message type="groupchat" from="${BOB}" to="${TEA}">${state("composing")}</message>`);
      await w.send(`<message type="chat" from="${BOB}" to="${TEA}/Alice">${state("composing")}</message>`);
      assert.deepEqual(statesTo(w.take(), OWNER), []);
      await w.send(
        `<message type="groupchat" from="${BOB}" to="${TEA}"><body>tea?</body>${state("active")}</message>`,
      );
      const seen = bodyTo(w.take(), OWNER)!;
      assert.equal(seen.getChildText("body"), "tea?");
      assert.equal(stateIn(seen), undefined);
    });
  });

  describe("receiving off", () => {
    beforeEach(async () => {
      w = await world();
      await topicWithBobAndCarol(w);
    });

    it("delivers no state to that member, alone or with a body, while others still get them", async () => {
      await setPreferences(w, CAROL, LISTS, { receive: false });
      await w.send(
        `<message type="groupchat" from="${OWNER}" to="${BADMINTON}">${state("composing")}</message>`,
      );
      let out = w.take();
      assert.equal(statesTo(out, BOB_JID).length, 1);
      assert.equal(statesTo(out, CAROL_JID).length, 0);
      assert.equal(await dropped(w, "receiver-off"), 1);
      await w.send(
        `<message type="groupchat" from="${OWNER}" to="${BADMINTON}"><body>hi</body>${state("active")}</message>`,
      );
      out = w.take();
      assert.equal(stateIn(bodyTo(out, BOB_JID)), "active");
      const toCarol = bodyTo(out, CAROL_JID)!;
      assert.equal(toCarol.getChildText("body"), "hi");
      assert.equal(stateIn(toCarol), undefined);
    });

    it("applies to the owner, in rooms and in private messages", async () => {
      await setPreferences(w, OWNER, GROUPS, { receive: false });
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("composing")}</message>`);
      assert.deepEqual(statesTo(w.take(), OWNER), []);
      await createRoom(w, OWNER, TEA, "Alice");
      await join(w, BOB, TEA, "Bob");
      await w.send(`<message type="groupchat" from="${BOB}" to="${TEA}">${state("composing")}</message>`);
      await w.send(`<message type="chat" from="${BOB}" to="${TEA}/Alice">${state("paused")}</message>`);
      const out = w.take();
      assert.deepEqual(statesTo(out, OWNER), []);
      assert.equal(statesTo(out, BOB).length, 1, "bob's own reflection still shows his state");
    });
  });

  describe("the archive", () => {
    beforeEach(async () => (w = await world()));

    it("keeps a message without its state, so history and MAM give none to anyone", async () => {
      await createRoom(w, OWNER, TEA, "Alice");
      await join(w, BOB, TEA, "Bob");
      await w.send(
        `<message type="groupchat" id="b1" from="${BOB}" to="${TEA}"><body>hi</body>${state("active")}</message>`,
      );
      w.take();
      await setPreferences(w, CAROL, GROUPS, { receive: false });
      const joined = await join(w, CAROL, TEA, "Carol");
      const history = joined.find((el) => el.getChildText("body") === "hi")!;
      assert.equal(stateIn(history), undefined);
      await w.send(
        `<iq type="set" id="q" from="${OWNER}" to="${TEA}"><query xmlns="urn:xmpp:mam:2" queryid="all"/></iq>`,
      );
      const archived = w.take().find((el) => el.name === "message")!;
      const inner = archived.getChild("result")!.getChild("forwarded")!.getChild("message")!;
      assert.equal(inner.getChildText("body"), "hi");
      assert.equal(stateIn(inner), undefined);
    });
  });
});
