// Every namespace Manifold speaks, with the elements its XEP (or RFC) defines that Manifold may emit
// in it. namespace-check.ts judges every stanza the app writes against this table: an element in
// one of these namespaces must be one of its elements; an element with no namespace, or a nested
// stanza not in jabber:client, is wrong. Namespaces missing here are client payloads relayed as
// they came (XEP-0066 OOB, XEP-0384 OMEMO…), which Manifold never builds itself.
export const COMPONENT = "jabber:component:accept";
export const CLIENT = "jabber:client";

/** RFC 6120 stanzas: top-level in the component stream's namespace, nested in jabber:client. */
export const STANZAS = new Set(["message", "presence", "iq"]);

/** Children that RFC 6120/6121 put in the stanza's own namespace. */
const STANZA_CHILDREN = ["body", "subject", "thread", "error", "show", "status", "priority"];

/** RFC 6120 §8.3.3: the defined stanza error conditions. */
export const STANZA_CONDITIONS = [
  "bad-request",
  "conflict",
  "feature-not-implemented",
  "forbidden",
  "gone",
  "internal-server-error",
  "item-not-found",
  "jid-malformed",
  "not-acceptable",
  "not-allowed",
  "not-authorized",
  "policy-violation",
  "recipient-unavailable",
  "redirect",
  "registration-required",
  "remote-server-not-found",
  "remote-server-timeout",
  "resource-constraint",
  "service-unavailable",
  "subscription-required",
  "undefined-condition",
  "unexpected-request",
];

const STANZA_ERRORS = ["text", ...STANZA_CONDITIONS];

const DATA_FORM = [
  "x",
  "title",
  "instructions",
  "field",
  "value",
  "option",
  "desc",
  "required",
  "reported",
  "item",
];

export const EMITTED: Readonly<Record<string, readonly string[]>> = {
  [COMPONENT]: STANZA_CHILDREN,
  [CLIENT]: STANZA_CHILDREN,
  "urn:ietf:params:xml:ns:xmpp-stanzas": STANZA_ERRORS,
  // XEP-0030
  "http://jabber.org/protocol/disco#info": ["query", "identity", "feature"],
  "http://jabber.org/protocol/disco#items": ["query", "item"],
  // XEP-0004, XEP-0050
  "jabber:x:data": DATA_FORM,
  "http://jabber.org/protocol/commands": [
    "command",
    "actions",
    "prev",
    "next",
    "complete",
    "note",
    // XEP-0050 §4.6's error conditions.
    "bad-action",
    "bad-locale",
    "bad-payload",
    "bad-sessionid",
    "malformed-action",
    "session-expired",
  ],
  // XEP-0045
  "http://jabber.org/protocol/muc": ["x", "history", "password"],
  "http://jabber.org/protocol/muc#user": [
    "x",
    "item",
    "actor",
    "reason",
    "continue",
    "status",
    "invite",
    "decline",
    "destroy",
    "password",
  ],
  "http://jabber.org/protocol/muc#admin": ["query", "item", "actor", "reason"],
  "http://jabber.org/protocol/muc#owner": ["query", "destroy", "reason", "password"],
  // XEP-0077
  "jabber:iq:register": ["query", "instructions", "username", "nick", "registered", "remove"],
  // XEP-0249
  "jabber:x:conference": ["x"],
  // XEP-0054
  "vcard-temp": ["vCard", "FN", "NICKNAME", "DESC", "PHOTO", "TYPE", "BINVAL", "EXTVAL", "URL"],
  // XEP-0092, XEP-0199
  "jabber:iq:version": ["query", "name", "version", "os"],
  "urn:xmpp:ping": ["ping"],
  // XEP-0313, XEP-0059, XEP-0297, XEP-0203
  "urn:xmpp:mam:2": ["query", "result", "fin", "metadata", "start", "end"],
  "http://jabber.org/protocol/rsm": ["set", "first", "last", "count", "max", "before", "after", "index"],
  "urn:xmpp:forward:0": ["forwarded"],
  "urn:xmpp:delay": ["delay"],
  // XEP-0359, XEP-0421, XEP-0334
  "urn:xmpp:sid:0": ["stanza-id", "origin-id"],
  "urn:xmpp:occupant-id:0": ["occupant-id"],
  "urn:xmpp:hints": ["no-store", "no-permanent-store", "store", "no-copy"],
  // XEP-0085, XEP-0184, XEP-0333
  "http://jabber.org/protocol/chatstates": ["active", "composing", "paused", "inactive", "gone"],
  "urn:xmpp:receipts": ["request", "received"],
  "urn:xmpp:chat-markers:0": ["markable", "received", "displayed", "acknowledged"],
  // XEP-0033, XEP-0172
  "http://jabber.org/protocol/address": ["addresses", "address"],
  "http://jabber.org/protocol/nick": ["nick"],
  // XEP-0308, XEP-0424, XEP-0425, XEP-0444, XEP-0461, XEP-0428, XEP-0372: what Manifold renames,
  // rewrites or builds for rich messages (PROTOCOL §5)
  "urn:xmpp:message-correct:0": ["replace"],
  "urn:xmpp:message-retract:1": ["retract", "retracted", "reason"],
  "urn:xmpp:message-moderate:1": ["moderated"],
  "urn:xmpp:reactions:0": ["reactions", "reaction"],
  "urn:xmpp:reply:0": ["reply"],
  "urn:xmpp:fallback:0": ["fallback", "body", "subject"],
  "urn:xmpp:reference:0": ["reference"],
  // Manifold's own (PROTOCOL.md): the group marker in admin items
  "urn:x-manifold:0": ["group"],
};
