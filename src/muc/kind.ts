// What a room kind declares about itself as data (its behaviour is in the hooks it adds): the
// settings its owners may not change, whether it takes registrations, what a kick means, and its
// member threshold.
import type { StanzaError } from "../xmpp/stanza-error.js";
import type { Field } from "../xmpp/forms.js";
import type { ConfigExtension } from "./config-form.js";
import type { Room } from "./room.js";
import type { AffiliationRecord, RoomConfig } from "./types.js";
import type { Element } from "../xmpp/xml.js";

export interface KindTraits {
  /** Settings the kind decides alone, left out of the configuration form. */
  fixedConfig?: readonly (keyof RoomConfig)[];
  /** Settings the kind adds to the configuration form. */
  configExtensions?: readonly ConfigExtension[];
  /** Why the kind's rooms take no XEP-0045 §7.10 registrations (absent: they take them). */
  registrationRefused?: string;
  /** Extra fields of the registration form (a "register-submit" handler takes them). */
  registrationFields?: readonly Field[];
  /** Extra children of a member-list item for this entry (XEP-0045 §9.5 lists). */
  memberItemExtras?(entry: AffiliationRecord): Element[];
  /** Features the kind's rooms add to their disco#info (what their messages may carry). */
  features?: readonly string[];
  /** Does a kick (role none) remove the occupant's membership instead? */
  kickRemovesMember: boolean;
  /** The membership threshold of a room, and the error for a change that would pass it. */
  memberLimit(room: Room): number;
  memberLimitError(limit: number): StanzaError;
}
