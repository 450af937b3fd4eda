// The room events a kind (and the core's own policies, muc/policies/) hook into, after Prosody's
// muc-* events: what each carries and what a handler may end it with. A pre-event handler vetoes
// by throwing a StanzaError; a handler returning a value ends the event (core/hooks.ts).
import type { Hooks } from "../core/hooks.js";
import type { Jid } from "../xmpp/jid.js";
import type { Inbound } from "../xmpp/router.js";
import type { SubmittedForm } from "../xmpp/forms.js";
import type { Occupant, Through } from "./occupant.js";
import type { Room } from "./room.js";
import type { Affiliation, AffiliationChange, Role, RoomConfig } from "./types.js";
import type { Element } from "../xmpp/xml.js";

/** How a user enters: the nick they get, and the member of the room they come through, if any. */
export interface Admission {
  nick: string;
  through?: Through;
  /** The role to enter with, when the kind decides it (a group made visitor stays one). */
  role?: Role;
}

/** A stored message as the room renders it (muc/groupchat.ts publish). */
export interface StoredMessage {
  room: Room;
  sender: Occupant;
  /** The copy for those who see the sender as themselves. */
  inside: Element;
  /** The copy for everyone else, when the room kind shows someone in the sender's place. */
  outside?: Element;
  /** The message's stanza-id (XEP-0359) when archived; a correction has none of its own. */
  id?: string;
  /** A correction (XEP-0308): the stanza-id of the archived message it rewrites. */
  corrects?: string;
}

/** How an archive reader sees the room: the member they read it through, if any. */
export interface ArchiveView {
  through?: string;
}

interface Event<P, R = never> {
  payload: P;
  result: R;
}

export interface Entering {
  room: Room;
  joiner: string;
  affiliation: Affiliation;
}

export interface RoomEvents {
  /** A join to a room that does not exist: checks veto, then the kind makes the room. */
  "room-create": Event<{ s: Inbound }, Room>;
  /** Before a joiner's nick and way in are decided (locked, banned, the kind's own rule). */
  "pre-enter": Event<Entering>;
  /** The nick a joiner gets and the way they come in; without a handler, as asked and directly.
   * Also asked when an occupant takes a new nick. */
  admit: Event<Entering & { nick: string }, Admission>;
  /** Once admitted (members-only, nick in use or registered, capacity). */
  "pre-join": Event<Entering & { admission: Admission; holder: Occupant | undefined }>;
  /** A member-list change request, before anything is written. */
  "pre-affiliations": Event<{ room: Room; changes: readonly AffiliationChange[] }>;
  /** The changes as they will be stored (a kind may fill in what they leave open, such as a nick). */
  "complete-affiliations": Event<{ room: Room; changes: readonly AffiliationChange[] }, AffiliationChange[]>;
  /** A stored member-list change: what occupants see of it, and the work that follows. */
  "affiliations-changed": Event<{
    room: Room;
    changes: readonly AffiliationChange[];
    /** Each changed JID's affiliation before the change ("none" when it had none). */
    previous: ReadonlyMap<string, Affiliation>;
    actor?: string;
  }>;
  /** A message from an occupant to the room (XEP-0045 §7.4), before it is stamped and archived. */
  "pre-message": Event<{ room: Room; sender: Occupant; stanza: Element }>;
  /** An occupant's message with lasting content (one the archive keeps, or a correction of one),
   * stamped; runs while it is archived, and the room sees it once both are done. */
  "message-stored": Event<StoredMessage>;
  /** A submitted configuration, before it is stored: a kind may return it with settings it
   * decides alone put back (its owners may not change them). */
  "config-submit": Event<{ room: Room; config: RoomConfig }, RoomConfig>;
  /** A room has ended and its data is gone (destroyed, or temporary and empty). */
  "room-destroyed": Event<{ room: Room }>;
  /** A kick (role none) of one occupant; the core's own handler (lowest priority) removes them. */
  kick: Event<{ room: Room; occupant: Occupant; actor?: string; reason?: string; together: boolean }, true>;
  /** A submitted registration form (XEP-0045 §7.10) a kind takes over (returns true). */
  "register-submit": Event<{ room: Room; from: Jid; form: SubmittedForm }, true>;
  /** A nick someone asks to register, before it is checked against other members' nicks. */
  "pre-register-nick": Event<{ room: Room; nick: string }>;
  /** An owner set or removed the room's avatar (XEP-0486); the record already names the new one. */
  "avatar-changed": Event<{ room: Room }>;
  /** Who may read the archive (XEP-0313), and how the room looks to them. */
  "archive-reader": Event<{ room: Room; jid: string }, ArchiveView>;
}

export type RoomHooks = Hooks<RoomEvents>;
