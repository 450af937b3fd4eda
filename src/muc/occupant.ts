// An occupant: one nick in a room, held by one bare JID from one or more sessions (full JIDs);
// XEP-0045 §7.2.9 allows several resources of one user to share a nick.
import type { Element } from "../xmpp/xml.js";
import type { Role } from "./types.js";

/**
 * A room kind may admit a user through another member of the room: they then hold that member's
 * affiliation, and the kind's views (views.ts) decide who sees them as themselves and who sees the
 * member's own occupant in their place.
 */
export interface Through {
  /** The member's JID (an entry of the room's member list). */
  member: string;
  /** The member's name in the room: the nick of its occupant. */
  name: string;
  /** The XEP-0421 id of the member's occupant: stable per member and room. */
  occupantId: string;
}

export class Occupant {
  /** Latest presence per session (full JID), as the user sent it. */
  readonly sessions = new Map<string, Element>();
  /** Set when the user was admitted through another member of the room. */
  through?: Through;

  constructor(
    public nick: string,
    readonly bareJid: string,
    public role: Role,
    readonly occupantId: string,
  ) {}

  /** The presence the room shows for this occupant: the most recent session's. */
  get presence(): Element | undefined {
    let last: Element | undefined;
    for (const p of this.sessions.values()) last = p;
    return last;
  }
}
