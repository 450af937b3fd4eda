// Members' copies of the owner's message, planned as data and compared whole: what each member
// sees of the sender, its ids, which payloads pass, the topic's nick on first contact, and each
// member's chat-state switch.
import assert from "node:assert/strict";
import { Room } from "../../../src/muc/room.js";
import type { AffiliationRecord } from "../../../src/muc/types.js";
import { planMemberCopies, type CopiesRequest } from "../../../src/topics/copies.js";
import { planRecipients } from "../../../src/topics/plan.js";
import { parseXml } from "../../../src/xmpp/xml.js";
import { roomConfig } from "../helpers/rooms.js";
import { shown } from "../helpers/plans.js";

const TOPIC = "badminton@lists.localhost";
const CS = "http://jabber.org/protocol/chatstates";
const NICK = `<nick xmlns="http://jabber.org/protocol/nick">alice · Badminton</nick>`;
const SID = `<stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="${TOPIC}"/>`;
const BOB = { nick: "Bob", bareJid: "bob@localhost" };
const CAROL = { nick: "carol", bareJid: "carol@example.org" };
const DAN = { nick: "dan", bareJid: "dan@localhost" };

function topic(): Room {
  const member = (introduced: boolean): AffiliationRecord => ({
    v: 1,
    affiliation: "member",
    kind: "user",
    ...(introduced ? { introduced } : {}),
  });
  const affiliations = new Map<string, AffiliationRecord>([
    ["alice@localhost", { v: 1, affiliation: "owner", kind: "user" }],
    [BOB.bareJid, member(true)],
    [CAROL.bareJid, member(false)], // has had no message yet
    [DAN.bareJid, member(true)],
  ]);
  const record = { v: 1 as const, jid: TOPIC, kind: "topic" as const, owner: "alice@localhost" };
  return new Room(
    { ...record, config: roomConfig({ name: "Badminton" }), subject: null, createdAt: 0, locked: false },
    affiliations,
  );
}

const fromOwner = (inner: string) =>
  parseXml(`<message type="groupchat" from="alice@localhost/phone" to="${TOPIC}" id="a1">${inner}</message>`);

function plan(request: Partial<CopiesRequest> & Pick<CopiesRequest, "stanza">) {
  return planMemberCopies({
    room: topic(),
    recipients: [BOB, DAN],
    id: "s1",
    receives: () => true,
    ...request,
  });
}

