// Case (a): a topic on Manifold, its copies expanded by the server (mod_manifold_multicast); case
// (p) the same topic on a second Manifold with delivery.expansion off, whose every copy is a stanza
// of its own (as before issue 18). The owner creates bench<N>@lists.localhost (case s names its own)
// by joining it (status 201, then the instant configuration), adds r1…rN as members through
// muc#admin (a few hundred items per IQ), and sends `groupchat` messages; Manifold sends each
// member a `chat` from the topic.
import { xml } from "@xmpp/client";
import type { Element } from "ltx";
import { StanzaErrorReply, type TestUser } from "../../spec/helpers/users.js";
import { LISTS_DOMAIN } from "../domains.js";
import type { Receiver } from "../receivers.js";
import { bodyOf } from "../tally.js";
import { ownerErrors, type Target } from "./target.js";

const ITEMS_PER_IQ = 250;
const SETUP_TIMEOUT_MS = 30_000;
const MUC_NS = "http://jabber.org/protocol/muc";
const MUC_USER_NS = "http://jabber.org/protocol/muc#user";

export const topicJid = (n: number): string => `bench${n}@${LISTS_DOMAIN}`;

const statusCodes = (el: Element): string[] =>
  el
    .getChild("x", MUC_USER_NS)
    ?.getChildren("status")
    .map((s) => s.attrs.code ?? "") ?? [];

export async function topicTarget(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
  room = topicJid(n),
  key: "a" | "p" = "a",
): Promise<Target> {
  const occupant = `${room}/owner`;
  const self = owner.waitFor(
    (el) =>
      el.name === "presence" &&
      el.attrs.from === occupant &&
      (el.attrs.type === "error" || statusCodes(el).includes("110")),
    { timeout: SETUP_TIMEOUT_MS },
  );
  await owner.send(xml("presence", { to: occupant }, xml("x", { xmlns: MUC_NS })));
  const joined = await self;
  if (joined.attrs.type === "error") throw new Error(`joining ${occupant} answered ${joined.toString()}`);
  if (statusCodes(joined).includes("201")) {
    const form = xml("x", { xmlns: "jabber:x:data", type: "submit" });
    await iq(owner, room, xml("query", { xmlns: `${MUC_NS}#owner` }, form), "the instant configuration");
  }
  for (let start = 0; start < n; start += ITEMS_PER_IQ) {
    const items = receivers
      .slice(start, Math.min(n, start + ITEMS_PER_IQ))
      .map((r) => xml("item", { affiliation: "member", jid: r.bare }));
    await iq(
      owner,
      room,
      xml("query", { xmlns: `${MUC_NS}#admin` }, ...items),
      `adding members ${start + 1}…`,
    );
  }
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

async function iq(owner: TestUser, to: string, query: Element, what: string): Promise<void> {
  try {
    await owner.iq(xml("iq", { type: "set", to }, query), SETUP_TIMEOUT_MS);
  } catch (err) {
    const answer = err instanceof StanzaErrorReply ? err.stanza.toString() : (err as Error).message;
    throw new Error(`${to}: ${what} answered ${answer}`, { cause: err });
  }
}
