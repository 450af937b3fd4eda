// Who may enter through groups, at any depth, and losing that way in at once (PROTOCOL §2).
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { MUC_OWNER, errorOf, room, statuses } from "../helpers/muc.js";
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
  enter,
  messageTo,
  persistentRoom,
  presenceTo,
  setAffiliations,
} from "../helpers/groups.js";

const GAMMA = room("gamma");

describe("nested groups: access", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await alphaInClub(w);
    await enter(w, ALICE, CLUB, "Alice");
  });
  afterEach(() => w.stop());

  it("lets nobody in through a group the room banned, even from inside another group", async () => {
    await persistentRoom(w, EVE, GAMMA, "Eve", [], { "muc#roomconfig_roomname": "Gamma" });
    await setAffiliations(w, EVE, GAMMA, [[ALPHA, "member"]]);
    await setAffiliations(w, ALICE, CLUB, [[ALPHA, "outcast"]]);
    const added = await setAffiliations(w, ALICE, CLUB, [[GAMMA, "member"]]);
    assert.ok(
      !added.some((el) => messageTo(bare(BOB))(el) && el.toString().includes("invite")),
      "no invitation for alpha's members",
    );
    const out = await enter(w, BOB, CLUB, "bob");
    const refused = out.find((el) => presenceTo(BOB)(el) && el.attrs.type === "error");
    assert.equal(errorOf(refused).condition, "registration-required");
  });

  it("keeps a group made a visitor a visitor when another of its members enters", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(
      `<iq type="set" id="v" from="${ALICE}" to="${CLUB}"><query xmlns="http://jabber.org/protocol/muc#admin"><item nick="Alpha" role="visitor"/></query></iq>`,
    );
    assert.equal(w.take().find((el) => el.name === "iq")!.attrs.type, "result");
    const out = await enter(w, CAROL, CLUB, "carol");
    const self = out.find((el) => presenceTo(CAROL)(el) && statuses(el).includes(110))!;
    assert.equal(
      self.getChild("x", "http://jabber.org/protocol/muc#user")!.getChild("item")!.attrs.role,
      "visitor",
    );
    await w.send(`<message type="groupchat" id="s" from="${CAROL}" to="${CLUB}"><body>hi</body></message>`);
    assert.equal(errorOf(w.take().find(messageTo(CAROL))).condition, "forbidden");
  });

  it("lets in a member of a group two levels down, shown as the group directly inside", async () => {
    await persistentRoom(w, EVE, GAMMA, "Eve", [], { "muc#roomconfig_roomname": "Gamma" });
    await setAffiliations(w, DAN, ALPHA, [[GAMMA, "member"]]);
    const out = await enter(w, EVE, CLUB, "eve");
    const self = out.find((el) => presenceTo(EVE)(el) && statuses(el).includes(110))!;
    assert.equal(self.attrs.from, `${CLUB}/Alpha/eve`);
  });

  it("delivers one copy to a user reachable by two paths", async () => {
    await persistentRoom(w, EVE, GAMMA, "Eve", [BOB], { "muc#roomconfig_roomname": "Gamma" });
    await setAffiliations(w, DAN, ALPHA, [[GAMMA, "member"]]);
    await setAffiliations(w, ALICE, CLUB, [[GAMMA, "member"]]);
    await enter(w, BOB, CLUB, "bob");
    await w.send(`<message type="groupchat" from="${ALICE}" to="${CLUB}"><body>once</body></message>`);
    assert.equal(w.take().filter(messageTo(BOB)).length, 1);
  });

  it("keeps fellows inside when the room turns members-only (they came in as members)", async () => {
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_membersonly"><value>0</value></field></x></query></iq>`,
    );
    await enter(w, BOB, CLUB, "bob");
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_membersonly"><value>1</value></field></x></query></iq>`,
    );
    assert.ok(!w.take().some((el) => presenceTo(BOB)(el) && statuses(el).includes(322)));
  });

  it("keeps out outcasts of the room whatever group they come through", async () => {
    await setAffiliations(w, ALICE, CLUB, [[bare(BOB), "outcast"]]);
    const [error] = await enter(w, BOB, CLUB, "bob");
    assert.equal(errorOf(error).condition, "forbidden");
  });

  it("keeps out someone with no way in", async () => {
    const [error] = await enter(w, EVE, CLUB, "eve");
    assert.equal(errorOf(error).condition, "registration-required");
  });

  it("removes every fellow at once when the group is removed (321), the face with them", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    const out = await setAffiliations(w, ALICE, CLUB, [[ALPHA, "none"]]);
    for (const user of [BOB, CAROL]) {
      const self = out.find((el) => presenceTo(user)(el) && statuses(el).includes(110))!;
      assert.equal(self.attrs.type, "unavailable");
      assert.ok(statuses(self).includes(321));
    }
    const toAlice = out.filter(presenceTo(ALICE));
    assert.equal(toAlice.length, 1);
    assert.equal(toAlice[0]!.attrs.from, `${CLUB}/Alpha`);
    assert.ok(statuses(toAlice[0]!).includes(321));
    const [again] = await enter(w, BOB, CLUB, "bob");
    assert.equal(errorOf(again).condition, "registration-required");
  });

  it("bans a group: its fellows leave with 301", async () => {
    await enter(w, BOB, CLUB, "bob");
    const out = await setAffiliations(w, ALICE, CLUB, [[ALPHA, "outcast"]]);
    assert.ok(statuses(out.find(presenceTo(ALICE))!).includes(301));
  });

  it("removes someone from the room when they leave the group and have no other way in", async () => {
    await enter(w, BOB, CLUB, "bob");
    await enter(w, CAROL, CLUB, "carol");
    const out = await setAffiliations(w, DAN, ALPHA, [[bare(BOB), "none"]]);
    const self = out.find(
      (el) => presenceTo(BOB)(el) && el.attrs.from?.startsWith(CLUB) && statuses(el).includes(110),
    )!;
    assert.equal(self.attrs.type, "unavailable");
    assert.ok(statuses(self).includes(321));
    assert.deepEqual(out.filter(presenceTo(ALICE)), [], "the group is still there through carol");
  });

  it("lets a new member of the group in at once, without another approval", async () => {
    await setAffiliations(w, DAN, ALPHA, [[bare(EVE), "member"]]);
    const out = await enter(w, EVE, CLUB, "eve");
    assert.ok(out.some((el) => presenceTo(EVE)(el) && statuses(el).includes(110)));
  });

  it("drops the group from the rooms it was in when it is destroyed", async () => {
    await enter(w, BOB, CLUB, "bob");
    await w.send(
      `<iq type="set" id="x" from="${DAN}" to="${ALPHA}"><query xmlns="${MUC_OWNER}"><destroy/></query></iq>`,
    );
    const out = w.take();
    const self = out.find(
      (el) => presenceTo(BOB)(el) && el.attrs.from?.startsWith(CLUB) && statuses(el).includes(110),
    )!;
    assert.ok(statuses(self).includes(321));
    const [again] = await enter(w, BOB, CLUB, "bob");
    assert.equal(errorOf(again).condition, "registration-required");
  });
});
