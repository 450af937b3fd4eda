// What each occupant sees when a group is inside a room (PROTOCOL §2): fellows see persons, everyone
// else one occupant named after the group, in presence, messages, history, archive and lists.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { MUC_ADMIN, errorOf, itemOf, statuses } from "../helpers/muc.js";
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  DAN,
  EVE,
  MAM,
  alphaInClub,
  bare,
  enter,
  messageTo,
  occupantIdOf,
  presenceTo,
  setAffiliations,
} from "../helpers/groups.js";

const say = (w: World, from: string, body: string, id = "m1") =>
  w.send(`<message type="groupchat" id="${id}" from="${from}" to="${CLUB}"><body>${body}</body></message>`);

describe("nested groups: views", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await alphaInClub(w);
    await enter(w, ALICE, CLUB, "Alice");
  });
  afterEach(() => w.stop());

  it("shows a fellow's own nick as Group/nick with 110 and 210, and the outsider only the group", async () => {
    const out = await enter(w, BOB, CLUB, "bob");
    const self = out.find((el) => presenceTo(BOB)(el) && statuses(el).includes(110))!;
    assert.equal(self.attrs.from, `${CLUB}/Alpha/bob`);
    assert.ok(statuses(self).includes(210), "the room says it assigned the nick");
    const seen = out.filter(presenceTo(bare(ALICE)) /* never the bare JID */);
    assert.deepEqual(seen, []);
    const toAlice = out.filter(presenceTo(ALICE));
    assert.equal(toAlice.length, 1);
    assert.equal(toAlice[0]!.attrs.from, `${CLUB}/Alpha`);
    assert.equal(itemOf(toAlice[0]!).jid, ALPHA, "a moderator sees the group's JID, not bob's");
    assert.equal(itemOf(toAlice[0]!).affiliation, "member");
    assert.ok(!toAlice[0]!.toString().includes("bob"));
  });

  it("takes back the assigned nick when a client rejoins with it (clients remember it)", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(`<presence type="unavailable" from="${BOB}" to="${CLUB}/Alpha/bob"/>`);
    w.take();
    const out = await enter(w, BOB, CLUB, "Alpha/bob");
    const self = out.find((el) => presenceTo(BOB)(el) && statuses(el).includes(110))!;
    assert.equal(self.attrs.from, `${CLUB}/Alpha/bob`, "not Alpha/Alpha/bob");
    assert.ok(!statuses(self).includes(210));
  });

  it("gives a fellow's self-presence and echo the same occupant id", async () => {
    const out = await enter(w, BOB, CLUB, "bob");
    const self = out.find((el) => presenceTo(BOB)(el) && statuses(el).includes(110))!;
    await say(w, BOB, "mine");
    const echo = w.take().find(messageTo(BOB))!;
    assert.equal(occupantIdOf(echo), occupantIdOf(self));
  });

  it("tells outsiders nothing when a second fellow comes and goes; fellows see each other", async () => {
    await enter(w, BOB, CLUB, "bob");
    const out = await enter(w, CAROL, CLUB, "carol");
    assert.deepEqual(out.filter(presenceTo(ALICE)), []);
    assert.equal(out.find(presenceTo(BOB))!.attrs.from, `${CLUB}/Alpha/carol`);
    const carolSees = out.filter(presenceTo(CAROL)).map((p) => p.attrs.from);
    assert.ok(carolSees.includes(`${CLUB}/Alpha/bob`));
    assert.ok(carolSees.includes(`${CLUB}/Alice`));
    assert.ok(!carolSees.includes(`${CLUB}/Alpha`), "a fellow does not see the group's face");

    await w.send(`<presence type="unavailable" from="${CAROL}" to="${CLUB}/Alpha/carol"/>`);
    const left = w.take();
    assert.deepEqual(left.filter(presenceTo(ALICE)), []);
    await w.send(`<presence type="unavailable" from="${BOB}" to="${CLUB}/Alpha/bob"/>`);
    const last = w.take().find(presenceTo(ALICE))!;
    assert.equal(last.attrs.from, `${CLUB}/Alpha`);
    assert.equal(last.attrs.type, "unavailable");
  });

  it("sends a fellow's message as the group to outsiders, as the person to fellows", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    await say(w, BOB, "hello from bob");
    const out = w.take();
    const echo = out.find(messageTo(BOB))!;
    const toCarol = out.find(messageTo(CAROL))!;
    const toAlice = out.find(messageTo(ALICE))!;
    assert.equal(echo.attrs.from, `${CLUB}/Alpha/bob`, "bob recognises his own echo");
    assert.equal(toCarol.attrs.from, `${CLUB}/Alpha/bob`, "carol never sees it as her own");
    assert.equal(toAlice.attrs.from, `${CLUB}/Alpha`);
    assert.notEqual(occupantIdOf(toAlice), occupantIdOf(echo));
    assert.equal(
      toAlice.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs.id,
      echo.getChild("stanza-id", "urn:xmpp:sid:0")!.attrs.id,
      "one message, one archive id",
    );
    assert.equal(out.filter(messageTo(BOB)).length, 1, "exactly one copy each");
  });

  it("gives one occupant id to the group whoever of it speaks", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    await say(w, BOB, "one");
    const a = w.take().find(messageTo(ALICE))!;
    await say(w, CAROL, "two");
    const b = w.take().find(messageTo(ALICE))!;
    assert.equal(occupantIdOf(a), occupantIdOf(b));
  });

  it("replays history and answers archive queries in the reader's view", async () => {
    await enter(w, BOB, CLUB, "bob");
    await say(w, BOB, "archived words");
    w.take();
    await setAffiliations(w, ALICE, CLUB, [[bare(EVE), "member"]]);
    const history = (await enter(w, EVE, CLUB, "Eve")).filter(
      (el) => messageTo(EVE)(el) && el.getChildText("body") === "archived words",
    );
    assert.equal(history.length, 1);
    assert.equal(history[0]!.attrs.from, `${CLUB}/Alpha`);
    assert.ok(!history[0]!.toString().includes("bob"));

    const query = (from: string) =>
      w.send(`<iq type="set" id="q" from="${from}" to="${CLUB}"><query xmlns="${MAM}" queryid="x"/></iq>`);
    await query(EVE);
    const eveResult = w.take().find((el) => el.getChild("result", MAM))!;
    const seenByEve = eveResult.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!;
    assert.equal(seenByEve.attrs.from, `${CLUB}/Alpha`);
    assert.ok(!eveResult.toString().includes("bob"));

    await query(CAROL); // not in the room, reads through Alpha
    const carolResult = w.take().find((el) => el.getChild("result", MAM))!;
    assert.equal(
      carolResult.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.attrs.from,
      `${CLUB}/Alpha/bob`,
    );
  });

  it("refuses the archive to someone with no way in", async () => {
    await w.send(`<iq type="set" id="q" from="${EVE}" to="${CLUB}"><query xmlns="${MAM}"/></iq>`);
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("routes a private message to the group to every fellow, and fellows answer as the group", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    await w.send(`<message type="chat" from="${ALICE}" to="${CLUB}/Alpha"><body>psst</body></message>`);
    const out = w.take();
    assert.equal(out.find(messageTo(BOB))!.attrs.from, `${CLUB}/Alice`);
    assert.equal(out.find(messageTo(CAROL))!.attrs.from, `${CLUB}/Alice`);
    await w.send(`<message type="chat" from="${BOB}" to="${CLUB}/Alice"><body>yes?</body></message>`);
    assert.equal(w.take().find(messageTo(ALICE))!.attrs.from, `${CLUB}/Alpha`);
    await w.send(`<message type="chat" from="${BOB}" to="${CLUB}/Alpha/carol"><body>hi</body></message>`);
    assert.equal(w.take().find(messageTo(CAROL))!.attrs.from, `${CLUB}/Alpha/bob`);
  });

  it("refuses to register a nick reserved for the group, as clients that register on entry try", async () => {
    const register = (from: string, nick: string) =>
      w.send(
        `<iq type="set" id="r" from="${from}" to="${CLUB}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#register</value></field><field var="muc#register_roomnick"><value>${nick}</value></field></x></query></iq>`,
      );
    await enter(w, BOB, CLUB, "bob");
    w.take();
    await register(BOB, "Alpha/bob");
    const [fellow] = w.take();
    assert.equal(errorOf(fellow).condition, "conflict");
    assert.match(errorOf(fellow).text!, /belongs to the group Alpha/);
    await register(EVE, "Alpha");
    assert.equal(errorOf(w.take()[0]).condition, "conflict");
    // Nothing was filed for the owners to approve.
    assert.equal(w.take().length, 0);
  });

  it("does not let an outsider address a fellow by their inside nick", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(
      `<message type="chat" id="p" from="${ALICE}" to="${CLUB}/Alpha/bob"><body>x</body></message>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
  });

  it("lists the group, not its members, in role lists and the occupant count", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    await w.send(
      `<iq type="get" id="r" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_ADMIN}"><item role="participant"/></query></iq>`,
    );
    const items = w.take()[0]!.getChild("query")!.getChildren("item");
    assert.deepEqual(
      items.map((i) => [i.attrs.nick, i.attrs.jid]),
      [["Alpha", ALPHA]],
    );
    await w.send(
      `<iq type="get" id="d" from="${EVE}" to="${CLUB}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const info = w.take()[0]!;
    const count = info
      .getChild("query")!
      .getChild("x", "jabber:x:data")!
      .getChildren("field")
      .find((f) => f.attrs.var === "muc#roominfo_occupants")!;
    assert.equal(count.getChildText("value"), "2", "Alice and the group");
  });

  it("kicks the whole group through its face, each fellow with 307, outsiders see the group go", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    await w.send(
      `<iq type="set" id="k" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_ADMIN}"><item nick="Alpha" role="none"/></query></iq>`,
    );
    const out = w.take();
    assert.equal(out.find((el) => el.name === "iq")!.attrs.type, "result");
    const bobSelf = out.find((el) => presenceTo(BOB)(el) && statuses(el).includes(110))!;
    assert.ok(statuses(bobSelf).includes(307));
    const toAlice = out.filter(presenceTo(ALICE));
    assert.equal(toAlice.length, 1);
    assert.equal(toAlice[0]!.attrs.from, `${CLUB}/Alpha`);
    assert.ok(statuses(toAlice[0]!).includes(307));
  });

  it("reserves the group's name and names under it for the group", async () => {
    await setAffiliations(w, ALICE, CLUB, [[bare(EVE), "member"]]);
    const [a] = await enter(w, EVE, CLUB, "Alpha");
    assert.equal(errorOf(a).condition, "conflict");
    const [b] = await enter(w, EVE, CLUB, "Alpha/bob");
    assert.equal(errorOf(b).condition, "conflict");
  });

  it("lets a fellow change nick inside the group's prefix, unseen outside", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(`<presence from="${BOB}" to="${CLUB}/bobby"/>`);
    const out = w.take();
    assert.deepEqual(out.filter(presenceTo(ALICE)), []);
    const self = out.filter(presenceTo(BOB)).at(-1)!;
    assert.equal(self.attrs.from, `${CLUB}/Alpha/bobby`);
  });

  it("sets the subject as the group", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${CLUB}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_changesubject"><value>1</value></field></x></query></iq>`,
    );
    w.take();
    await w.send(`<message type="groupchat" from="${BOB}" to="${CLUB}"><subject>Plans</subject></message>`);
    const toAlice = w.take().find(messageTo(ALICE))!;
    assert.equal(toAlice.attrs.from, `${CLUB}/Alpha`);
    const [, ...rest] = await enter(w, DAN, CLUB, "Dan");
    const subject = rest.find((el) => el.getChild("subject"));
    assert.ok(subject && !subject.toString().includes("bob"));
  });
});
