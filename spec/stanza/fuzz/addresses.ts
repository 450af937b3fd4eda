// Addresses for `to`, `from` and JIDs inside payloads: every kind Manifold has to tell apart
// (services, rooms, occupants, topics, topic members, rooms that do not exist) and JIDs that are
// not valid at all. `to` keeps to Manifold's two domains, as the server routes only those to it;
// `from` is anyone the server delivers for (users local and remote, servers), or, apart, one of
// Manifold's own addresses: what the server hands back when Manifold writes to itself.
import fc from "fast-check";
import {
  FRED,
  GROUPS,
  LISTS,
  MALLORY,
  MANIFOLD_DOMAINS,
  NOWHERE,
  OCCUPANTS,
  REMOTE,
  ROOMS,
  SERVER,
  SERVICES,
  TOPICS,
  USERS,
  bareOf,
} from "./cast.js";
import { oddity, word } from "./strings.js";
import { parseJid } from "../../../src/xmpp/jid.js";

const long = (n: number) => "x".repeat(n);

/** Not JIDs, or JIDs just past a limit (RFC 7622: each part at most 1023 bytes). */
export const invalidJid = fc.constantFrom(
  "",
  "@",
  "/",
  "@/",
  `@${GROUPS}`,
  `tea@@${GROUPS}`,
  `${GROUPS}/`,
  `tea@${GROUPS}/`,
  `${long(1024)}@${GROUPS}`,
  `tea@${GROUPS}/${long(1024)}`,
  `${long(1024)}.${GROUPS}`,
  `te a@${GROUPS}`,
  `te"a@${GROUPS}`,
  `te<a@${GROUPS}`,
  `te&a@${GROUPS}`,
  `te:a@${GROUPS}`,
  `te'a@${GROUPS}`,
  "bob@local host",
  "bob@",
  ` ${GROUPS}`,
);

/** Valid but unusual spellings: case, a trailing dot, oddities and long (legal) parts. */
const oddButValid = fc.oneof(
  fc.constantFrom(
    `TEA@${GROUPS}`,
    `Tea@GROUPS.localhost`,
    `tea@${GROUPS}.`,
    `BADMINTON@${LISTS}`,
    `${long(1023)}@${GROUPS}`,
  ),
  fc.tuple(oddity, fc.constantFrom(GROUPS, LISTS)).map(([o, d]) => `tea${o}@${d}`),
  fc.tuple(fc.constantFrom(...ROOMS, ...TOPICS), oddity).map(([r, o]) => `${r}/Bob${o}`),
  fc.constantFrom(...ROOMS, ...TOPICS).map((r) => `${r}/${long(1023)}`),
);

/** Where a stanza to Manifold can be addressed. */
export const toAddress = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SERVICES) },
  { weight: 6, arbitrary: fc.constantFrom(...ROOMS, ...TOPICS) },
  { weight: 5, arbitrary: fc.constantFrom(...OCCUPANTS) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...ROOMS, ...TOPICS, ...NOWHERE), word).map(([r, n]) => `${r}/${n}`),
  },
  { weight: 2, arbitrary: fc.constantFrom(...NOWHERE) },
  { weight: 1, arbitrary: fc.constantFrom(`${GROUPS}/res`, `${LISTS}/res`) },
  { weight: 1, arbitrary: oddButValid },
  { weight: 1, arbitrary: invalidJid },
);

/** Users' addresses spelled oddly: case, a trailing dot, invisible characters, a 1023-byte resource. */
const oddUser = fc.oneof(
  fc.constantFrom(
    "BOB@localhost/laptop",
    "Alice@LOCALHOST/phone",
    "bob@localhost./laptop",
    `bob@localhost/${long(1023)}`,
  ),
  oddity.map((o) => `bob${o}@localhost/r`),
  oddity.map((o) => `alice@localhost/phone${o}`),
);

/** Who a stanza to Manifold can come from: anyone the server would deliver for (it stamps
 * `from`, so never one of Manifold's own addresses: `ownAddress` has those), or an invalid JID. */
export const fromAddress = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...USERS) },
  { weight: 2, arbitrary: fc.constantFrom(...USERS.map(bareOf)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("alice@localhost/tablet", "bob@localhost/phone", "zed@localhost/r"),
  },
  { weight: 2, arbitrary: fc.constantFrom(MALLORY, FRED, bareOf(FRED), `someone@${REMOTE}`) },
  { weight: 1, arbitrary: fc.constantFrom(SERVER, REMOTE, `${SERVER}/admin`) },
  { weight: 1, arbitrary: oddUser },
  { weight: 1, arbitrary: invalidJid },
);

/** Manifold's own addresses (services, rooms, topics, occupants, odd spellings of them): only
 * Manifold itself can send from these, so the server hands back only what Manifold sent. */
export const ownAddress = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SERVICES, ...ROOMS, ...TOPICS, ...OCCUPANTS) },
  { weight: 1, arbitrary: oddButValid },
);

/** Is this one of Manifold's addresses (a valid JID on one of its domains)? */
export function isOwnAddress(jid: string | undefined): boolean {
  const parsed = parseJid(jid);
  return !!parsed && MANIFOLD_DOMAINS.includes(parsed.domain);
}

/** A JID written inside a payload (an item, an invitation, a form field). */
export const payloadJid = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(...USERS.map(bareOf), bareOf(MALLORY), bareOf(FRED), "zed@localhost"),
  },
  { weight: 4, arbitrary: fc.constantFrom(...ROOMS, ...TOPICS, ...NOWHERE) },
  { weight: 2, arbitrary: fc.constantFrom(...USERS, ...OCCUPANTS) },
  { weight: 1, arbitrary: fc.constantFrom(...SERVICES, SERVER, REMOTE) },
  { weight: 1, arbitrary: oddButValid },
  { weight: 2, arbitrary: invalidJid },
);
