// Who of a room's members gets a stored message while not in the room, and which copy (absent/plan.ts):
// pure, from the members the caller gathered, who is in the room, and each member's choice.
import assert from "node:assert/strict";
import { planAbsent, type AbsentMessage, type Reachable } from "../../../src/absent/plan.js";
import { absentCopy } from "../../../src/absent/copy.js";
import { hasWord, mentions } from "../../../src/absent/mentions.js";
import { reaches, roomAbsentDelivery } from "../../../src/absent/settings.js";
import type { AbsentMessages } from "../../../src/store/preferences.js";
import { parseXml, type Element } from "../../../src/xmpp/xml.js";

const ROOM = "club@groups.localhost";
const ALPHA = "alpha@groups.localhost";
const SERVICE = "groups.localhost";

const groupchat = (from: string, body: string, extra = "") =>
  parseXml(
    `<message type="groupchat" from="${ROOM}/${from}" id="b1"><body>${body}</body><stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="${ROOM}"/><occupant-id xmlns="urn:xmpp:occupant-id:0" id="o1"/>${extra}</message>`,
  );

function message(inside: Element, extra: Partial<AbsentMessage> = {}): AbsentMessage {
  return { room: { jid: ROOM, name: "Club", service: SERVICE, delivery: "all" }, inside, id: "s1", ...extra };
}

const eve: Reachable = { jid: "eve@localhost", nicks: ["Evie"] };
const carol: Reachable = { jid: "carol@localhost", through: ALPHA, nicks: ["Alpha/Caz"] };
const dan: Reachable = { jid: "dan@localhost", through: ALPHA, nicks: [] };
const everyone = (_jid: string): AbsentMessages => "room";

describe("absent members: the plan", () => {
  it("sends one copy per member who is not in the room, and none to those who are", () => {
    const plan = planAbsent(
      message(groupchat("Alice", "hi")),
      [eve, carol, dan],
      new Set([dan.jid]),
      everyone,
    );
    assert.equal(plan.length, 1);
    assert.deepEqual(plan[0]!.to, [eve.jid, carol.jid]);
  });

  it("gives the group's own members the copy that names the sender, and everyone else the group's", () => {
    const inside = groupchat("Alpha/bob", "from alpha");
    const outside = groupchat("Alpha", "from alpha");
    const plan = planAbsent(
      message(inside, { outside, senderThrough: ALPHA }),
      [eve, carol],
      new Set(),
      everyone,
    );
    const bodyTo = (jid: string) => plan.find((r) => r.to.includes(jid))!.stanza.getChildText("body");
    assert.equal(bodyTo(carol.jid), "[Club] Alpha/bob: from alpha");
    assert.equal(bodyTo(eve.jid), "[Club] Alpha: from alpha");
  });

  it("follows the room's setting, then each member's choice; a mention passes unless they chose none", () => {
    const choices: Record<string, AbsentMessages> = { [eve.jid]: "mentions", [carol.jid]: "none" };
    const choiceOf = (jid: string) => choices[jid] ?? "room";
    const plain = planAbsent(
      message(groupchat("Alice", "hello all")),
      [eve, carol, dan],
      new Set(),
      choiceOf,
    );
    assert.deepEqual(
      plain.flatMap((r) => r.to),
      [dan.jid],
    );
    const named = planAbsent(
      message(groupchat("Alice", "Evie and Alpha/Caz?")),
      [eve, carol, dan],
      new Set(),
      choiceOf,
    );
    assert.deepEqual(
      named.flatMap((r) => r.to),
      [eve.jid, dan.jid],
    );
    const mentionsRoom = message(groupchat("Alice", "hello all"), {
      room: { jid: ROOM, name: "Club", service: SERVICE, delivery: "mentions" },
    });
    assert.deepEqual(planAbsent(mentionsRoom, [dan], new Set(), everyone), []);
  });

  it("decides as the table in docs/protocol.md says", () => {
    assert.equal(reaches("all", "room", false), true);
    assert.equal(reaches("mentions", "room", false), false);
    assert.equal(reaches("mentions", "room", true), true);
    assert.equal(reaches("all", "mentions", false), false);
    assert.equal(reaches("all", "mentions", true), true);
    assert.equal(reaches("all", "none", true), false);
    assert.equal(roomAbsentDelivery({ membersOnly: true }), "all");
    assert.equal(roomAbsentDelivery({ membersOnly: false }), "mentions");
    assert.equal(roomAbsentDelivery({ membersOnly: true, absentDelivery: "mentions" }), "mentions");
  });
});

