// Roles and affiliations through muc#admin (XEP-0045 §8–§10), mediated invitations (§7.8.2) and
// the membership threshold (PROTOCOL §2): who may do what, what occupants see, what is refused.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import {
  MUC_ADMIN,
  MUC_USER,
  createRoom,
  errorOf,
  join,
  statuses,
  ALICE,
  BOB,
  TEA,
  aliceAndBobInTea,
} from "./helpers/muc.js";

const CAROL = "carol@localhost/c";

const adminSet = (from: string, items: string, id = "a1") =>
  `<iq type="set" id="${id}" from="${from}" to="${TEA}"><query xmlns="${MUC_ADMIN}">${items}</query></iq>`;
const adminGet = (from: string, item: string) =>
  `<iq type="get" id="g1" from="${from}" to="${TEA}"><query xmlns="${MUC_ADMIN}">${item}</query></iq>`;

describe("roles and affiliations", () => {
  let w: World;
  beforeEach(async () => (w = await aliceAndBobInTea(await world())));
  afterEach(() => w.stop());

  it("lets an owner grant membership and lists it", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="member" jid="carol@localhost"/>`));
    assert.equal(w.take().at(-1)!.attrs.type, "result");
    await w.send(adminGet(ALICE, `<item affiliation="member"/>`));
    const items = w.take()[0]!.getChild("query", MUC_ADMIN)!.getChildren("item");
    assert.deepEqual(
      items.map((i) => i.attrs.jid),
      ["carol@localhost"],
    );
  });

  it("refuses member lists and changes to participants with forbidden", async () => {
    await w.send(adminGet(BOB, `<item affiliation="member"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(adminSet(BOB, `<item affiliation="member" jid="carol@localhost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("bans an occupant: 301 to everyone, and they cannot come back", async () => {
    await w.send(
      adminSet(ALICE, `<item affiliation="outcast" jid="bob@localhost"><reason>spam</reason></item>`),
    );
    const out = w.take();
    const toBob = out.find((el) => el.attrs.to === BOB && el.name === "presence")!;
    assert.equal(toBob.attrs.type, "unavailable");
    assert.deepEqual(statuses(toBob).sort(), [110, 301]);
    assert.equal(toBob.getChild("x", MUC_USER)!.getChild("item")!.getChildText("reason"), "spam");
    assert.ok(out.some((el) => el.attrs.to === ALICE && statuses(el).includes(301)));
    const [refusal] = await join(w, BOB, TEA, "Bob");
    assert.equal(errorOf(refusal).condition, "forbidden");
  });

  it("kicks an occupant with 307; a participant cannot kick the owner", async () => {
    await w.send(adminSet(BOB, `<item role="none" nick="Alice"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(adminSet(ALICE, `<item role="none" nick="Bob"/>`));
    const toBob = w.take().find((el) => el.attrs.to === BOB && el.name === "presence")!;
    assert.deepEqual(statuses(toBob).sort(), [110, 307]);
  });

  it("answers item-not-found when kicking a nick that is not there", async () => {
    await w.send(adminSet(ALICE, `<item role="none" nick="Ghost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
  });

  it("answers bad-request, with a text, to an item that names neither a JID nor a nick", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="member"/>`));
    const affiliation = errorOf(w.take()[0]);
    assert.equal(affiliation.condition, "bad-request");
    assert.match(affiliation.text ?? "", /neither a JID nor a nickname/);
    await w.send(adminSet(ALICE, `<item role="visitor"/>`));
    const role = errorOf(w.take()[0]);
    assert.equal(role.condition, "bad-request");
    assert.match(role.text ?? "", /nickname/);
  });

  it("answers item-not-found to an affiliation change for a nick that is not in the room", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="member" nick="Ghost"/>`));
    const error = errorOf(w.take()[0]);
    assert.equal(error.condition, "item-not-found");
    assert.match(error.text ?? "", /Ghost/);
  });

  it("keeps at least one owner (conflict)", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="member" jid="alice@localhost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "conflict");
  });

  it("does not let an admin make admins or revoke owners (forbidden, §10), nor ban them (not-allowed, §9.1)", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="admin" jid="bob@localhost"/>`));
    w.take();
    await w.send(adminSet(BOB, `<item affiliation="admin" jid="carol@localhost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(adminSet(BOB, `<item affiliation="none" jid="alice@localhost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(adminSet(BOB, `<item affiliation="outcast" jid="alice@localhost"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "not-allowed");
  });

  it("applies all items of a request or none", async () => {
    await w.send(
      adminSet(
        ALICE,
        `<item affiliation="member" jid="carol@localhost"/><item affiliation="sovereign" jid="dan@localhost"/>`,
      ),
    );
    assert.equal(errorOf(w.take()[0]).condition, "bad-request");
    await w.send(adminGet(ALICE, `<item affiliation="member"/>`));
    assert.equal(w.take()[0]!.getChild("query", MUC_ADMIN)!.getChildren("item").length, 0);
  });

  it("refuses a member beyond the room's limit with not-allowed naming the limit", async () => {
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${TEA}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="urn:x-manifold:0#maxmembers"><value>2</value></field></x></query></iq>`,
    );
    w.take();
    await w.send(adminSet(ALICE, `<item affiliation="member" jid="bob@localhost"/>`));
    assert.equal(w.take().at(-1)!.attrs.type, "result");
    await w.send(adminSet(ALICE, `<item affiliation="member" jid="carol@localhost"/>`));
    const refusal = w.take()[0];
    assert.equal(errorOf(refusal).condition, "not-allowed");
    assert.match(errorOf(refusal).text!, /2 members/);
  });

  it("rejects malformed JIDs in items with jid-malformed", async () => {
    await w.send(adminSet(ALICE, `<item affiliation="member" jid="@@bad"/>`));
    assert.equal(errorOf(w.take()[0]).condition, "jid-malformed");
  });

  it("grants voice and moderator status, shown in the occupant's presence", async () => {
    await w.send(adminSet(ALICE, `<item role="moderator" nick="Bob"/>`));
    const out = w.take();
    assert.ok(
      out.some(
        (el) =>
          el.attrs.to === BOB && el.getChild("x", MUC_USER)?.getChild("item")?.attrs.role === "moderator",
      ),
    );
  });
});

describe("mediated invitations", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, ALICE, TEA, "Alice", { "muc#roomconfig_membersonly": "1" });
  });
  afterEach(() => w.stop());

  const invite = (from: string, toJid: string) =>
    `<message from="${from}" to="${TEA}"><x xmlns="${MUC_USER}"><invite to="${toJid}"><reason>join us</reason></invite></x></message>`;

  it("forwards the invitation from the room and makes the invitee a member of a members-only room", async () => {
    await w.send(invite(ALICE, "bob@localhost"));
    const message = w.take().find((el) => el.attrs.to === "bob@localhost")!;
    assert.equal(message.attrs.from, TEA);
    const inv = message.getChild("x", MUC_USER)!.getChild("invite")!;
    assert.equal(inv.attrs.from, "alice@localhost");
    assert.equal(inv.getChildText("reason"), "join us");
    const entered = await join(w, BOB, TEA, "Bob");
    assert.ok(entered.some((el) => el.attrs.to === BOB && statuses(el).includes(110)));
  });

  it("refuses invitations from someone not in the room, and from members when invites are off", async () => {
    await w.send(invite(CAROL, "dan@localhost"));
    assert.equal(errorOf(w.take()[0]).condition, "not-acceptable");
    await w.send(invite(ALICE, "bob@localhost"));
    w.take();
    await join(w, BOB, TEA, "Bob");
    await w.send(invite(BOB, "dan@localhost"));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("passes a decline back to the inviter", async () => {
    await w.send(
      `<message from="${BOB}" to="${TEA}"><x xmlns="${MUC_USER}"><decline to="alice@localhost"><reason>busy</reason></decline></x></message>`,
    );
    const [decline] = w.take();
    assert.equal(decline!.attrs.to, "alice@localhost");
    assert.equal(decline!.getChild("x", MUC_USER)!.getChild("decline")!.attrs.from, "bob@localhost");
  });
});
