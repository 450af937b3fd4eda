// An occupant: one nick in a room, held by one bare JID from one or more sessions (full JIDs);
// XEP-0045 §7.2.9 allows several resources of one user to share a nick.
import type { Element } from "../xmpp/xml.js";
import type { Role } from "./types.js";

/** Nested groups: the group, directly in the room, through which a user entered (PROTOCOL §2). */
export interface Via {
  /** The group's room JID: a member of this room. */
  group: string;
  /** The group's name in this room: the nick of its one occupant, the prefix of its fellows' nicks. */
  label: string;
  /** The XEP-0421 id of the group's occupant: stable per group and room, unlike any member's. */
  faceId: string;
}

export class Occupant {
  /** Latest presence per session (full JID), as the user sent it. */
  readonly sessions = new Map<string, Element>();
  /** Set when the user entered through a group: only fellows of that group see them as a person. */
  via?: Via;

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
