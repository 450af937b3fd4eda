// PROTOCOL §5 "What cannot work is refused, not garbled": a topic re-sends every message from its
// own JID, so an end-to-end encrypted payload (encrypted for the topic's JID, which holds no keys,
// or for nobody) would reach members as a fallback body they cannot read. Such a message, in either
// direction, is refused with not-acceptable before anything is stored or sent. Rooms pass these
// payloads through unchanged, as any MUC does.
import type { Element } from "../xmpp/xml.js";
import * as errors from "./errors.js";

/** Payload elements of end-to-end encryption, by namespace. */
const ENCRYPTED: readonly (readonly [name: string, ns: string])[] = [
  ["encrypted", "eu.siacs.conversations.axolotl"], // XEP-0384 OMEMO, the version clients deploy
  ["encrypted", "urn:xmpp:omemo:2"], // XEP-0384 OMEMO 0.8 and later
  ["openpgp", "urn:xmpp:openpgp:0"], // XEP-0373 OpenPGP for XMPP
  ["x", "jabber:x:encrypted"], // XEP-0027 legacy OpenPGP
  ["encryption", "urn:xmpp:eme:0"], // XEP-0380: the sender says the body is an encrypted message's fallback
];

export function isEncrypted(stanza: Element): boolean {
  return stanza.getChildElements().some((child) => ENCRYPTED.some(([name, ns]) => child.is(name, ns)));
}

/** Throws not-acceptable for an end-to-end encrypted message into a topic. */
export function refuseEncrypted(stanza: Element): void {
  if (isEncrypted(stanza)) throw errors.encryptedIntoTopic();
}
