// The errors of the chat-state privacy switch (PROTOCOL §3), one catalogue: each entry is what
// happened, and builds the StanzaError clients get, with its condition, type and text. Handlers
// `throw errors.xxx(...)`; the router turns it into XMPP (RFC 6120 §8.3). Answered by the service.
import { StanzaError } from "../xmpp/stanza-error.js";

/** The preferences command got back a form of another type. */
export const notPreferencesForm = (formType: string) =>
  new StanzaError("bad-request", `This is not a preferences form (FORM_TYPE ${formType})`);
