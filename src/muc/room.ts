// A room: its stored record and member list, and its live occupants. Pure rules of XEP-0045 live
// here (default roles §5.1, who may change whose affiliation §5.2); handlers translate stanzas.
import { StanzaError } from "../xmpp/stanza-error.js";
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
  checkAffiliationChange(actor: string, target: string, to: Affiliation): void {
    const mine = this.affiliationOf(actor);
    const theirs = this.affiliationOf(target);
    if (mine !== "owner" && mine !== "admin") {
      throw new StanzaError("forbidden", "Only owners and admins can change affiliations");
    }
    // XEP-0045 §9.1: an admin banning an owner or admin is not-allowed; granting or revoking
    // owner and admin status is the owners' alone (§10.3–§10.7: forbidden).
    if (mine === "admin" && to === "outcast" && RANK[theirs] >= RANK.admin) {
      throw new StanzaError("not-allowed", "Admins cannot ban owners or admins");
    }
    if (mine === "admin" && (RANK[theirs] >= RANK.admin || RANK[to] >= RANK.admin)) {
      throw new StanzaError("forbidden", "Only owners can grant or change owner and admin affiliations");
    }
    if (theirs === "owner" && to !== "owner" && this.ownerCount() === 1) {
      throw new StanzaError("conflict", "A room must keep at least one owner");
    }
  }

  /** XEP-0045 §8: may `actor` (an occupant) change `target`'s role to `to`? */
  checkRoleChange(actor: Occupant, target: Occupant, to: Role): void {
    const mine = this.affiliationOf(actor.bareJid);
    const theirs = this.affiliationOf(target.bareJid);
    if (actor.role !== "moderator") throw new StanzaError("forbidden", "Only moderators can change roles");
    if (to === "moderator" && RANK[mine] < RANK.admin) {
      throw new StanzaError("forbidden", "Only admins and owners can grant moderator status");
    }
    const demotion = to === "visitor" || to === "none";
    if (demotion && RANK[theirs] >= RANK.admin) {
      throw new StanzaError("not-allowed", "Admins and owners cannot be kicked or lose their voice");
    }
    if (demotion && RANK[theirs] > RANK[mine]) {
      throw new StanzaError("not-allowed", "You cannot kick or silence someone with a higher affiliation");
    }
    if (to === "participant" && target.role === "moderator" && RANK[theirs] >= RANK.admin) {
      throw new StanzaError("not-allowed", "An admin's or owner's moderator role comes with the affiliation");
    }
    if (target.role === "moderator" && RANK[mine] < RANK.admin) {
      throw new StanzaError("not-allowed", "Only admins and owners can change a moderator's role");
    }
  }

  /** May this occupant see real JIDs (XEP-0045 §4.2)? */
  seesRealJids(viewer: Occupant | undefined): boolean {
    return this.config.whois === "anyone" || viewer?.role === "moderator";
  }
}