describe("absent members: the copy", () => {
  it("is a normal message from the service with the room and author before the text, and nothing of the room's stanza", () => {
    const copy = absentCopy(
      groupchat("Alice", "hi", `<active xmlns="http://jabber.org/protocol/chatstates"/>`),
      {
        room: { name: "Club", service: SERVICE },
        id: "s1",
      },
    );
    assert.equal(
      copy.toString(),
      `<message type="normal" from="${SERVICE}" id="s1"><body>[Club] Alice: hi</body><store xmlns="urn:xmpp:hints"/></message>`,
    );
  });

  it("corrects the copy it rewrites, and keeps a file's link", () => {
    const url = "https://up.localhost/a.png";
    const copy = absentCopy(groupchat("Alice", url, `<x xmlns="jabber:x:oob"><url>${url}</url></x>`), {
      room: { name: "Club", service: SERVICE },
      id: "s9",
      corrects: "s1",
    });
    assert.equal(copy.getChild("replace", "urn:xmpp:message-correct:0")?.attrs.id, "s1");
    assert.equal(copy.getChild("x", "jabber:x:oob")?.getChildText("url"), url);
  });
});

describe("absent members: mentions", () => {
  it("finds a XEP-0372 mention of the member's JID or room nick, and a XEP-0461 reply to them", () => {
    const ref = (uri: string) =>
      groupchat(
        "Alice",
        "you",
        `<reference xmlns="urn:xmpp:reference:0" type="mention" begin="0" end="3" uri="${uri}"/>`,
      );
    assert.ok(mentions(ref(`xmpp:${eve.jid}`), ROOM, eve));
    assert.ok(mentions(ref(`xmpp:${ROOM}/Evie`), ROOM, eve));
    assert.ok(mentions(ref(`xmpp:${ROOM}/Alpha%2FCaz`), ROOM, carol), "percent-encoded URIs");
    assert.ok(!mentions(ref(`xmpp:${ROOM}/Evie`), ROOM, carol));
    const reply = groupchat("Alice", "yes", `<reply xmlns="urn:xmpp:reply:0" to="${ROOM}/Evie" id="x"/>`);
    assert.ok(mentions(reply, ROOM, eve));
  });

  it("finds a nick in the text as a word of its own, case aside", () => {
    assert.ok(hasWord("ask EVIE, please", "Evie"));
    assert.ok(hasWord("Alpha/Caz: ping", "Alpha/Caz"));
    assert.ok(hasWord("Évie?", "évie"));
    assert.ok(!hasWord("Evienne called", "Evie"));
    assert.ok(!hasWord("nevie", "Evie"));
    assert.ok(!hasWord("anything", " "));
  });

  it("does not count a name that is only in a reply's quote (XEP-0461 fallback)", () => {
    const quote = "> Evie wrote:\n> see you\n";
    const reply = (text: string, range = `start="0" end="${quote.length}"`) =>
      groupchat(
        "Alice",
        quote + text,
        `<reply xmlns="urn:xmpp:reply:0" to="${ROOM}/Bob" id="m1"/><fallback xmlns="urn:xmpp:fallback:0" for="urn:xmpp:reply:0"><body ${range}/></fallback>`,
      );
    assert.ok(!mentions(reply("fine by me"), ROOM, eve), "Evie is only quoted");
    assert.ok(mentions(reply("Evie too?"), ROOM, eve), "and named in the reply itself");
    assert.ok(!mentions(reply("Evie too?", ""), ROOM, eve), "a fallback without a range is all quote");
  });
});
