// Chat states in rooms and through nested groups (PROTOCOL §3): to occupants as any groupchat, from
// a group's face outside it, `gone` dropped, private messages passed on, nothing alone to guests.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import {
  ALICE,
  ALPHA,
  BOB,
  CAROL,
  CLUB,
  DAN,
  MAM,
  alphaInClub,
  bare,
  command,
  enter,
  persistentRoom,
} from "../helpers/groups.js";
import { HINTS, SID, dropped, state, stateIn, statesTo } from "../helpers/chatstates.js";

const typing = (from: string, to: string, name = "composing", type = "groupchat") =>
  `<message type="${type}" from="${from}" to="${to}">${state(name)}</message>`;

describe("chat states: rooms and nested groups", () => {
  let w: World;
  afterEach(() => w.stop());

  describe("through a group inside a room", () => {
    beforeEach(async () => {
      w = await world();
      await alphaInClub(w);
      await enter(w, ALICE, CLUB, "Alice");
      await enter(w, BOB, CLUB, "bob");
      await enter(w, CAROL, CLUB, "carol");
      w.take();
    });

    it("shows a fellow's typing as them inside the group, and none outside while the group's occupant stands for several", async () => {
      await w.send(typing(BOB, CLUB));
      const out = w.take();
      // One fellow's `active` would clear another's typing, and a typing fellow who leaves would
      // leave the group typing: outsiders get no state from an occupant standing for two.
      assert.deepEqual(statesTo(out, ALICE), []);
      const [inside] = statesTo(out, CAROL);
      assert.equal(inside?.attrs.from, `${CLUB}/Alpha/bob`);
      assert.equal(stateIn(inside), "composing");
      assert.equal(statesTo(out, BOB).length, 1, "bob gets his own reflection, as any groupchat");
    });

    it("shows a lone fellow's typing from the group's occupant outside the group", async () => {
      await w.send(`<presence type="unavailable" from="${CAROL}" to="${CLUB}/carol"/>`);
      w.take();
      await w.send(typing(BOB, CLUB));
      const [outside] = statesTo(w.take(), ALICE);
      assert.equal(outside?.attrs.from, `${CLUB}/Alpha`, "alice sees the group typing, not bob");
      assert.equal(stateIn(outside), "composing");
      assert.ok(outside?.getChild("no-store", HINTS));
      assert.ok(!outside?.toString().includes("bob"));
    });

    it("keeps the text of a fellow's message with a state for outsiders, without the state", async () => {
      await w.send(
        `<message type="groupchat" id="t1" from="${BOB}" to="${CLUB}"><body>tea?</body>${state("active")}</message>`,
      );
      const toAlice = w.take().find((el) => el.attrs.to === ALICE && el.getChildText("body") === "tea?")!;
      assert.equal(toAlice.attrs.from, `${CLUB}/Alpha`);
      assert.equal(stateIn(toAlice), undefined);
    });

    it("drops `gone` in the room (XEP-0085 §5.5) and counts it", async () => {
      await w.send(typing(BOB, CLUB, "gone"));
      assert.deepEqual(
        w.take().filter((el) => el.name === "message"),
        [],
      );
      assert.equal(await dropped(w, "gone-in-room"), 1);
    });

    it("passes a private message's state to every fellow behind a face", async () => {
      await w.send(typing(ALICE, `${CLUB}/Alpha`, "composing", "chat"));
      const out = w.take();
      for (const fellow of [BOB, CAROL]) {
        const [got] = statesTo(out, fellow);
        assert.equal(got?.attrs.from, `${CLUB}/Alice`);
        assert.equal(stateIn(got), "composing");
      }
    });
  });

  describe("in a room", () => {
    beforeEach(async () => {
      w = await world();
      await persistentRoom(w, DAN, ALPHA, "Dan", [BOB, CAROL], { "muc#roomconfig_roomname": "Alpha" });
      await enter(w, BOB, ALPHA, "Bob");
      await enter(w, CAROL, ALPHA, "Carol");
      w.take();
    });

    it("relays a state without a stanza-id, archives none and replays none as history", async () => {
      await w.send(typing(BOB, ALPHA));
      const [seen] = statesTo(w.take(), CAROL);
      assert.equal(seen?.getChild("stanza-id", SID), undefined);
      await w.send(`<message type="groupchat" from="${BOB}" to="${ALPHA}"><body>hi</body></message>`);
      w.take();
      const joined = await enter(w, DAN, ALPHA, "Dan");
      const history = joined.filter((el) => el.name === "message" && el.attrs.to === DAN);
      assert.ok(history.some((el) => el.getChildText("body") === "hi"));
      assert.equal(history.filter((el) => stateIn(el)).length, 0);
      await w.send(
        `<iq type="set" id="q" from="${DAN}" to="${ALPHA}"><query xmlns="${MAM}" queryid="q"/></iq>`,
      );
      const results = w.take().filter((el) => el.name === "message");
      assert.equal(results.length, 1, "only the body is in the archive");
    });

    it("sends a guest nothing that is only a state: their presence is not known", async () => {
      await command(w, BOB, ALPHA, "contact-as-group", { jid: "fred@example.org" });
      w.take();
      await w.send(typing(BOB, `${ALPHA}/fred`, "composing", "chat"));
      assert.deepEqual(statesTo(w.take(), "fred@example.org"), []);
      assert.equal(await dropped(w, "guest"), 1);
      await w.send(
        `<message type="chat" from="${BOB}" to="${ALPHA}/fred"><body>hello</body>${state("active")}</message>`,
      );
      const [withBody] = statesTo(w.take(), bare("fred@example.org"));
      assert.equal(withBody?.getChildText("body"), "hello");
      assert.equal(stateIn(withBody), "active");
    });

    it("shows a guest's typing in the room like any occupant's", async () => {
      await command(w, BOB, ALPHA, "contact-as-group", { jid: "fred@example.org" });
      w.take();
      await w.send(typing("fred@example.org/home", ALPHA, "composing", "chat"));
      const [seen] = statesTo(w.take(), CAROL);
      assert.equal(seen?.attrs.from, `${ALPHA}/fred`);
      assert.equal(seen?.attrs.type, "groupchat");
    });
  });
});