describe("topics: planning members' copies of the owner's message", () => {
  it("gives every member one copy from the bare topic JID, with only what members may see", () => {
    const copies = plan({
      stanza: fromOwner(
        `<body>Court at 7?</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/>` +
          `<x xmlns="http://jabber.org/protocol/muc#user"/><occupant-id xmlns="urn:xmpp:occupant-id:0" id="x"/>` +
          `<nick xmlns="http://jabber.org/protocol/nick">Al</nick><stanza-id xmlns="urn:xmpp:sid:0" id="forged" by="${TOPIC}"/>`,
      ),
    });
    assert.deepEqual(shown(copies.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>Court at 7?</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/>${SID}</message>`,
        to: ["bob@localhost", "dan@localhost"],
      },
    ]);
    assert.deepEqual(copies.newcomers, []);
    assert.deepEqual(copies.states, { delivered: 0, dropped: 0 });
  });

  it("adds the topic's nick for a member not yet introduced, and for them only", () => {
    const copies = plan({ stanza: fromOwner("<body>hi</body>"), recipients: [BOB, CAROL, DAN] });
    assert.deepEqual(shown(copies.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>hi</body>${SID}</message>`,
        to: ["bob@localhost", "dan@localhost"],
      },
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>hi</body>${SID}${NICK}</message>`,
        to: ["carol@example.org"],
      },
    ]);
    assert.deepEqual(copies.newcomers, ["carol@example.org"]);
  });

  it("gives a member who refuses chat states the copy without its state, newcomers included", () => {
    const copies = plan({
      stanza: fromOwner(`<body>hi</body><active xmlns="${CS}"/>`),
      recipients: [BOB, CAROL, DAN],
      receives: (jid) => jid !== DAN.bareJid && jid !== CAROL.bareJid,
    });
    const copy = (inner: string) =>
      `<message type="chat" from="${TOPIC}" id="s1"><body>hi</body>${inner}</message>`;
    assert.deepEqual(shown(copies.plan), [
      { xml: copy(`<active xmlns="${CS}"/>${SID}`), to: ["bob@localhost"] },
      { xml: copy(SID), to: ["dan@localhost"] },
      { xml: copy(SID + NICK), to: ["carol@example.org"] },
    ]);
    assert.deepEqual(copies.states, { delivered: 1, dropped: 2 });
  });

  it("sends a state alone only to members who receive states, with no nick and no stanza-id", () => {
    const copies = plan({
      stanza: fromOwner(`<composing xmlns="${CS}"/><no-store xmlns="urn:xmpp:hints"/>`),
      recipients: [BOB, CAROL, DAN],
      receives: (jid) => jid !== DAN.bareJid,
    });
    assert.deepEqual(shown(copies.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><composing xmlns="${CS}"/><no-store xmlns="urn:xmpp:hints"/></message>`,
        to: ["bob@localhost", "carol@example.org"],
      },
    ]);
    assert.deepEqual(copies.newcomers, [], "a state introduces no one");
    assert.deepEqual(copies.states, { delivered: 2, dropped: 1 });
  });

  it("gives an '@Nick:' subset the body without its prefix, and no XEP-0033 list", () => {
    const stanza = fromOwner("<body>@carol, @dan: see you at 7</body>");
    const recipients = planRecipients([BOB, CAROL, DAN], stanza);
    const copies = plan({ stanza, recipients: recipients.recipients, body: recipients.body });
    assert.deepEqual(shown(copies.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>see you at 7</body>${SID}</message>`,
        to: ["dan@localhost"],
      },
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>see you at 7</body>${SID}${NICK}</message>`,
        to: ["carol@example.org"],
      },
    ]);
    const addressed = fromOwner(
      `<body>hi</body><addresses xmlns="http://jabber.org/protocol/address"><address type="to" jid="bob@localhost"/></addresses>`,
    );
    const some = plan({
      stanza: addressed,
      recipients: planRecipients([BOB, CAROL, DAN], addressed).recipients,
    });
    assert.deepEqual(shown(some.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>hi</body>${SID}</message>`,
        to: ["bob@localhost"],
      },
    ]);
  });

  it("puts the topic's stanza-id only on a message that is archived", () => {
    const copies = plan({ stanza: fromOwner(`<body>now only</body><no-store xmlns="urn:xmpp:hints"/>`) });
    assert.deepEqual(shown(copies.plan), [
      {
        xml: `<message type="chat" from="${TOPIC}" id="s1"><body>now only</body><no-store xmlns="urn:xmpp:hints"/></message>`,
        to: ["bob@localhost", "dan@localhost"],
      },
    ]);
  });

  it("plans nothing for no recipients", () => {
    assert.deepEqual(plan({ stanza: fromOwner("<body>hi</body>"), recipients: [] }), {
      plan: [],
      newcomers: [],
      states: { delivered: 0, dropped: 0 },
    });
  });

  it("leaves the owner's stanza and the room as they were", () => {
    const room = topic();
    const stanza = fromOwner(
      `<body>@carol: hi</body><active xmlns="${CS}"/><x xmlns="http://jabber.org/protocol/muc#user"/>`,
    );
    const before = {
      xml: stanza.toString(),
      keys: Object.keys(stanza.attrs),
      affiliations: structuredClone(room.affiliations),
      record: structuredClone(room.record),
    };
    plan({ room, stanza, recipients: [BOB, CAROL], body: "hi", receives: (jid) => jid === BOB.bareJid });
    assert.equal(stanza.toString(), before.xml);
    assert.deepEqual(Object.keys(stanza.attrs), before.keys);
    assert.deepEqual(room.affiliations, before.affiliations);
    assert.deepEqual(room.record, before.record);
  });
});
