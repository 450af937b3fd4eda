// An occupant: one nick in a room, held by one bare JID from one or more sessions (full JIDs);
// XEP-0045 §7.2.9 allows several resources of one user to share a nick.
import type { Element } from "../xmpp/xml.js";
import type { Role } from "./types.js";

export class Occupant {
  /** Latest presence per session (full JID), as the user sent it. */
  readonly sessions = new Map<string, Element>();

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
