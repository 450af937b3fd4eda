// Stored and in-memory shapes of the room service (XEP-0045). Values carry a version `v` so the
// store format can evolve (store/db.ts documents the key layout).

export type Affiliation = "owner" | "admin" | "member" | "none" | "outcast";
export type Role = "moderator" | "participant" | "visitor" | "none";
/** Which product a room belongs to: a chat room on groups.*, a broadcast topic on lists.*. */
export type RoomKind = "group" | "topic";

export interface RoomConfig {
  name: string;
  description: string;
  persistent: boolean;
  public: boolean;
  membersOnly: boolean;
  moderated: boolean;
  /** Who sees occupants' real JIDs (XEP-0045 §4.2 semi-anonymous / non-anonymous). */
  whois: "moderators" | "anyone";
  changeSubject: boolean;
  allowInvites: boolean;
  allowPrivateMessages: "anyone" | "participants" | "moderators" | "none";
  maxOccupants: number;
  /** PROTOCOL §2 membership threshold, bounded by the service-wide groups.maxMembers. */
  maxMembers: number;
  historyLength: number;
  /** Nested groups: who may ask for this room to join another room as a group (absent: members). */
  groupRequests?: "members" | "admins";
}

export interface Subject {
  text: string;
  nick: string;
  at: number;
}

export interface RoomRecord {
  v: 1;
  jid: string;
  kind: RoomKind;
  config: RoomConfig;
  subject: Subject | null;
  createdAt: number;
  /** XEP-0045 §10.1: a new room stays locked until its owner accepts or submits the configuration. */
  locked: boolean;
  /** Topics: the one owner (bare JID), also the key of the per-owner index. */
  owner?: string;
  /** Topics created by command without persistence: stored, and ended after an idle time. */
  endsWhenIdle?: boolean;
}

/** What a member-list entry stands for: a person, or another room of the service (a nested group). */
export type MemberKind = "user" | "room";

/** A requested change to a member list (admin list, invitation, approval); muc/membership.ts applies it. */
export interface AffiliationChange {
  jid: string;
  affiliation: Affiliation;
  /** A room of the same service (a nested group) rather than a person; kept from the entry if absent. */
  kind?: MemberKind;
  nick?: string;
  reason?: string;
}

export interface AffiliationRecord {
  v: 1;
  affiliation: Exclude<Affiliation, "none">;
  /** Registered room nick (XEP-0045 §7.10), reserved for this member. */
  nick?: string;
  reason?: string;
  kind: MemberKind;
  /** Topics: the member has had the first message, with the XEP-0172 nick. */
  introduced?: boolean;
  /** Topics: the member approved the topic's presence subscription (their consent). */
  consented?: boolean;
}

/** An outsider a group talks to (PROTOCOL §2 contact-as-group), shown as a guest occupant. */
export interface GuestRecord {
  v: 1;
  nick: string;
  /** Who started the conversation (bare JID of a member of the group). */
  by: string;
  at: number;
}
