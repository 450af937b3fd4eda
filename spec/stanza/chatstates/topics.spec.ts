// Chat states through topics (PROTOCOL §3): owner → members from the topic JID, member → owner
// from the member's occupant or the topic JID; only between online parties, never stored.
import assert from "node:assert/strict";
import { world, LISTS, type World } from "../helpers/world.js";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, addMembers, chatTo } from "../helpers/topics.js";
import { createRoom } from "../helpers/muc.js";
import { HINTS, SID, dropped, state, stateIn, statesTo } from "../helpers/chatstates.js";

const BOB = `${BOB_JID}/laptop`;
const CAROL = `${CAROL_JID}/pc`;
const OWNER_BARE = "alice@localhost";
const groupchat = (body: string) =>
  `<message type="groupchat" id="g" from="${OWNER}" to="${BADMINTON}">${body}</message>`;

describe("chat states: topics", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    // Persistent, so the topic outlives the owner leaving its room.
    await createRoom(w, OWNER, BADMINTON, "Alice", { "muc#roomconfig_persistentroom": "1" });
    await addMembers(w, OWNER, BADMINTON, [BOB_JID, CAROL_JID]);
    await w.send(`<presence from="${BOB}" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${CAROL}" to="${BADMINTON}"/>`);
    w.take();
  });
  afterEach(() => w.stop());

  describe("owner → members", () => {
    it("relays the owner's typing in the room as a chat from the topic JID, with no-store", async () => {
      await w.send(groupchat(state("composing")));
      const out = w.take();
      for (const member of [BOB_JID, CAROL_JID]) {
        const [copy] = statesTo(out, member);
        assert.equal(copy?.attrs.type, "chat");
        assert.equal(copy?.attrs.from, BADMINTON);
        assert.equal(stateIn(copy), "composing");
        assert.ok(copy?.getChild("no-store", HINTS), "servers must not store it offline");
        assert.equal(copy?.getChild("stanza-id", SID), undefined, "nothing archived, so no stanza-id");
      }
      assert.equal(out.filter((el) => el.attrs.to === OWNER).length, 0, "a state alone is not reflected");
    });

    it("relays a state sent as chat to the bare topic JID, `gone` included", async () => {
      await w.send(`<message type="chat" from="${OWNER}" to="${BADMINTON}">${state("gone")}</message>`);
      assert.deepEqual(statesTo(w.take(), BOB_JID).map(stateIn), ["gone"]);
    });

    it("drops `gone` sent into the room, where it has no meaning (XEP-0085 §5.5)", async () => {
      await w.send(groupchat(state("gone")));
      assert.deepEqual(statesTo(w.take(), BOB_JID), []);
      assert.equal(await dropped(w, "gone-in-room"), 1);
    });

    it("sends to one member only what the owner writes to that member", async () => {
      await w.send(
        `<message type="chat" from="${OWNER}" to="${BADMINTON}/bob">${state("composing")}</message>`,
      );
      const out = w.take();
      assert.equal(statesTo(out, BOB_JID).length, 1);
      assert.equal(statesTo(out, CAROL_JID).length, 0);
    });

    it("sends nothing to a member known to be offline, and counts it", async () => {
      await w.send(`<presence type="unavailable" from="${CAROL}" to="${BADMINTON}"/>`);
      w.take();
      await w.send(groupchat(state("composing")));
      const out = w.take();
      assert.equal(statesTo(out, BOB_JID).length, 1);
      assert.equal(statesTo(out, CAROL_JID).length, 0);
      assert.equal(await dropped(w, "offline"), 1);
    });

    it("still reaches online members after the owner left the room (the topic keeps their presence)", async () => {
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
      w.take();
      await w.send(`<message type="chat" from="${OWNER}" to="${BADMINTON}">${state("composing")}</message>`);
      assert.equal(statesTo(w.take(), BOB_JID).length, 1);
      assert.equal(await dropped(w, "offline"), 0);
    });

    it("keeps a state that comes with a body, and archives the body without adding no-store", async () => {
      await w.send(groupchat(`<body>Court at 7?</body>${state("active")}`));
      const toBob = w.take().find(chatTo(BOB_JID))!;
      assert.equal(stateIn(toBob), "active");
      assert.equal(toBob.getChild("no-store", HINTS), undefined);
      assert.ok(toBob.getChild("stanza-id", SID));
    });
  });

  describe("member → owner", () => {
    it("shows a member's typing from their occupant while the owner is in the room", async () => {
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("composing")}</message>`);
      const [shown] = statesTo(w.take(), OWNER);
      assert.equal(shown?.attrs.type, "groupchat");
      assert.equal(shown?.attrs.from, `${BADMINTON}/bob`);
      assert.equal(stateIn(shown), "composing");
      assert.ok(shown?.getChild("no-store", HINTS));
    });

    it("shows it from the topic JID while the owner is online but not in the room", async () => {
      await w.send(`<presence from="${OWNER}" to="${LISTS}"/>`);
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
      w.take();
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("composing")}</message>`);
      const [shown] = statesTo(w.take(), OWNER_BARE);
      assert.equal(shown?.attrs.type, "chat");
      assert.equal(shown?.attrs.from, BADMINTON);
      assert.equal(shown?.getChildren("no-store", HINTS).length, 1, "one no-store, not two");
    });

    it("sends nothing while the owner is offline (their server would store it)", async () => {
      await w.send(`<presence from="${OWNER}" to="${LISTS}"/>`);
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
      await w.send(`<presence type="unavailable" from="${OWNER}" to="${LISTS}"/>`);
      w.take();
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("composing")}</message>`);
      assert.deepEqual(statesTo(w.take(), OWNER_BARE), []);
      assert.equal(await dropped(w, "offline"), 1);
    });

    it("drops a member's `gone`: one member closing their chat does not end the topic", async () => {
      await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("gone")}</message>`);
      assert.deepEqual(statesTo(w.take(), OWNER), []);
    });

    it("ignores a state alone from someone who is not a member, without an error", async () => {
      await w.send(
        `<message type="chat" from="eve@localhost/x" to="${BADMINTON}">${state("composing")}</message>`,
      );
      assert.deepEqual(w.take(), []);
    });
  });

  it("never archives a state or replays it as history", async () => {
    await w.send(groupchat(state("composing")));
    await w.send(`<message type="chat" from="${BOB}" to="${BADMINTON}">${state("paused")}</message>`);
    await w.send(groupchat("<body>sentinel</body>"));
    w.take();
    await w.send(
      `<presence from="alice@localhost/tablet" to="${BADMINTON}/Alice"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
    );
    const history = w
      .take()
      .filter((el) => el.name === "message" && el.attrs.to === "alice@localhost/tablet");
    assert.ok(
      history.some((el) => el.getChildText("body") === "sentinel"),
      "history is replayed",
    );
    assert.equal(history.filter((el) => stateIn(el)).length, 0);
  });
});

describe("chat states: a topic's presence after a restart", () => {
  it("loads an owner's topics when they come online, probes members and tells them it is there", async () => {
    const { MemoryLevel } = await import("memory-level");
    const level = new MemoryLevel({ valueEncoding: "json" });
    let w = await world({ level: level as never });
    await createRoom(w, OWNER, BADMINTON, "Alice", { "muc#roomconfig_persistentroom": "1" });
    await addMembers(w, OWNER, BADMINTON, [BOB_JID]);
    await w.send(`<presence type="subscribed" from="${BOB_JID}" to="${BADMINTON}"/>`);
    await w.stop();
    w = await world({ level: level as never });
    try {
      await w.send(`<presence from="${OWNER}" to="${LISTS}"/>`);
      const probe = w.take().find((el) => el.attrs.type === "probe" && el.attrs.to === BOB_JID);
      assert.equal(probe?.attrs.from, BADMINTON, "the topic asks after its member");
      await w.send(`<presence from="${BOB}" to="${BADMINTON}"/>`);
      const told = w.take().find((el) => el.name === "presence" && el.attrs.to === BOB_JID);
      assert.equal(told?.attrs.from, BADMINTON);
      assert.equal(told?.attrs.type, undefined, "the topic is available, as its owner is");
    } finally {
      await w.stop();
    }
  });
});
