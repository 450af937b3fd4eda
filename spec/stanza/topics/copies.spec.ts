// Members' copies of the owner's message as they leave Manifold, compared whole (PROTOCOL §1, §3):
// from the bare topic JID, with the topic's stanza-id on what is archived, the topic's nick on
// first contact only, and each member's chat-state switch honoured.
import assert from "node:assert/strict";
import { world, LISTS, type World } from "../helpers/world.js";
import { BADMINTON, BOB_JID, CAROL_JID, OWNER, badminton, chatTo } from "../helpers/topics.js";
import { setPreferences, state } from "../helpers/chatstates.js";
import type { Element } from "../../../src/xmpp/xml.js";

const NICK = `<nick xmlns="http://jabber.org/protocol/nick">alice · badminton</nick>`;
const ACTIVE = state("active");
const groupchat = (inner: string) =>
  `<message type="groupchat" id="m1" from="${OWNER}" to="${BADMINTON}">${inner}</message>`;
const sid = (id: string) => `<stanza-id xmlns="urn:xmpp:sid:0" id="${id}" by="${BADMINTON}"/>`;
const copiesTo = (out: Element[], jid: string) => out.filter(chatTo(jid)).map((el) => el.toString());

describe("topics: members' copies, whole", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${CAROL_JID}/pc" to="${BADMINTON}"/>`);
    await setPreferences(w, `${CAROL_JID}/pc`, LISTS, { receive: false });
    w.take();
  });
  afterEach(() => w.stop());

  it("gives each member the topic's nick with their first copy only, and no state to carol, who takes none", async () => {
    await w.send(groupchat(`<body>Court at 7?</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/>${ACTIVE}`));
    let out = w.take();
    const first = out.find(chatTo(BOB_JID))!.attrs.id!;
    const copy = (to: string, inner: string) =>
      `<message type="chat" from="${BADMINTON}" id="${first}" to="${to}"><body>Court at 7?</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/>${inner}</message>`;
    assert.deepEqual(copiesTo(out, BOB_JID), [copy(BOB_JID, ACTIVE + sid(first) + NICK)]);
    assert.deepEqual(copiesTo(out, CAROL_JID), [copy(CAROL_JID, sid(first) + NICK)]);

    await w.send(groupchat("<body>See you</body>"));
    out = w.take();
    const next = out.find(chatTo(BOB_JID))!.attrs.id!;
    for (const member of [BOB_JID, CAROL_JID]) {
      assert.deepEqual(copiesTo(out, member), [
        `<message type="chat" from="${BADMINTON}" id="${next}" to="${member}"><body>See you</body>${sid(next)}</message>`,
      ]);
    }
  });

  it("relays a state alone, not stored and without stanza-id, only to members who take states", async () => {
    await w.send(groupchat(state("composing")));
    const out = w.take();
    const id = out.find(chatTo(BOB_JID))!.attrs.id!;
    assert.deepEqual(copiesTo(out, BOB_JID), [
      `<message type="chat" from="${BADMINTON}" id="${id}" to="${BOB_JID}">${state("composing")}<no-store xmlns="urn:xmpp:hints"/></message>`,
    ]);
    assert.deepEqual(copiesTo(out, CAROL_JID), []);
  });
});
