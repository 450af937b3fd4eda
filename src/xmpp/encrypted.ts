// End-to-end encrypted payloads (OMEMO, OpenPGP): what a relay must recognise, since their body is
// only a fallback for clients that cannot decrypt ("I sent you an OMEMO encrypted message…").
import type { Element } from "./xml.js";

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
