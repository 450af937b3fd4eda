// PROTOCOL §5 "What cannot work is refused, not garbled": a topic re-sends every message from its
// own JID, so an end-to-end encrypted payload (encrypted for the topic's JID, which holds no keys,
// or for nobody) would reach members as a fallback body they cannot read. Such a message, in either
// direction, is refused with not-acceptable before anything is stored or sent. Rooms pass these
// payloads through unchanged, as any MUC does.
import type { Element } from "../xmpp/xml.js";
import { isEncrypted } from "../xmpp/encrypted.js";
import * as errors from "./errors.js";

/** Throws not-acceptable for an end-to-end encrypted message into a topic. */
export function refuseEncrypted(stanza: Element): void {
  if (isEncrypted(stanza)) throw errors.encryptedIntoTopic();
}
