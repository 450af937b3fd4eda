// A room: its stored record and member list, and its live occupants. Pure rules of XEP-0045 live
// here (default roles §5.1, who may change whose affiliation §5.2); handlers translate stanzas.
import * as errors from "./errors.js";
import type { Occupant } from "./occupant.js";
import type { Affiliation, AffiliationRecord, Role, RoomConfig, RoomRecord } from "./types.js";

const RANK: Record<Affiliation, number> = { outcast: 0, none: 1, member: 2, admin: 3, owner: 4 };

export class Room {
  /** Occupants by nick. */
  readonly occupants = new Map<string, Occupant>();
  /** Occupants by session full JID. */
  readonly sessions = new Map<string, Occupant>();

  constructor(
    public record: RoomRecord,
    /** Member list by bare JID (none is never stored). */
    readonly affiliations: Map<string, AffiliationRecord>,
  ) {}

  get jid(): string {
    return this.record.jid;
  }
  get config(): RoomConfig {
    return this.record.config;
  }
  /** No user is in the room (occupants a kind seats without sessions do not count). */
  get empty(): boolean {
    return this.sessions.size === 0;
  }

  affiliationOf(bareJid: string): Affiliation {
    return this.affiliations.get(bareJid)?.affiliation ?? "none";
  }

  /** XEP-0045 §5.1: the role an affiliation brings on entry. */
  defaultRole(affiliation: Affiliation): Role {
    switch (affiliation) {
      case "owner":
      case "admin":
        return "moderator";
      case "member":
        return "participant";
      case "none":
        return this.config.moderated ? "visitor" : "participant";
      case "outcast":
        return "none";
    }
  }

  /** Owners, admins and members: what the membership threshold counts. */
  memberCount(): number {
    let n = 0;
    for (const a of this.affiliations.values()) if (a.affiliation !== "outcast") n++;
    return n;
  }

  ownerCount(): number {
    let n = 0;
    for (const a of this.affiliations.values()) if (a.affiliation === "owner") n++;
    return n;
  }

  /** The bare JID whose registered nick this is, if another member reserved it (§7.10). */
  nickOwner(nick: string): string | undefined {
    for (const [jid, a] of this.affiliations) if (a.nick === nick) return jid;
    return undefined;
  }

  jidsWith(...affiliations: Affiliation[]): string[] {
    return [...this.affiliations].filter(([, a]) => affiliations.includes(a.affiliation)).map(([jid]) => jid);
  }

  /**
   * XEP-0045 §9 and §10: may `actor` move `target` from its current affiliation to `to`?
   * Throws the error the spec names when not.
   */
  /** Only owners and admins change affiliations: checked before any item is read, so that the
   *  answer to anyone else says nothing of whom an item names. */
  checkMayChangeAffiliations(actor: string): void {
    const mine = this.affiliationOf(actor);
    if (mine !== "owner" && mine !== "admin") throw errors.onlyAdminsChangeAffiliations();
  }

  checkAffiliationChange(actor: string, target: string, to: Affiliation): void {
    this.checkMayChangeAffiliations(actor);
    const mine = this.affiliationOf(actor);
    const theirs = this.affiliationOf(target);
    // XEP-0045 §9.1: an admin banning an owner or admin is not-allowed; granting or revoking
    // owner and admin status is the owners' alone (§10.3–§10.7: forbidden).
    if (mine === "admin" && to === "outcast" && RANK[theirs] >= RANK.admin) {
      throw errors.adminsCannotBanAdmins();
    }
    if (mine === "admin" && (RANK[theirs] >= RANK.admin || RANK[to] >= RANK.admin)) {
      throw errors.onlyOwnersGrantAdmin();
    }
    if (theirs === "owner" && to !== "owner" && this.ownerCount() === 1) {
      throw errors.lastOwner();
    }
  }

  /** XEP-0045 §8: may `actor` (an occupant) change `target`'s role to `to`? */
  /** Only moderators change roles; checked before the nick is looked up, as above. */
  checkMayChangeRoles(actor: Occupant): void {
    if (actor.role !== "moderator") throw errors.onlyModeratorsChangeRoles();
  }

  checkRoleChange(actor: Occupant, target: Occupant, to: Role): void {
    this.checkMayChangeRoles(actor);
    const mine = this.affiliationOf(actor.bareJid);
    const theirs = this.affiliationOf(target.bareJid);
    if (to === "moderator" && RANK[mine] < RANK.admin) {
      throw errors.onlyAdminsGrantModerator();
    }
    const demotion = to === "visitor" || to === "none";
    if (demotion && RANK[theirs] >= RANK.admin) {
      throw errors.adminsKeepTheirRoles();
    }
    if (demotion && RANK[theirs] > RANK[mine]) {
      throw errors.higherAffiliation();
    }
    if (to === "participant" && target.role === "moderator" && RANK[theirs] >= RANK.admin) {
      throw errors.moderatorByAffiliation();
    }
    if (target.role === "moderator" && RANK[mine] < RANK.admin) {
      throw errors.onlyAdminsChangeModerators();
    }
  }

  /** May this occupant see real JIDs (XEP-0045 §4.2)? */
  seesRealJids(viewer: Occupant | undefined): boolean {
    return this.config.whois === "anyone" || viewer?.role === "moderator";
  }
}
