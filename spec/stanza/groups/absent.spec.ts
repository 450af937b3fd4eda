// Absent members reached (PROTOCOL §2): a stored room message goes, as a normal message from the service's
// JID naming the room, to each member the room reaches who is not in it — its own members and those of groups
// inside it — once per user, never to someone removed, as the room's setting and each member's
// `preferences` allow; chat states never.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { configure, errorOf, room } from "../helpers/muc.js";
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  DAN,
  EVE,
  alphaInClub,
  bare,
  command,
  enter,
  formFields,
  persistentRoom,
  setAffiliations,
} from "../helpers/groups.js";
import type { Element } from "../../../src/xmpp/xml.js";

const SID = "urn:xmpp:sid:0";
const HINTS = "urn:xmpp:hints";
const CORRECT = "urn:xmpp:message-correct:0";
const CHAT_STATES = "http://jabber.org/protocol/chatstates";
const REFERENCE = "urn:xmpp:reference:0";
const FIELD = "urn:x-manifold:0#absent_delivery";
const SERVICE = "groups.localhost";

/** The messages from the service to a user's bare JID: what their server keeps and pushes. */
const absentCopies = (out: Element[], user: string) =>
  out.filter((el) => el.name === "message" && el.attrs.from === SERVICE && el.attrs.to === bare(user));

const say = (w: World, from: string, body: string, extra = "", id = "m1") =>
  w.send(
    `<message type="groupchat" id="${id}" from="${from}" to="${CLUB}"><body>${body}</body>${extra}</message>`,
  );

async function setPreference(w: World, user: string, value: string): Promise<Element> {
  const { iq } = await command(w, user, SERVICE, "preferences", { "absent-messages": value });
  return iq;
}

