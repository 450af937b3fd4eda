// Payloads meant to exhaust rather than confuse: 10,000-item admin lists, forms with thousands of
// values, thousands of XEP-0033 addresses or invitations, elements 1000 deep, huge text, many
// attributes. Each comes from a sender with the rights to make Manifold do the work. (Past
// `limits.maxStanzaBytes` Manifold refuses a stanza before reading it; 5001 items stay under it.)
import fc from "fast-check";
import {
  ALICE,
  BADMINTON,
  BOB,
  CLUB,
  LISTS,
  MALLORY,
  OCCUPANTS,
  ROOMS,
  SCRATCH,
  TEA,
  TOPICS,
} from "./cast.js";
import { hugeForm } from "./forms.js";
import { NS } from "./payloads-iq.js";
import { el, leaf } from "./xml-text.js";
import { hugeText } from "./strings.js";
import type { Draft, Kind } from "./draft.js";

export interface BigStanza {
  from: string;
  draft: Draft;
}

const big = (
  from: string,
  kind: Kind,
  type: string | undefined,
  to: string,
  payload: string[],
  what: string,
) => ({
  from,
  draft: { kind, type, to, children: payload, family: `${kind} big ${what}` },
});

const sizes = fc.constantFrom(1000, 5001, 10_000);
/** Short JIDs, so that thousands of them fit in one stanza. */
const userJid = (i: number) => `u${i}@localhost`;
const many = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

const bigAdmin = fc
  .record({
    from: fc.constantFrom(ALICE, ALICE, BOB, MALLORY),
    to: fc.constantFrom(TEA, CLUB, BADMINTON, SCRATCH),
    type: fc.constantFrom("set", "get"),
    n: sizes,
    affiliation: fc.constantFrom("member", "outcast", "none", "admin", "owner", "bogus", undefined),
    withJid: fc.boolean(),
  })
  .map(({ from, to, type, n, affiliation, withJid }) => {
    const item = (i: number) =>
      el("item", withJid || i % 2 ? { affiliation, jid: userJid(i) } : { affiliation, nick: `n${i}` });
    return big(from, "iq", type, to, [el("query", { xmlns: NS.admin }, ...many(n, item))], "muc#admin");
  });

const command = (node: string) => (form: string) =>
  el("command", { xmlns: NS.commands, node, sessionid: "s1" }, form);
const query = (xmlns: string) => (form: string) => el("query", { xmlns }, form);

const bigForm = fc
  .record({
    from: fc.constantFrom(ALICE, BOB),
    target: fc.constantFrom(
      { to: TEA, wrap: query(NS.owner) },
      { to: CLUB, wrap: command("pending-requests") },
      { to: LISTS, wrap: command("create") },
      { to: CLUB, wrap: query(NS.register) },
      { to: TEA, wrap: query(NS.mam) },
    ),
    form: hugeForm,
  })
  .map(({ from, target, form }) => big(from, "iq", "set", target.to, [target.wrap(form)], "form"));

const bigAddresses = fc
  .record({ n: sizes, type: fc.constantFrom("groupchat", "chat"), to: fc.constantFrom(BADMINTON, TEA) })
  .map(({ n, type, to }) => {
    const list = many(n, (i) => el("address", { type: "to", jid: userJid(i) }));
    const addresses = el("addresses", { xmlns: "http://jabber.org/protocol/address" }, ...list);
    return big(ALICE, "message", type, to, [addresses, leaf("body", "to many")], "addresses");
  });

const bigInvites = fc
  .record({ n: fc.constantFrom(1000, 5001), to: fc.constantFrom(BADMINTON, TEA, CLUB) })
  .map(({ n, to }) => {
    const invites = many(n, (i) => el("invite", { to: userJid(i) }));
    const x = el("x", { xmlns: "http://jabber.org/protocol/muc#user" }, ...invites);
    return big(ALICE, "message", "normal", to, [x], "invitations");
  });

const deep = (depth: number) => "<d>".repeat(depth) + "</d>".repeat(depth);

const deepOrWide = fc
  .record({
    from: fc.constantFrom(ALICE, BOB),
    kind: fc.constantFrom<Kind>("iq", "message", "presence"),
    to: fc.constantFrom(...ROOMS, ...TOPICS, ...OCCUPANTS, LISTS),
    shape: fc.constantFrom("deep", "attributes", "text", "children"),
    size: fc.constantFrom(100, 1000),
    text: hugeText,
  })
  .map(({ from, kind, to, shape, size, text }) => {
    const payload =
      shape === "deep"
        ? el("query", { xmlns: NS.discoInfo }, deep(size))
        : shape === "attributes"
          ? el("query", Object.fromEntries(many(size, (i) => [`a${i}`, "v"])))
          : shape === "text"
            ? leaf("body", text)
            : el("x", { xmlns: "urn:example:junk" }, ...many(size * 10, () => el("y")));
    const type = kind === "iq" ? "get" : kind === "message" ? "groupchat" : undefined;
    return big(from, kind, type, to, [payload], shape);
  });

/** A stanza with a huge payload, and who sends it. */
export const bigStanza: fc.Arbitrary<BigStanza> = fc.oneof(
  bigAdmin,
  bigForm,
  bigAddresses,
  bigInvites,
  deepOrWide,
);
