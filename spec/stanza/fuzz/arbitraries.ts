// The stanza generators the fuzz specs draw from. A stanza is a draft (payloads-*.ts: a payload with
// the kind, type and addressee it belongs to) plus a sender, an id and decorations; sometimes the
// type or addressee is swapped for any other, so payloads also arrive where they make no sense.
//
// Coverage, by what a generated stanza can be (see each module for the detail):
// - kinds and types: iq get/set/result/error, message chat/groupchat/normal/headline/error/none,
//   presence available/unavailable/subscribe/subscribed/unsubscribe/unsubscribed/probe/error,
//   plus no type and nonsense types (draft.ts);
// - addressees (addresses.ts): both services, rooms, topics, occupants, topic members, rooms and
//   topics that do not exist, invalid JIDs (empty, "@", "/", parts over 1023 bytes, forbidden
//   characters), unicode oddities, case and trailing-dot spellings;
// - senders: local users (joined sessions, other resources, bare, odd spellings), unknown local
//   users, remote users and domains, the server, invalid JIDs; and apart (stanzaFromManifold),
//   Manifold's own service, room, topic and occupant JIDs, as when it writes to itself;
// - payloads: disco#info/#items and command nodes, ping, version, vCard, register (forms, remove,
//   legacy fields), MAM (forms, RSM with bad max/after/before/index, bad dates), muc#admin items
//   (wrong affiliations and roles, missing JIDs), muc#owner forms and destroy, XEP-0050 commands
//   (every node, bad actions and session ids, broken forms: forms.ts), bodies with the text
//   commands of both services, subjects, chat states, receipts, markers, XEP-0033 addresses,
//   invitations and declines, direct invitations, registration and group-request answers, spoofed
//   stanza-ids/occupant-ids, bounces with and without conditions, MUC joins with bad history
//   attributes, presence updates, subscriptions and probes (payloads-iq/-message/-presence.ts);
// - huge payloads (payloads-big.ts): 10,000-item admin lists, forms with thousands of values,
//   thousands of addresses or invitations, elements 1000 deep, 70 kB text, 1000 attributes;
// - decorations here: extra attributes (xml:lang among them), unknown children, nesting;
// - mutations of a corpus of valid stanzas, one per route (corpus-*.ts, mutate.ts).
import fc from "fast-check";
import { fromAddress, ownAddress, toAddress } from "./addresses.js";
import { anyType, type Draft } from "./draft.js";
import { iqDraft } from "./payloads-iq.js";
import { messageDraft } from "./payloads-message.js";
import { presenceDraft } from "./payloads-presence.js";
import { el } from "./xml-text.js";
import { word } from "./strings.js";

/** A stanza ready to send, with what it is for reports and coverage. */
export interface FuzzStanza {
  family: string;
  xml: string;
}

const PRINTED_CHARS = 2000;

/** A FuzzStanza that fast-check prints as its XML, cut short when huge (the seed replays it whole). */
export function fuzzStanza(family: string, xml: string): FuzzStanza {
  const printed = xml.length > PRINTED_CHARS ? `${xml.slice(0, PRINTED_CHARS)}… (${xml.length} chars)` : xml;
  return { family, xml, [fc.toStringMethod]: () => `${family}: ${printed}` } as FuzzStanza;
}

export const stanzaId = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `f-${s}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom("", "say", "cfg", "s1"), word) },
);

const extraAttributes = fc.dictionary(
  fc.constantFrom("xml:lang", "foo", "by", "node", "code", "ver"),
  fc.oneof(word, fc.constant("")),
  { maxKeys: 3 },
);

const junkChild = fc.oneof(
  fc.constant(el("x", { xmlns: "urn:example:unknown" })),
  fc.constant(el("body")),
  word.map((n) => el("x", { xmlns: n })),
  fc.integer({ min: 2, max: 60 }).map((depth) => "<n>".repeat(depth) + "</n>".repeat(depth)),
);

/** Mostly nothing, now and then `arbitrary`. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const decorations = fc.record({ attrs: rarely(extraAttributes), junk: rarely(junkChild) });

export interface Misdirection {
  type?: string | undefined;
  to?: string;
}

/** Rarely, the draft's type (any kind's, or none) or addressee is replaced by any other. */
const misdirection: fc.Arbitrary<Misdirection> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.oneof(anyType("iq"), anyType("message"), anyType("presence")).map((type) => ({ type })),
  },
  { weight: 1, arbitrary: toAddress.map((to) => ({ to })) },
);

/** Turns a draft and its sender into stanza text. */
export function render(
  draft: Draft,
  from: string,
  id: string | undefined,
  extra: { attrs?: Record<string, string> | undefined; junk?: string | undefined; mis?: Misdirection } = {},
): FuzzStanza {
  const type = extra.mis && "type" in extra.mis ? extra.mis.type : draft.type;
  const to = extra.mis?.to ?? draft.to;
  const xml = el(draft.kind, { ...extra.attrs, type, from, to, id }, ...draft.children, extra.junk);
  return fuzzStanza(draft.family, xml);
}

export const anyDraft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 4, arbitrary: iqDraft },
  { weight: 4, arbitrary: messageDraft },
  { weight: 3, arbitrary: presenceDraft },
);

const stanzaFrom = (from: fc.Arbitrary<string>, family = "") =>
  fc
    .record({ draft: anyDraft, from, id: stanzaId, deco: decorations, mis: misdirection })
    .map(({ draft, from, id, deco, mis }) => {
      const stanza = render(draft, from, id, { ...deco, mis });
      return fuzzStanza(stanza.family + family, stanza.xml);
    });

/** Any stanza of any kind, from anyone, to any of Manifold's addresses (or an invalid one). */
export const anyStanza: fc.Arbitrary<FuzzStanza> = stanzaFrom(fromAddress);

/** Any stanza as if Manifold had sent it to itself (from one of its own addresses). */
export const stanzaFromManifold: fc.Arbitrary<FuzzStanza> = stanzaFrom(ownAddress, " from Manifold");
