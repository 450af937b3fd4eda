// What differs between room kinds (DESIGN: one MUC core, a kind per product). The core calls these
// at fixed points; each kind (groups/rules.ts, topics/rules.ts) supplies its own. A check vetoes by
// throwing a StanzaError.
import type { Inbound } from "../xmpp/router.js";
import type { StanzaError } from "../xmpp/stanza-error.js";
import type { MucContext } from "./context.js";
import type { AffiliationChange } from "./membership.js";
import type { Room } from "./room.js";
import type { RoomConfig } from "./types.js";

export interface RoomRules {
  /** A join to a room that does not exist: create it (or throw when the joiner may not). */
  createOnJoin(ctx: MucContext, s: Inbound): Promise<Room>;
  /** Extra entry rule, after the core's (locked, banned, members-only). */
  checkEntry(room: Room, joiner: string): void;
  /** Extra rule for a member-list change request, checked before anything is written. */
  checkAffiliations(ctx: MucContext, room: Room, changes: AffiliationChange[]): void;
  /** What occupants see once a member-list change is stored; return false to let the core show it. */
  showAffiliationChange(ctx: MucContext, room: Room, change: AffiliationChange, actor?: string): boolean;
  /** Does a kick (role none) of this occupant remove their membership instead? */
  kickRemovesMember: boolean;
  /** Throws unless this bare JID may read the room's archive (XEP-0313). */
  checkArchiveReader(room: Room, jid: string): void;
  /** Settings a configuration form may not change for this kind. */
  enforceConfig(config: RoomConfig): RoomConfig;
  /** Does the room take XEP-0045 §7.10 registrations? */
  registration: boolean;
  /** The membership threshold of a room, and the error for a change that would pass it. */
  memberLimit(ctx: MucContext, room: Room): number;
  memberLimitError(limit: number): StanzaError;
}
