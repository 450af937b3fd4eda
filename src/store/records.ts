// The stored shapes of rooms and member lists (sublevels `rooms` and `aff`; layout in db.ts).
// Values carry a version `v` so the store format can evolve. A few facts only one room kind uses
// ride on these records, as they always have on disk: the kinds read and write them.

export type Affiliation = "owner" | "admin" | "member" | "none" | "outcast";
/** The name of the room kind a room belongs to (the kind of its service). */
export type RoomKind = string;

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
  /** How long the archive keeps a message, in ms, when the owner chose a time of the room's own
   * (never longer than the service's archive.expireAfter); absent: as the service. */
  archiveExpiry?: number;
  /** Groups: which messages reach members who are not in the room (PROTOCOL §2 absent members);
   * absent: every message in a members-only room, those that mention them in an open one. */
  absentDelivery?: "all" | "mentions";
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
  /** A room with one owner (topics): that owner's bare JID, also the key of the per-owner index. */
  owner?: string;
  /** Stored without being persistent, and ended after an idle time (topics created by command). */
  endsWhenIdle?: boolean;
  /** The avatar its owner set (XEP-0486): the SHA-1 of the image (in sublevel `avatar`) and its type. */
  avatar?: { hash: string; type: string };
}

/** What a member-list entry stands for: a person, or another room of the service (a nested group). */
export type MemberKind = "user" | "room";

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
