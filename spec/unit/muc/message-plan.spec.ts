// The plan of an occupant's message to the room: every copy, whole, with its addressees; a nested
// group's fellow is seen as themselves inside the group and as the group everywhere else, and each
// recipient's chat-state switch is honoured.
import assert from "node:assert/strict";
import { nestedViews } from "../../../src/groups/views.js";
import { planRoomMessage } from "../../../src/muc/message-plan.js";
import type { Occupant } from "../../../src/muc/occupant.js";
import { plainViews } from "../../../src/muc/views.js";
import { NS } from "../../../src/xmpp/ns.js";
import { xml } from "../../../src/xmpp/xml.js";
import { makeRoom, occupant } from "../helpers/rooms.js";

const ROOM = "room@groups.example.org";

function seated(bareJid: string, ...sessions: string[]): Occupant {
  const o = occupant(bareJid, "participant");
  for (const s of sessions) o.sessions.set(`${bareJid}/${s}`, xml("presence"));
  return o;
}

function message(from: string, body: string, state?: string) {
  return xml(
    "message",
    { type: "groupchat", from: `${ROOM}/${from}`, id: "m1" },
    xml("body", {}, body),
    state ? xml(state, { xmlns: NS.chatStates }) : null,
  );
}

/** The plan as plain strings: each copy serialised, with its addressees. */
const shape = (plan: { stanza: { toString(): string }; to: string[] }[]) =>
  plan.map((r) => ({ copy: r.stanza.toString(), to: r.to }));

describe("planRoomMessage", () => {
  const everyone = () => true;

  it("gives every session in a plain room the same copy", () => {
    const room = makeRoom();
    const alice = seated("alice@x", "pc", "phone");
    const bob = seated("bob@x", "pc");
    for (const o of [alice, bob]) {
      room.occupants.set(o.nick, o);
      for (const s of o.sessions.keys()) room.sessions.set(s, o);
    }
    const inside = message("alice", "hi");
    const split = planRoomMessage(plainViews, { room, sender: alice, inside }, everyone);
    assert.deepEqual(shape(split.renderings), [
      {
        copy: `<message type="groupchat" from="${ROOM}/alice" id="m1"><body>hi</body></message>`,
        to: ["alice@x/pc", "alice@x/phone", "bob@x/pc"],
      },
    ]);
    assert.deepEqual({ delivered: split.delivered, dropped: split.dropped }, { delivered: 0, dropped: 0 });
  });

  it("shows a fellow as themselves to their group and as the group to everyone else", () => {
    const room = makeRoom();
    const through = { member: "alpha@groups.example.org", name: "Alpha", occupantId: "oid-alpha" };
    const bob = seated("bob@x", "pc");
    bob.nick = "Alpha/bob";
    bob.through = through;
    const carol = seated("carol@x", "pc");
    carol.nick = "Alpha/carol";
    carol.through = through;
    const dave = seated("dave@x", "pc");
    for (const o of [bob, carol, dave]) room.occupants.set(o.nick, o);
    const inside = message("Alpha/bob", "court at eight");
    const outside = message("Alpha", "court at eight");
    const split = planRoomMessage(nestedViews, { room, sender: bob, inside, outside }, everyone);
    assert.deepEqual(shape(split.renderings), [
      {
        copy: `<message type="groupchat" from="${ROOM}/Alpha/bob" id="m1"><body>court at eight</body></message>`,
        to: ["bob@x/pc", "carol@x/pc"],
      },
      {
        copy: `<message type="groupchat" from="${ROOM}/Alpha" id="m1"><body>court at eight</body></message>`,
        to: ["dave@x/pc"],
      },
    ]);
  });

  it("gives those who refuse chat states the message without its state, and a state alone to nobody", () => {
    const room = makeRoom();
    const alice = seated("alice@x", "pc");
    const bob = seated("bob@x", "pc");
    for (const o of [alice, bob]) room.occupants.set(o.nick, o);
    const refusesBob = (address: string) => !address.startsWith("bob@");
    const withState = planRoomMessage(
      plainViews,
      { room, sender: alice, inside: message("alice", "hi", "active") },
      refusesBob,
    );
    assert.deepEqual(shape(withState.renderings), [
      {
        copy: `<message type="groupchat" from="${ROOM}/alice" id="m1"><body>hi</body><active xmlns="${NS.chatStates}"/></message>`,
        to: ["alice@x/pc"],
      },
      {
        copy: `<message type="groupchat" from="${ROOM}/alice" id="m1"><body>hi</body></message>`,
        to: ["bob@x/pc"],
      },
    ]);
    assert.deepEqual(
      { delivered: withState.delivered, dropped: withState.dropped },
      { delivered: 1, dropped: 1 },
    );
    const stateOnly = xml(
      "message",
      { type: "groupchat", from: `${ROOM}/alice` },
      xml("composing", { xmlns: NS.chatStates }),
    );
    const alone = planRoomMessage(plainViews, { room, sender: alice, inside: stateOnly }, refusesBob);
    assert.deepEqual(
      alone.renderings.map((r) => r.to),
      [["alice@x/pc"]],
    );
  });

  it("leaves the room and the messages as they were", () => {
    const room = makeRoom();
    const alice = seated("alice@x", "pc");
    room.occupants.set(alice.nick, alice);
    const inside = message("alice", "hi", "active");
    const before = inside.toString();
    planRoomMessage(plainViews, { room, sender: alice, inside }, () => false);
    assert.equal(inside.toString(), before);
    assert.deepEqual([...room.occupants.keys()], ["alice"]);
  });
});
