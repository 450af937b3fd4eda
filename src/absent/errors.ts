// The errors of absent-member delivery (PROTOCOL §2), one catalogue: each entry is what happened,
// and builds the StanzaError clients get, with its condition, type and text.
import { StanzaError } from "../xmpp/stanza-error.js";

/** The room form's absent-delivery field got a value it does not offer. */
export const absentDeliveryValue = (field: string, value: string) =>
  new StanzaError("not-acceptable", `${field} must be all or mentions (got "${value.slice(0, 40)}")`);
