// A topic never tells a member (or anyone but its owner) whether a nick names another member: every
// question a client can put about a nick gets the same answer for a member's nick as for one
// nobody has. Each case asks twice, about carol (a member) and about zed (nobody), and compares.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { MUC_ADMIN, errorOf } from "../helpers/muc.js";
import { BADMINTON, badminton } from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const BOB = "bob@localhost/laptop";
const EVE = "eve@localhost/x"; // not a member

/** Whatever Manifold sends back to `from` for one stanza, with ids and the nick asked about made
 *  alike, so that two answers compare equal exactly when they say the same. */
async function answerTo(w: World, from: string, stanza: (nick: string) => string, nick: string) {
  await w.send(stanza(nick));
  const back = w.take().filter((el: Element) => el.attrs.to === from);
  return back.map((el) => ({
    name: el.name,
    type: el.attrs.type,
    error: errorOf(el),
    text: el.toString().replaceAll(nick, "NICK"),
  }));
}

const PROBES: [string, (from: string) => (nick: string) => string][] = [
  [
    "affiliation change by nick",
    (from) => (nick) =>
      `<iq type="set" id="p" from="${from}" to="${BADMINTON}"><query xmlns="${MUC_ADMIN}"><item nick="${nick}" affiliation="none"/></query></iq>`,
  ],
  [
    "kick by nick",
    (from) => (nick) =>
      `<iq type="set" id="p" from="${from}" to="${BADMINTON}"><query xmlns="${MUC_ADMIN}"><item nick="${nick}" role="none"/></query></iq>`,
  ],
  [
    "disco#info to the occupant JID",
    (from) => (nick) =>
      `<iq type="get" id="p" from="${from}" to="${BADMINTON}/${nick}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
  ],
  [
    "vCard request to the occupant JID",
    (from) => (nick) =>
      `<iq type="get" id="p" from="${from}" to="${BADMINTON}/${nick}"><vCard xmlns="vcard-temp"/></iq>`,
  ],
  [
    "ping to the occupant JID",
    (from) => (nick) =>
      `<iq type="get" id="p" from="${from}" to="${BADMINTON}/${nick}"><ping xmlns="urn:xmpp:ping"/></iq>`,
  ],
  [
    "message to the occupant JID",
    (from) => (nick) =>
      `<message type="chat" id="p" from="${from}" to="${BADMINTON}/${nick}"><body>hi</body></message>`,
  ],
  [
    "presence to the occupant JID",
    (from) => (nick) => `<presence id="p" from="${from}" to="${BADMINTON}/${nick}"/>`,
  ],
];

describe("topics: nothing tells whether a nick is a member's", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
    w.take();
  });
  afterEach(() => w.stop());

  for (const [what, probe] of PROBES)
    for (const [who, from] of [
      ["a member", BOB],
      ["an outsider", EVE],
    ] as const)
      it(`answers ${who}'s ${what} alike for a member's nick and for nobody's`, async () => {
        const aboutCarol = await answerTo(w, from, probe(from), "carol");
        const aboutNobody = await answerTo(w, from, probe(from), "zed");
        assert.deepEqual(aboutCarol, aboutNobody);
      });
});
