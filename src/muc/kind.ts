// What a room kind declares about itself as data (its behaviour is in the hooks it adds): the
// settings its owners may not change, whether it takes registrations, what a kick means, and its
// member threshold.
import type { StanzaError } from "../xmpp/stanza-error.js";
import type { Field } from "../xmpp/forms.js";
import type { Room } from "./room.js";
import type { RoomConfig } from "./types.js";

export interface KindTraits {
  /** Settings a configuration form may not change for this kind. */
  enforceConfig(config: RoomConfig): RoomConfig;
  /** Settings the kind decides alone, left out of the configuration form. */
  fixedConfig?: readonly (keyof RoomConfig)[];
  /** Does the room take XEP-0045 §7.10 registrations? */
  registration: boolean;
  /** Extra fields of the registration form (a "register-submit" handler takes them). */
  registrationFields?: readonly Field[];
  /** Does a kick (role none) remove the occupant's membership instead? */
  kickRemovesMember: boolean;
  /** The membership threshold of a room, and the error for a change that would pass it. */
  memberLimit(room: Room): number;
  memberLimitError(limit: number): StanzaError;
}
