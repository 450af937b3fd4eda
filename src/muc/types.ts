// Shapes of the room service (XEP-0045): the stored records (store/records.ts), roles, and the
// member-list changes the core applies.
import type { Affiliation, MemberKind } from "../store/records.js";

export type {
  Affiliation,
  AffiliationRecord,
  MemberKind,
  RoomConfig,
  RoomKind,
  RoomRecord,
  Subject,
} from "../store/records.js";

export type Role = "moderator" | "participant" | "visitor" | "none";

/** A requested change to a member list (admin list, invitation, approval); muc/membership.ts applies it. */
export interface AffiliationChange {
  jid: string;
  affiliation: Affiliation;
  /** A room of the same service rather than a person; kept from the entry if absent. */
  kind?: MemberKind;
  nick?: string;
  reason?: string;
}
