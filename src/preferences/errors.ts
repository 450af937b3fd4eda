// The errors of the preferences command (PROTOCOL §3 privacy switch, absent members reached), one
// catalogue: each entry is what happened, and builds the StanzaError clients get, with its
// condition, type and text. Handlers `throw errors.xxx(...)`; the router turns it into XMPP
// (RFC 6120 §8.3). Answered by the service.
import { StanzaError } from "../xmpp/stanza-error.js";

/** The preferences command got back a form of another type. */
export const notPreferencesForm = (formType: string) =>
  new StanzaError("bad-request", `This is not a preferences form (FORM_TYPE ${formType})`);

/** The preferences command got a value for absent-messages it does not offer. */
export const absentMessagesValue = (field: string, value: string) =>
  new StanzaError("not-acceptable", `${field} must be room, mentions or none (got "${value.slice(0, 40)}")`);
