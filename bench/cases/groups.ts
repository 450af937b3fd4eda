// Rooms on groups.localhost for cases (g) and (n): the owner creates a room by joining it and
// submits its configuration, sets affiliations through muc#admin (a few hundred items per IQ), and
// receivers enter it themselves. A room on groups.* broadcasts every occupant's presence to every
// other (XEP-0045), so N receivers entering costs O(N²) presence stanzas: hence the long timeout.
import { xml } from "@xmpp/client";
import type { Element } from "ltx";
import { StanzaErrorReply, type TestUser } from "../../spec/helpers/users.js";
import { GROUPS_DOMAIN } from "../domains.js";
import { nextStanza, type Receiver } from "../receivers.js";
import { bodyOf } from "../tally.js";
import { ownerErrors, type CaseKey, type Target } from "./target.js";

const ITEMS_PER_IQ = 250;
const JOIN_BATCH = 50;
const SETUP_TIMEOUT_MS = 30_000;
/** One batch of entries into a room of 1000 moves ~100,000 presence stanzas through Prosody. */
const JOIN_TIMEOUT_MS = 180_000;
const MUC_NS = "http://jabber.org/protocol/muc";
const MUC_USER_NS = "http://jabber.org/protocol/muc#user";

export const groupJid = (local: string): string => `${local}@${GROUPS_DOMAIN}`;

/** Both benchmark rooms that receivers enter (g's room and n's outer room) are configured alike. */
export const BENCH_ROOM_CONFIG = {
  "muc#roomconfig_persistentroom": "1",
  "muc#roomconfig_membersonly": "1",
} as const;

const statusCodes = (el: Element): string[] =>
  el
    .getChild("x", MUC_USER_NS)
    ?.getChildren("status")
    .map((s) => s.attrs.code ?? "") ?? [];

/** The self-presence (110) from `room`, or an error; the nick may have been rewritten (nesting: 210). */
const isSelfPresence = (room: string) => (el: Element) =>
  el.name === "presence" &&
  typeof el.attrs.from === "string" &&
  el.attrs.from.startsWith(`${room}/`) &&
  (el.attrs.type === "error" || statusCodes(el).includes("110"));

async function iq(owner: TestUser, to: string, query: Element, what: string): Promise<void> {
  try {
    await owner.iq(xml("iq", { type: "set", to }, query), SETUP_TIMEOUT_MS);
  } catch (err) {
    const answer = err instanceof StanzaErrorReply ? err.stanza.toString() : (err as Error).message;
    throw new Error(`${to}: ${what} answered ${answer}`, { cause: err });
  }
}

/** The owner creates `room` by entering it as "owner" and submits `fields` as its configuration. */
export async function createRoom(
  owner: TestUser,
  room: string,
  fields: Record<string, string>,
): Promise<void> {
  const occupant = `${room}/owner`;
  const self = owner.waitFor(isSelfPresence(room), { timeout: SETUP_TIMEOUT_MS });
  await owner.send(xml("presence", { to: occupant }, xml("x", { xmlns: MUC_NS })));
  const joined = await self;
  if (joined.attrs.type === "error") throw new Error(`creating ${room} answered ${joined.toString()}`);
  if (!statusCodes(joined).includes("201")) throw new Error(`${room} already existed`);
  const form = xml(
    "x",
    { xmlns: "jabber:x:data", type: "submit" },
    xml("field", { var: "FORM_TYPE", type: "hidden" }, xml("value", {}, `${MUC_NS}#roomconfig`)),
    ...Object.entries(fields).map(([name, value]) => xml("field", { var: name }, xml("value", {}, value))),
  );
  await iq(owner, room, xml("query", { xmlns: `${MUC_NS}#owner` }, form), "the configuration");
}

/** Gives every JID in `jids` `affiliation` in `room` (bulk muc#admin items, ITEMS_PER_IQ per IQ). */
export async function affiliate(
  owner: TestUser,
  room: string,
  jids: readonly string[],
  affiliation = "member",
): Promise<void> {
  for (let start = 0; start < jids.length; start += ITEMS_PER_IQ) {
    const items = jids.slice(start, start + ITEMS_PER_IQ).map((jid) => xml("item", { affiliation, jid }));
    const what = `${affiliation} items ${start + 1}…${start + items.length} (${items.length === 1 ? jids[start] : "bulk"})`;
    await iq(owner, room, xml("query", { xmlns: `${MUC_NS}#admin` }, ...items), what);
  }
}

export interface Entered {
  /** Receiver index → the occupant JID its self-presence came from (nesting rewrites the nick). */
  selves: Map<number, string>;
  /** For each watched receiver (by index), the occupant JIDs it saw present once all had entered. */
  seen: Map<number, Set<string>>;
}

/** Every receiver enters `room` under its own name, JOIN_BATCH at a time, without history. */
export async function enterAll(
  receivers: readonly Receiver[],
  room: string,
  watch: readonly Receiver[] = [],
): Promise<Entered> {
  const selves = new Map<number, string>();
  const seen = new Map(watch.map((r) => [r.index, new Set<string>()]));
  const listeners = watch.map((r) => {
    const present = seen.get(r.index)!;
    const listener = (el: Element) => {
      const from = el.attrs.from;
      if (el.name !== "presence" || typeof from !== "string" || !from.startsWith(`${room}/`)) return;
      if (el.attrs.type === "unavailable") present.delete(from);
      else if (el.attrs.type === undefined) present.add(from);
    };
    r.xmpp.on("stanza", listener);
    return () => r.xmpp.off("stanza", listener);
  });
  try {
    for (let start = 0; start < receivers.length; start += JOIN_BATCH) {
      await Promise.all(
        receivers
          .slice(start, start + JOIN_BATCH)
          .map(async (r) => selves.set(r.index, await enter(r, room))),
      );
    }
  } finally {
    for (const stop of listeners) stop();
  }
  return { selves, seen };
}

/** Enters; returns the occupant JID of the self-presence. */
async function enter(receiver: Receiver, room: string): Promise<string> {
  const occupant = `${room}/${receiver.bare.split("@")[0]!}`;
  const self = nextStanza(receiver, isSelfPresence(room), JOIN_TIMEOUT_MS);
  await receiver.xmpp.send(
    xml("presence", { to: occupant }, xml("x", { xmlns: MUC_NS }, xml("history", { maxstanzas: "0" }))),
  );
  const answer = await self;
  if (answer.attrs.type === "error")
    throw new Error(`${receiver.bare} could not enter ${room}: ${answer.toString()}`);
  return String(answer.attrs.from);
}

/** The owner (an occupant of `room`) sends groupchat messages to it; Manifold reflects them to all. */
export function roomTarget(key: CaseKey, owner: TestUser, room: string, n: number): Target {
  owner.drain();
  return {
    key,
    n,
    send(run, seq) {
      const body = bodyOf(run, seq, performance.now());
      return owner.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, body)));
    },
    diagnose: () => ownerErrors(owner),
    drain: () => owner.drain(),
  };
}
