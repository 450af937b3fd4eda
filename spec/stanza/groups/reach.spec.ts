// Live reach (PROTOCOL §2, G7): whoever becomes a member of group A after A joined B is invited to B
// at once, mediated and XEP-0249, and to every room A is in at any depth; nobody twice, nobody banned.
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { room } from "../helpers/muc.js";
import type { Element } from "../../../src/xmpp/xml.js";
import { ALICE, ALPHA, CLUB, DAN, alphaInClub, persistentRoom, setAffiliations } from "../helpers/groups.js";

const MUC_USER = "http://jabber.org/protocol/muc#user";
const CONFERENCE = "jabber:x:conference";
const ERIN = "erin@localhost";
const TOP = room("top");

/** The invitations to `user` in `out`, as [room, group named as the inviter, XEP-0249 room]. */
const invitationsTo = (out: Element[], user: string) =>
  out
    .filter((el) => el.name === "message" && el.attrs.to === user)
    .filter((el) => el.getChild("x", MUC_USER)?.getChild("invite"))
    .map((el) => [
      el.attrs.from,
      el.getChild("x", MUC_USER)!.getChild("invite")!.attrs.from,
      el.getChild("x", CONFERENCE)?.attrs.jid,
    ]);

describe("nested groups: live reach", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await alphaInClub(w); // Alpha (bob, carol) is a member of club
    w.take();
  });
  afterEach(() => w.stop());

  it("invites a new member of a group to the room the group is in, at once", async () => {
    const out = await setAffiliations(w, DAN, ALPHA, [[ERIN, "member"]]);
    assert.deepEqual(invitationsTo(out, ERIN), [[CLUB, ALPHA, CLUB]]);
    const invite = out.find((el) => el.attrs.to === ERIN && el.attrs.from === CLUB)!;
    assert.match(invite.getChildText("body")!, /You are now a member of Alpha, which is a member of club/);
  });

  it("invites to every room above, at any depth, naming the group directly in each", async () => {
    await persistentRoom(w, ALICE, TOP, "Alice", [], { "muc#roomconfig_membersonly": "1" });
    await setAffiliations(w, ALICE, TOP, [[CLUB, "member"]]);
    w.take();
    const out = await setAffiliations(w, DAN, ALPHA, [[ERIN, "member"]]);
    assert.deepEqual(invitationsTo(out, ERIN).sort(), [
      [CLUB, ALPHA, CLUB],
      [TOP, CLUB, TOP],
    ]);
  });

  it("invites nobody who was a member already, is a member of the room above, or is banned there", async () => {
    const promoted = await setAffiliations(w, DAN, ALPHA, [["bob@localhost", "admin"]]);
    assert.deepEqual(invitationsTo(promoted, "bob@localhost"), [], "bob was a member of Alpha already");
    await setAffiliations(w, ALICE, CLUB, [
      ["frank@localhost", "member"],
      ["mallory@localhost", "outcast"],
    ]);
    const out = await setAffiliations(w, DAN, ALPHA, [
      ["frank@localhost", "member"],
      ["mallory@localhost", "member"],
    ]);
    assert.deepEqual(invitationsTo(out, "frank@localhost"), []);
    assert.deepEqual(invitationsTo(out, "mallory@localhost"), []);
  });
});
