// Mutations of valid stanzas: each picks an element by its position in document order (modulo the
// number of elements) and drops or duplicates it, renames it, changes its namespace, an attribute
// or its text, inserts a child, or changes the stanza's kind, type or addresses. Several applied in
// a row give stanzas that are almost right, where bugs hide.
import fc from "fast-check";
import { parseJid } from "../../../src/xmpp/jid.js";
import { parseXml, xml, type Element } from "../../../src/xmpp/xml.js";
import { MANIFOLD_DOMAINS } from "./cast.js";
import { fromAddress, ownAddress, payloadJid, toAddress } from "./addresses.js";
import { anyType } from "./draft.js";
import { FORM_TYPES } from "./forms.js";
import { NS } from "./payloads-iq.js";
import { bodyText, numberText, word } from "./strings.js";
import { GROUPS_CORPUS } from "./corpus-groups.js";
import type { CorpusEntry } from "./corpus-build.js";
import { TOPICS_CORPUS } from "./corpus-topics.js";
import { fuzzStanza } from "./arbitraries.js";

export const CORPUS: readonly CorpusEntry[] = [...GROUPS_CORPUS, ...TOPICS_CORPUS];

const NAMESPACES = [
  ...Object.values(NS),
  "http://jabber.org/protocol/muc",
  "http://jabber.org/protocol/muc#user",
  "jabber:x:data",
  "jabber:x:conference",
  "urn:xmpp:ping",
  "vcard-temp",
  "http://jabber.org/protocol/chatstates",
  "http://jabber.org/protocol/address",
  "urn:xmpp:receipts",
  "urn:xmpp:chat-markers:0",
  "urn:x-manifold:0",
  "",
];
const NAMES = [
  "query",
  "x",
  "item",
  "field",
  "value",
  "body",
  "command",
  "invite",
  "decline",
  "destroy",
  "set",
  "max",
  "history",
  "error",
  "address",
];
const ATTRIBUTES = [
  "type",
  "id",
  "node",
  "affiliation",
  "role",
  "jid",
  "nick",
  "action",
  "sessionid",
  "var",
  "to",
  "from",
  "code",
  "maxstanzas",
  "maxchars",
  "since",
  "by",
  "queryid",
];
const FRAGMENTS = [
  xml("item", { affiliation: "owner", jid: "mallory@remote.example" }),
  xml("item", { role: "moderator", nick: "Bob" }),
  xml("field", { var: "FORM_TYPE" }, xml("value", {}, FORM_TYPES[0])),
  xml("field", { var: "muc#roomconfig_persistentroom" }, xml("value", {}, "0")),
  xml("invite", { to: "alpha@groups.localhost" }),
  xml("x", { xmlns: "http://jabber.org/protocol/muc" }),
  xml("body", {}, "extra"),
  xml("destroy"),
  xml("remove"),
];

export type Mutation =
  | { op: "drop" | "duplicate"; at: number }
  | { op: "rename"; at: number; name: string }
  | { op: "xmlns"; at: number; ns: string }
  | { op: "attr"; at: number; name: string; value: string | undefined }
  | { op: "text"; at: number; value: string }
  | { op: "insert"; at: number; fragment: number }
  | { op: "kind"; name: string }
  | { op: "type"; value: string | undefined }
  | { op: "from"; value: string }
  | { op: "to"; value: string };

const at = fc.nat({ max: 60 });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom("drop" as const, "duplicate" as const), at }),
  fc.record({ op: fc.constant("rename" as const), at, name: fc.constantFrom(...NAMES) }),
  fc.record({ op: fc.constant("xmlns" as const), at, ns: fc.oneof(fc.constantFrom(...NAMESPACES), word) }),
  fc.record({
    op: fc.constant("attr" as const),
    at,
    name: fc.constantFrom(...ATTRIBUTES),
    value: fc.option(fc.oneof(word, numberText, payloadJid), { nil: undefined }),
  }),
  fc.record({
    op: fc.constant("text" as const),
    at,
    value: fc.oneof(word, bodyText, payloadJid, numberText),
  }),
  fc.record({ op: fc.constant("insert" as const), at, fragment: fc.nat({ max: FRAGMENTS.length - 1 }) }),
  fc.record({ op: fc.constant("kind" as const), name: fc.constantFrom("iq", "message", "presence") }),
  fc.record({
    op: fc.constant("type" as const),
    value: fc.oneof(anyType("iq"), anyType("message"), anyType("presence")),
  }),
  fc.record({ op: fc.constant("from" as const), value: fromAddress }),
  fc.record({ op: fc.constant("to" as const), value: toAddress }),
);

function elements(root: Element): Element[] {
  const all: Element[] = [root];
  for (let i = 0; i < all.length; i++) all.push(...all[i]!.getChildElements());
  return all;
}

function apply(root: Element, m: Mutation): void {
  const all = elements(root);
  const target = "at" in m ? all[m.at % all.length]! : root;
  // A root in another namespace is no stanza at all: the server closes the stream on it.
  if (m.op === "xmlns" && target === root) return;
  const parent = target.parent;
  switch (m.op) {
    case "drop":
      if (parent) parent.remove(target);
      return;
    case "duplicate":
      if (parent) parent.append(parseXml(target.toString()));
      return;
    case "rename":
    case "kind":
      target.name = m.name;
      return;
    case "xmlns":
      target.attrs.xmlns = m.ns;
      return;
    case "attr":
      if (m.value === undefined) delete target.attrs[m.name];
      else target.attrs[m.name] = m.value;
      return;
    case "text":
      target.children = [m.value];
      return;
    case "insert":
      target.append(parseXml(FRAGMENTS[m.fragment]!.toString()));
      return;
    case "type":
      if (m.value === undefined) delete root.attrs.type;
      else root.attrs.type = m.value;
      return;
    case "from":
    case "to":
      root.attrs[m.op] = m.value;
      return;
  }
}

/** The corpus entry with the mutations applied, as XML text (from `from` when given). A `to` that
 * ends up on another domain goes back to the entry's: the server routes only Manifold's to it. */
export function mutate(entry: CorpusEntry, mutations: readonly Mutation[], from?: string): string {
  const root = parseXml(entry.xml);
  for (const m of mutations) apply(root, m);
  const to = parseJid(root.attrs.to);
  if (to && !MANIFOLD_DOMAINS.includes(to.domain)) root.attrs.to = parseXml(entry.xml).attrs.to;
  if (from !== undefined) root.attrs.from = from;
  return root.toString();
}

export const corpusEntry = fc.constantFrom(...CORPUS);

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

/** A valid stanza from the corpus with one to four mutations. */
export const mutatedStanza = fc
  .tuple(corpusEntry, mutations)
  .map(([entry, ms]) => fuzzStanza(`mutated ${entry.route}`, mutate(entry, ms)));

/** The same, as if one of Manifold's own addresses had sent it. */
export const mutatedFromManifold = fc
  .tuple(corpusEntry, mutations, ownAddress)
  .map(([entry, ms, from]) => fuzzStanza(`mutated ${entry.route} from Manifold`, mutate(entry, ms, from)));