describe("groups: absent members reached", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    // Club: alice (owner, inside) and eve (member, away); Alpha (bob, carol; dan owns it) inside it.
    await alphaInClub(w, { "muc#roomconfig_roomname": "Club" });
    await setAffiliations(w, ALICE, CLUB, [[bare(EVE), "member"]]);
    w.take();
  });
  afterEach(() => w.stop());

  it("sends a message in a members-only room to every member who is not in it, as a message from the service", async () => {
    await say(w, ALICE, "Meeting at six");
    const out = w.take();
    const sid = out.find((el) => el.attrs.to === ALICE)!.getChild("stanza-id", SID)!.attrs.id!;
    for (const user of [EVE, BOB, CAROL, DAN]) {
      const [copy, ...more] = absentCopies(out, user);
      assert.ok(copy, `nothing for ${user}`);
      assert.equal(more.length, 0);
      assert.equal(copy.attrs.type, "normal");
      assert.equal(copy.attrs.id, sid);
      assert.equal(copy.getChildText("body"), "[Club] Alice: Meeting at six");
      assert.ok(copy.getChild("store", HINTS));
      // Nothing that would make a client take it for the room's own message (and drop one of the two).
      assert.equal(copy.getChild("stanza-id", SID), undefined);
      assert.equal(copy.getChild("occupant-id"), undefined);
      assert.equal(copy.getChild("x", "http://jabber.org/protocol/muc#user"), undefined);
    }
    assert.equal(absentCopies(out, ALICE).length, 0, "the sender is in the room");
  });

  it("leaves out members who are in the room, whatever way they came in", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, EVE, CLUB, "eve");
    w.take();
    await say(w, ALICE, "hi");
    const out = w.take();
    assert.equal(absentCopies(out, BOB).length, 0);
    assert.equal(absentCopies(out, EVE).length, 0);
    assert.equal(absentCopies(out, CAROL).length, 1);
  });

  it("sends one copy to a user the room reaches by several paths", async () => {
    const GAMMA = room("gamma");
    await persistentRoom(w, EVE, GAMMA, "Eve", [CAROL], { "muc#roomconfig_roomname": "Gamma" });
    await setAffiliations(w, DAN, ALPHA, [[GAMMA, "member"]]);
    await setAffiliations(w, ALICE, CLUB, [
      [GAMMA, "member"],
      [bare(CAROL), "member"],
    ]);
    w.take();
    await say(w, ALICE, "once");
    const out = w.take();
    assert.equal(absentCopies(out, CAROL).length, 1);
    assert.equal(absentCopies(out, EVE).length, 1, "eve: member of club and owner of gamma");
  });

  it("reaches members of a group two levels down", async () => {
    const GAMMA = room("gamma");
    const FRANK = "frank@localhost/home";
    await persistentRoom(w, EVE, GAMMA, "Eve", [FRANK], { "muc#roomconfig_roomname": "Gamma" });
    await setAffiliations(w, DAN, ALPHA, [[GAMMA, "member"]]);
    w.take();
    await say(w, ALICE, "deep");
    assert.equal(absentCopies(w.take(), FRANK).length, 1);
  });

  it("never reaches someone removed from the room or the group, banned, or who unregistered", async () => {
    await setAffiliations(w, DAN, ALPHA, [[bare(CAROL), "none"]]);
    await setAffiliations(w, ALICE, CLUB, [[bare(BOB), "outcast"]]);
    await w.send(
      `<iq type="set" id="u" from="${EVE}" to="${CLUB}"><query xmlns="jabber:iq:register"><remove/></query></iq>`,
    );
    w.take();
    await say(w, ALICE, "still here?");
    const out = w.take();
    for (const user of [CAROL, BOB, EVE]) assert.equal(absentCopies(out, user).length, 0, user);
    assert.equal(absentCopies(out, DAN).length, 1);
  });

  it("never sends a chat state, and sends none of those the message carried", async () => {
    await w.send(
      `<message type="groupchat" from="${ALICE}" to="${CLUB}"><composing xmlns="${CHAT_STATES}"/></message>`,
    );
    assert.equal(absentCopies(w.take(), EVE).length, 0);
    await say(w, ALICE, "typed", `<active xmlns="${CHAT_STATES}"/>`);
    const [copy] = absentCopies(w.take(), EVE);
    assert.ok(copy);
    assert.ok(!copy.getChildElements().some((c) => c.attrs.xmlns === CHAT_STATES), copy.toString());
  });

  it("keeps what its sender asked not to be stored out of members' offline storage", async () => {
    await say(w, ALICE, "ephemeral", `<no-store xmlns="${HINTS}"/>`);
    assert.equal(absentCopies(w.take(), EVE).length, 0);
  });

  it("shows a fellow's message to outsiders as the group, and to the group's own members as written", async () => {
    await enter(w, BOB, CLUB, "bob");
    w.take();
    await say(w, BOB, "from alpha");
    const out = w.take();
    assert.equal(absentCopies(out, EVE)[0]!.getChildText("body"), "[Club] Alpha: from alpha");
    assert.equal(absentCopies(out, CAROL)[0]!.getChildText("body"), "[Club] Alpha/bob: from alpha");
    assert.ok(!absentCopies(out, EVE)[0]!.toString().includes("bob"));
  });

  it("sends a correction as a XEP-0308 correction of the copy it rewrites", async () => {
    await say(w, ALICE, "Meeting at sx");
    const sid = absentCopies(w.take(), EVE)[0]!.attrs.id!;
    await say(w, ALICE, "Meeting at six", `<replace xmlns="${CORRECT}" id="m1"/>`, "m2");
    const [fix] = absentCopies(w.take(), EVE);
    assert.equal(fix!.getChildText("body"), "[Club] Alice: Meeting at six");
    assert.equal(fix!.getChild("replace", CORRECT)?.attrs.id, sid);
    assert.notEqual(fix!.attrs.id, sid);
  });

  it("puts the author on a line of their own before text of several lines, and keeps a file's link", async () => {
    const url = "https://upload.localhost/a/photo.jpg";
    await say(w, ALICE, "> quoted\nanswer");
    assert.equal(absentCopies(w.take(), EVE)[0]!.getChildText("body"), "[Club] Alice:\n> quoted\nanswer");
    await say(w, ALICE, url, `<x xmlns="jabber:x:oob"><url>${url}</url></x>`, "m2");
    const [file] = absentCopies(w.take(), EVE);
    assert.equal(file!.getChildText("body"), `[Club] Alice: ${url}`);
    assert.equal(file!.getChild("x", "jabber:x:oob")?.getChildText("url"), url);
  });

  it("tells of an encrypted message without its fallback, and sends nothing for a kept reaction", async () => {
    await say(
      w,
      ALICE,
      "I sent you an OMEMO encrypted message but your client doesn’t seem to support that.",
      `<encrypted xmlns="eu.siacs.conversations.axolotl"><header sid="1"><iv>AAAA</iv></header><payload>BBBB</payload></encrypted><encryption xmlns="urn:xmpp:eme:0" namespace="eu.siacs.conversations.axolotl"/>`,
    );
    const [copy] = absentCopies(w.take(), EVE);
    assert.equal(
      copy!.getChildText("body"),
      "[Club] Alice: (an end-to-end encrypted message: join the room to read it)",
    );
    assert.equal(copy!.getChild("encrypted", "eu.siacs.conversations.axolotl"), undefined);
    await w.send(
      `<message type="groupchat" id="r1" from="${ALICE}" to="${CLUB}"><reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction></reactions><store xmlns="${HINTS}"/></message>`,
    );
    assert.equal(absentCopies(w.take(), EVE).length, 0);
  });

  it("answers a reply typed where the copies arrive with how to answer, as groupchat too (Conversations)", async () => {
    for (const type of ["chat", "groupchat"]) {
      await w.send(
        `<message type="${type}" id="x" from="${EVE}" to="${SERVICE}"><body>ok, coming</body></message>`,
      );
      const [answer, ...more] = w.take();
      assert.equal(more.length, 0);
      assert.equal(answer!.attrs.to, EVE);
      assert.match(answer!.getChildText("body")!, /to answer, join the room/);
    }
    await w.send(
      `<message type="groupchat" from="${EVE}" to="${SERVICE}"><composing xmlns="${CHAT_STATES}"/></message>`,
    );
    assert.deepEqual(w.take(), [], "typing in that chat needs no answer");
  });

  describe("the room's setting", () => {
    it("is offered in the configuration form: every message in a members-only room, mentions in an open one", async () => {
      const get = async () => {
        await w.send(
          `<iq type="get" id="f" from="${ALICE}" to="${CLUB}"><query xmlns="http://jabber.org/protocol/muc#owner"/></iq>`,
        );
        const iq = w.take().find((el) => el.attrs.id === "f")!;
        return formFields(iq.getChild("query")).get(FIELD);
      };
      const field = await get();
      assert.equal(field?.attrs.type, "list-single");
      assert.equal(field?.getChildText("value"), "all");
      await configure(w, ALICE, CLUB, { "muc#roomconfig_membersonly": "0" });
      assert.equal((await get())?.getChildText("value"), "mentions");
    });

    it("sends only mentions when an owner chooses so, and refuses a value it does not offer", async () => {
      await configure(w, ALICE, CLUB, { [FIELD]: "sometimes" });
      const error = w.take().find((el) => el.attrs.id === "cfg")!;
      assert.equal(errorOf(error).condition, "not-acceptable");
      assert.match(errorOf(error).text!, /all or mentions/);
      await configure(w, ALICE, CLUB, { [FIELD]: "mentions" });
      w.take();
      await say(w, ALICE, "for everyone");
      assert.equal(absentCopies(w.take(), EVE).length, 0);
    });

    it("keeps following members-only when a client sends the shown value back unchanged", async () => {
      await configure(w, ALICE, CLUB, { "muc#roomconfig_membersonly": "0", [FIELD]: "all" });
      w.take();
      await say(w, ALICE, "open now");
      assert.equal(absentCopies(w.take(), EVE).length, 0, "an open room sends mentions only");
    });
  });

  describe("mentions", () => {
    beforeEach(async () => {
      await configure(w, ALICE, CLUB, { [FIELD]: "mentions" });
      // Eve registered the nick "Evie" in the club; carol "Caz" in Alpha.
      await w.send(
        `<iq type="set" id="r" from="${EVE}" to="${CLUB}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="muc#register_roomnick"><value>Evie</value></field></x></query></iq>`,
      );
      await w.send(
        `<iq type="set" id="r" from="${CAROL}" to="${ALPHA}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="muc#register_roomnick"><value>Caz</value></field></x></query></iq>`,
      );
      w.take();
    });

    it("reaches a member named in the text by their registered nick, as a word of its own", async () => {
      await say(w, ALICE, "evie, are you coming?");
      assert.equal(absentCopies(w.take(), EVE).length, 1);
      await say(w, ALICE, "Evienne is not Evie's sister", "", "m2");
      assert.equal(absentCopies(w.take(), EVE).length, 1);
      await say(w, ALICE, "Evienne called", "", "m3");
      assert.equal(absentCopies(w.take(), EVE).length, 0);
    });

    it("reaches a group's member named as the room knows them, and by a XEP-0372 mention of their JID", async () => {
      await say(w, ALICE, "Alpha/Caz: ping");
      const out = w.take();
      assert.equal(absentCopies(out, CAROL).length, 1);
      assert.equal(absentCopies(out, BOB).length, 0);
      await say(
        w,
        ALICE,
        "bob?",
        `<reference xmlns="${REFERENCE}" type="mention" begin="0" end="3" uri="xmpp:${bare(BOB)}"/>`,
        "m2",
      );
      assert.equal(absentCopies(w.take(), BOB).length, 1);
    });
  });

  describe("each member's own choice (preferences)", () => {
    it("offers it in the preferences command, and refuses a value it does not offer", async () => {
      const { iq } = await command(w, EVE, SERVICE, "preferences");
      const field = formFields(iq.getChild("command")).get("absent-messages");
      assert.equal(field?.getChildText("value"), "room");
      const refused = await setPreference(w, EVE, "often");
      assert.equal(errorOf(refused).condition, "not-acceptable");
    });

    it("keeps the choice when the field comes back without a value", async () => {
      await setPreference(w, EVE, "none");
      const kept = await setPreference(w, EVE, "");
      assert.equal(kept.getChild("command")?.attrs.status, "completed");
      const { iq } = await command(w, EVE, SERVICE, "preferences");
      assert.equal(formFields(iq.getChild("command")).get("absent-messages")?.getChildText("value"), "none");
    });

    it("sends nothing, mentions included, to a member who chose none", async () => {
      await setPreference(w, EVE, "none");
      await say(w, ALICE, "eve: look");
      assert.equal(absentCopies(w.take(), EVE).length, 0);
    });

    it("sends only mentions to a member who chose so, and every mention whatever the room sends", async () => {
      await setPreference(w, EVE, "mentions");
      await say(w, ALICE, "for everyone");
      assert.equal(absentCopies(w.take(), EVE).length, 0);
      await say(
        w,
        ALICE,
        "you",
        `<reference xmlns="${REFERENCE}" type="mention" begin="0" end="3" uri="xmpp:${bare(EVE)}"/>`,
        "m2",
      );
      assert.equal(absentCopies(w.take(), EVE).length, 1);
    });

    it("is the same setting in the text form, and back to the room's choice with room", async () => {
      await w.send(
        `<message type="chat" from="${EVE}" to="${SERVICE}"><body>preferences absent-messages none</body></message>`,
      );
      assert.match(w.take()[0]!.getChildText("body")!, /absent-messages none/);
      await say(w, ALICE, "one");
      assert.equal(absentCopies(w.take(), EVE).length, 0);
      await setPreference(w, EVE, "room");
      await say(w, ALICE, "two", "", "m2");
      assert.equal(absentCopies(w.take(), EVE).length, 1);
    });
  });
});
