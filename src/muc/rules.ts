// What differs between room kinds (DESIGN: one MUC core, a kind per product). The core calls these
// at fixed points; each kind (groups/rules.ts, topics/rules.ts) supplies its own. A check vetoes by
// throwing a StanzaError.
import type { Inbound } from "../xmpp/router.js";
import type { StanzaError } from "../xmpp/stanza-error.js";
import type { Field, SubmittedForm } from "../xmpp/forms.js";
import type { Jid } from "../xmpp/jid.js";
import type { MucContext } from "./context.js";
import type { AffiliationChange } from "./membership.js";
import type { Occupant, Via } from "./occupant.js";
import type { Room } from "./room.js";
import type { Affiliation, RoomConfig } from "./types.js";

/** How a user enters: the nick they get, and (nested groups) the group they enter through. */
export interface Admission {
  nick: string;
  via?: Via;
}

export interface RoomRules {
  /** A join to a room that does not exist: create it (or throw when the joiner may not). */
  createOnJoin(ctx: MucContext, s: Inbound): Promise<Room>;
  /** Extra entry rule, after the core's (locked, banned). */
  checkEntry(room: Room, joiner: string): void;
  /**
   * Who a joiner (or an occupant taking a new nick) is: the nick they get and the group they come
   * through. Without it, everyone enters as themselves with the nick they asked for.
   */
  admit?(
    ctx: MucContext,
    room: Room,
    joiner: string,
    nick: string,
    affiliation: Affiliation,
  ): Promise<Admission>;
  /** Extra rule for a member-list change request, checked before anything is written. */
  checkAffiliations(ctx: MucContext, room: Room, changes: AffiliationChange[]): void | Promise<void>;
  /** What occupants see once a member-list change is stored; return false to let the core show it. */
  showAffiliationChange(ctx: MucContext, room: Room, change: AffiliationChange, actor?: string): boolean;
  /** Work that follows a stored member-list change (nested groups: graph, invitations, revocation). */
  afterAffiliations?(
    ctx: MucContext,
    room: Room,
    changes: AffiliationChange[],
    /** Each changed JID's affiliation before the change ("none" when it had none). */
    previous: ReadonlyMap<string, Affiliation>,
    actor?: string,
  ): Promise<void>;
  /** Does a kick (role none) of this occupant remove their membership instead? */
  kickRemovesMember: boolean;
  /** A kick the kind handles itself (a guest); true when handled. */
  onKick?(ctx: MucContext, room: Room, occupant: Occupant, actor?: string, reason?: string): Promise<boolean>;
  /**
   * Throws unless this bare JID may read the room's archive (XEP-0313); returns the group the
   * reader sees the room through (nested groups), which decides how authors are shown.
   */
  checkArchiveReader(ctx: MucContext, room: Room, jid: string): Promise<string | undefined>;
  /** Settings a configuration form may not change for this kind. */
  enforceConfig(config: RoomConfig): RoomConfig;
  /** Settings the kind decides alone, left out of the configuration form. */
  fixedConfig?: readonly (keyof RoomConfig)[];
  /** Does the room take XEP-0045 §7.10 registrations? */
  registration: boolean;
  /** Extra fields of the registration form, and a handler that takes submissions using them. */
  registrationFields?: Field[];
  onRegistration?(ctx: MucContext, room: Room, from: Jid, form: SubmittedForm): Promise<boolean>;
  /** Throws when a nick may not be registered (nested groups: names reserved for a group). */
  checkRegisteredNick?(ctx: MucContext, room: Room, nick: string): Promise<void>;
  /** The membership threshold of a room, and the error for a change that would pass it. */
  memberLimit(ctx: MucContext, room: Room): number;
  memberLimitError(limit: number): StanzaError;
}
