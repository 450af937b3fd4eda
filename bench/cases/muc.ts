// Case (b): the server's own MUC (Prosody's, or ejabberd's mod_muc). The owner creates room
// bench<N>@muc.localhost (case s may name another; unlocked, no history, only moderators' presence
// broadcast: see prosody-lean.ts and ejabberd-lean.ts), the N receivers join as occupants, and the
// owner's groupchat messages are broadcast by the server to all.
import { xml } from "@xmpp/client";
import type { Element } from "ltx";
import type { TestUser } from "../../spec/helpers/users.js";
import { MUC_DOMAIN } from "../domains.js";
import { nextStanza, type Receiver } from "../receivers.js";
import { bodyOf } from "../tally.js";
import { ownerErrors, type Target } from "./target.js";

const JOIN_BATCH = 50;
const JOIN_TIMEOUT_MS = 30_000;
const MUC_NS = "http://jabber.org/protocol/muc";
const MUC_USER_NS = "http://jabber.org/protocol/muc#user";

const isSelfPresence = (occupant: string) => (el: Element) =>
  el.name === "presence" &&
  el.attrs.from === occupant &&
  (el.attrs.type === "error" ||
    (el
      .getChild("x", MUC_USER_NS)
      ?.getChildren("status")
      .some((s) => s.attrs.code === "110") ??
      false));

export const mucJid = (n: number): string => `bench${n}@${MUC_DOMAIN}`;

function joinStanza(occupant: string): Element {
  return xml("presence", { to: occupant }, xml("x", { xmlns: MUC_NS }, xml("history", { maxstanzas: "0" })));
}

export async function mucTarget(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
  room = mucJid(n),
): Promise<Target> {
  const ownerJoin = owner.waitFor(isSelfPresence(`${room}/owner`), { timeout: JOIN_TIMEOUT_MS });
  await owner.send(joinStanza(`${room}/owner`));
  const joined = await ownerJoin;
  if (joined.attrs.type === "error") throw new Error(`owner could not create ${room}: ${joined.toString()}`);
  for (let start = 0; start < n; start += JOIN_BATCH) {
    await Promise.all(receivers.slice(start, Math.min(n, start + JOIN_BATCH)).map((r) => join(r, room)));
  }
  owner.drain();
  return {
    key: "b",
    n,
    send(run, seq) {
      const body = bodyOf(run, seq, performance.now());
      return owner.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, body)));
    },
    diagnose: () => ownerErrors(owner),
    drain: () => owner.drain(),
  };
}

async function join(receiver: Receiver, room: string): Promise<void> {
  const occupant = `${room}/${receiver.bare.split("@")[0]!}`;
  const self = nextStanza(receiver, isSelfPresence(occupant), JOIN_TIMEOUT_MS);
  await receiver.xmpp.send(joinStanza(occupant));
  const answer = await self;
  if (answer.attrs.type === "error")
    throw new Error(`${receiver.bare} could not join ${room}: ${answer.toString()}`);
}
