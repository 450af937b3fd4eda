// Room: XEP-0045 rules for default roles (§5.1), affiliation changes (§9, §10) and role changes (§8).
import assert from "node:assert/strict";
import { Room } from "../../../src/muc/room.js";
import type { Affiliation, Role } from "../../../src/muc/types.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { makeRoom, member, occupant, roomRecord } from "../helpers/rooms.js";

function refusal(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StanzaError, `expected a StanzaError, got ${String(err)}`);
    assert.ok(err.text, "the refusal explains itself");
    return err.condition;
  }
  return undefined;
}

describe("Room", () => {
  describe("defaultRole", () => {
    const cases: [Affiliation, Role, Role][] = [
      ["owner", "moderator", "moderator"],
      ["admin", "moderator", "moderator"],
      ["member", "participant", "participant"],
      ["none", "participant", "visitor"],
      ["outcast", "none", "none"],
    ];
    for (const [affiliation, open, moderated] of cases) {
      it(`gives ${affiliation} the role ${open}, or ${moderated} in a moderated room`, () => {
        assert.equal(makeRoom({}, { moderated: false }).defaultRole(affiliation), open);
        assert.equal(makeRoom({}, { moderated: true }).defaultRole(affiliation), moderated);
      });
    }
  });

  describe("member list", () => {
    const room = makeRoom({
      "owner@x": "owner",
      "admin@x": "admin",
      "m1@x": "member",
      "m2@x": "member",
      "banned@x": "outcast",
    });

    it("counts owners, admins and members but not outcasts", () => {
      assert.equal(room.memberCount(), 4);
      assert.equal(room.ownerCount(), 1);
    });

    it("reads an unlisted JID as affiliation none", () => {
      assert.equal(room.affiliationOf("stranger@x"), "none");
      assert.equal(room.affiliationOf("banned@x"), "outcast");
    });

    it("lists the JIDs holding given affiliations", () => {
      assert.deepEqual(room.jidsWith("owner", "admin").sort(), ["admin@x", "owner@x"]);
    });

    it("finds who registered a nick, and nobody for a free one", () => {
      const withNicks = new Room(
        roomRecord("r@x"),
        new Map([
          ["alice@x", member("member", "Alice")],
          ["bob@x", member("admin")],
        ]),
      );
      assert.equal(withNicks.nickOwner("Alice"), "alice@x");
      assert.equal(withNicks.nickOwner("alice"), undefined);
      assert.equal(withNicks.nickOwner("Bob"), undefined);
    });
  });

  describe("checkAffiliationChange", () => {
    const room = () =>
      makeRoom({
        "owner@x": "owner",
        "owner2@x": "owner",
        "admin@x": "admin",
        "admin2@x": "admin",
        "member@x": "member",
        "banned@x": "outcast",
      });

    const forbidden: [string, string][] = [
      ["a member", "member@x"],
      ["an outcast", "banned@x"],
      ["someone without affiliation", "nobody@x"],
    ];
    for (const [who, actor] of forbidden) {
      it(`forbids ${who} from changing affiliations`, () => {
        assert.equal(
          refusal(() => room().checkAffiliationChange(actor, "stranger@x", "member")),
          "forbidden",
        );
      });
    }

    const adminCases: [string, string, Affiliation, string | undefined][] = [
      ["make a stranger a member", "stranger@x", "member", undefined],
      ["ban a member", "member@x", "outcast", undefined],
      ["lift a ban", "banned@x", "none", undefined],
      ["demote a member to none", "member@x", "none", undefined],
      // XEP-0045 §10.3–§10.7: owner and admin status is the owners' to grant or revoke.
      ["grant admin", "member@x", "admin", "forbidden"],
      ["grant owner", "member@x", "owner", "forbidden"],
      ["demote another admin", "admin2@x", "member", "forbidden"],
      // §9.1: an admin cannot ban an owner or admin.
      ["ban an owner", "owner@x", "outcast", "not-allowed"],
      ["ban another admin", "admin2@x", "outcast", "not-allowed"],
      ["demote an owner to admin", "owner@x", "admin", "forbidden"],
    ];
    for (const [action, target, to, condition] of adminCases) {
      it(`${condition ? `refuses with ${condition} when` : "lets"} an admin ${action}`, () => {
        assert.equal(
          refusal(() => room().checkAffiliationChange("admin@x", target, to)),
          condition,
        );
      });
    }

    const ownerCases: [string, string, Affiliation][] = [
      ["grant owner", "member@x", "owner"],
      ["grant admin", "stranger@x", "admin"],
      ["demote an admin", "admin@x", "member"],
      ["ban an admin", "admin@x", "outcast"],
      ["demote another owner while one remains", "owner2@x", "admin"],
      ["step down while another owner remains", "owner@x", "member"],
    ];
    for (const [action, target, to] of ownerCases) {
      it(`lets an owner ${action}`, () => {
        assert.equal(
          refusal(() => room().checkAffiliationChange("owner@x", target, to)),
          undefined,
        );
      });
    }

    it("refuses with conflict to demote the last owner, even by themself", () => {
      const solo = makeRoom({ "owner@x": "owner", "member@x": "member" });
      for (const to of ["admin", "member", "none", "outcast"] as const) {
        assert.equal(
          refusal(() => solo.checkAffiliationChange("owner@x", "owner@x", to)),
          "conflict",
        );
      }
      assert.equal(
        refusal(() => solo.checkAffiliationChange("owner@x", "owner@x", "owner")),
        undefined,
      );
    });
  });

  describe("checkRoleChange", () => {
    const room = makeRoom({
      "owner@x": "owner",
      "owner2@x": "owner",
      "admin@x": "admin",
      "admin2@x": "admin",
      "member@x": "member",
    });
    const owner = occupant("owner@x", "moderator");
    const owner2 = occupant("owner2@x", "moderator");
    const admin = occupant("admin@x", "moderator");
    const admin2 = occupant("admin2@x", "moderator");
    const memberModerator = occupant("member@x", "moderator");
    const participant = occupant("guest@x", "participant");
    const visitor = occupant("visitor@x", "visitor");
    const otherModerator = occupant("granted@x", "moderator");

    const check = (actor: typeof owner, target: typeof owner, to: Role) =>
      refusal(() => room.checkRoleChange(actor, target, to));

    it("forbids an occupant who is not a moderator from changing roles", () => {
      assert.equal(check(participant, visitor, "participant"), "forbidden");
      assert.equal(check(occupant("member@x", "participant"), visitor, "none"), "forbidden");
    });

    it("lets a moderator voice a visitor, mute a participant and kick a participant", () => {
      assert.equal(check(memberModerator, visitor, "participant"), undefined);
      assert.equal(check(memberModerator, participant, "visitor"), undefined);
      assert.equal(check(memberModerator, participant, "none"), undefined);
    });

    it("forbids granting moderator unless the actor is an admin or owner", () => {
      assert.equal(check(memberModerator, participant, "moderator"), "forbidden");
      assert.equal(check(admin, participant, "moderator"), undefined);
      assert.equal(check(owner, participant, "moderator"), undefined);
    });

    it("refuses with not-allowed to kick or mute an admin or owner of equal or higher rank", () => {
      assert.equal(check(admin, admin2, "none"), "not-allowed");
      assert.equal(check(admin, owner, "none"), "not-allowed");
      assert.equal(check(admin, owner, "visitor"), "not-allowed");
      assert.equal(check(owner, owner2, "none"), "not-allowed");
      assert.equal(check(memberModerator, admin, "none"), "not-allowed");
    });

    it("does not let even an owner kick or silence an admin (XEP-0045 §8.2, §8.4)", () => {
      assert.equal(check(owner, admin, "none"), "not-allowed");
      assert.equal(check(owner, admin, "visitor"), "not-allowed");
    });

    it("refuses with not-allowed when a moderator below admin changes another moderator's role", () => {
      assert.equal(check(memberModerator, otherModerator, "participant"), "not-allowed");
      assert.equal(check(admin, otherModerator, "participant"), undefined);
    });
  });

  describe("seesRealJids", () => {
    it("shows real JIDs to moderators only in a semi-anonymous room, to everyone otherwise", () => {
      const semi = makeRoom({}, { whois: "moderators" });
      const open = makeRoom({}, { whois: "anyone" });
      assert.equal(semi.seesRealJids(occupant("m@x", "moderator")), true);
      assert.equal(semi.seesRealJids(occupant("p@x", "participant")), false);
      assert.equal(semi.seesRealJids(undefined), false);
      assert.equal(open.seesRealJids(occupant("p@x", "participant")), true);
    });
  });
});
