// Case (s), the rooms: where the owner types. A topic on Manifold (created as case a's, named
// states<N>@lists.localhost) whose members have also accepted its presence subscription, so that
// Manifold knows them to be online: it relays chat states to online members only, and a bound
// that left nothing to relay would prove nothing. And a room of the server's own MUC
// (states<N>@muc.localhost, set up as case b's), which broadcasts every state to every occupant.
// The owner sends standalone states as groupchat; a body sent after them, seen reflected to the
// owner and delivered to every receiver, marks the end of a phase without sleeping.
import { xml } from "@xmpp/client";
import type { Element } from "ltx";
import type { TestUser } from "../../spec/helpers/users.js";
import { LISTS_DOMAIN, MUC_DOMAIN } from "../domains.js";
import { nextStanza, type Receiver } from "../receivers.js";
import { mucTarget } from "./muc.js";
import { topicTarget } from "./topic.js";

export const CHAT_STATES_NS = "http://jabber.org/protocol/chatstates";
/** chatStates.maxRecipients in config/default.yaml, which the benchmark leaves as it is. */
export const STATE_BOUND = 50;
/** Generous: 1000 members accept the subscription and show as online in about 3 s here. */
const ONLINE_TIMEOUT_MS = 120_000;
const BATCH = 50;

/** Alternating states, so that no state repeats the one before (repeats may be coalesced). */
export const stateAt = (seq: number): string => (seq % 2 === 0 ? "composing" : "paused");

export interface TypingRoom {
  /** For the report: "topic", "control" (a topic within the bound) or "muc". */
  kind: "topic" | "control" | "muc";
  jid: string;
  /** Receivers r1…rN are members (topics) or occupants (MUC). */
  n: number;
  /** Chat-state deliveries each state should make: 0 above the bound, N within it and in a MUC. */
  expectedPerState: number;
  /** Sends one state alone into the room; resolves once it is written to the socket. */
  type(state: string): Promise<void>;
  /** Sends a body into the room; resolves when the room reflects it to the owner. */
  mark(body: string, timeoutMs: number): Promise<void>;
  /** Undoes what the set-up left in the receivers' rosters (topics: the subscription). */
  release(): Promise<void>;
}

function typingRoom(
  owner: TestUser,
  kind: TypingRoom["kind"],
  jid: string,
  n: number,
  expectedPerState: number,
  release: () => Promise<void> = () => Promise.resolve(),
): TypingRoom {
  owner.drain();
  return {
    release,
    kind,
    jid,
    n,
    expectedPerState,
    type: (state) =>
      owner.send(xml("message", { to: jid, type: "groupchat" }, xml(state, { xmlns: CHAT_STATES_NS }))),
    async mark(body, timeoutMs) {
      const reflected = owner.waitFor(
        (el) => el.name === "message" && el.attrs.type === "groupchat" && el.getChildText("body") === body,
        { timeout: timeoutMs },
      );
      await owner.send(xml("message", { to: jid, type: "groupchat" }, xml("body", {}, body)));
      await reflected;
      // The reflections of the states (if the room sends them) are of no further use.
      owner.drain();
    },
  };
}

/** A topic of N members, all online as far as Manifold knows (they accepted its subscription). */
export async function statesTopic(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
): Promise<TypingRoom> {
  const jid = `states${n}@${LISTS_DOMAIN}`;
  const members = receivers.slice(0, n);
  // Listen before the members are added: Manifold asks each for subscription as it adds them.
  const asked = members.map((r) => nextStanza(r, isSubscribe(jid), ONLINE_TIMEOUT_MS));
  for (const request of asked) request.catch(() => undefined); // awaited below, unless set-up fails
  await topicTarget(owner, receivers, n, jid);
  // Only now (the owner has seen every member added, without presence): each available presence
  // from the topic's occupants from here on is a member whom Manifold now knows to be online.
  owner.drain();
  const online = availableOccupants(owner, jid, n, ONLINE_TIMEOUT_MS);
  try {
    for (let start = 0; start < n; start += BATCH) {
      await Promise.all(
        members.slice(start, start + BATCH).map(async (r, i) => {
          await asked[start + i];
          // Prosody then records the subscription and sends the member's presence to the topic.
          await r.xmpp.send(xml("presence", { to: jid, type: "subscribed" }));
        }),
      );
    }
    await online;
  } catch (err) {
    online.catch(() => undefined);
    throw err;
  }
  const kind = n > STATE_BOUND ? "topic" : "control";
  return typingRoom(owner, kind, jid, n, kind === "topic" ? 0 : n, () => unsubscribeAll(members, jid));
}

/**
 * Each member removes the topic from its roster (Prosody answers once its roster is updated).
 * Left subscribed, a member's logout sends its presence to the topic; with Manifold stopped by
 * then, Prosody bounces it to the closing session, which @xmpp/client 0.14 can crash on.
 */
async function unsubscribeAll(members: readonly Receiver[], topic: string): Promise<void> {
  const id = `unsubscribe-${topic}`;
  const removal = async (r: Receiver) => {
    const answer = nextStanza(r, (el) => el.name === "iq" && el.attrs.id === id, ONLINE_TIMEOUT_MS);
    const item = xml("item", { jid: topic, subscription: "remove" });
    await r.xmpp.send(xml("iq", { type: "set", id }, xml("query", { xmlns: "jabber:iq:roster" }, item)));
    const result = await answer;
    if (result.attrs.type !== "result")
      throw new Error(`${r.bare}: removing ${topic} answered ${String(result)}`);
  };
  for (let start = 0; start < members.length; start += BATCH) {
    await Promise.all(members.slice(start, start + BATCH).map(removal));
  }
}

/**
 * A room of the server's MUC with N occupants: case b's own room when it ran at this N (1000 entries
 * take Prosody about a minute), else one set up the same way under another name.
 */
export async function statesMuc(
  owner: TestUser,
  receivers: readonly Receiver[],
  n: number,
  caseB: string | undefined,
): Promise<TypingRoom> {
  const jid = caseB ?? `states${n}@${MUC_DOMAIN}`;
  if (!caseB) await mucTarget(owner, receivers, n, jid);
  return typingRoom(owner, "muc", jid, n, n);
}

const isSubscribe = (topic: string) => (el: Element) =>
  el.name === "presence" && el.attrs.type === "subscribe" && el.attrs.from === topic;

/** Resolves once the owner has seen `n` distinct occupants of `room` become available. */
function availableOccupants(owner: TestUser, room: string, n: number, timeoutMs: number): Promise<void> {
  const seen = new Set<string>();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      owner.xmpp.off("stanza", listener);
      owner.drain();
      if (err) reject(err);
      else resolve();
    };
    const listener = (el: Element) => {
      const from = el.attrs.from;
      if (el.name !== "presence" || el.attrs.type !== undefined || typeof from !== "string") return;
      if (!from.startsWith(`${room}/`) || from === `${room}/owner`) return;
      seen.add(from);
      if (seen.size === n) done();
    };
    const timer = setTimeout(
      () => done(new Error(`${room}: ${seen.size} of ${n} members online within ${timeoutMs} ms`)),
      timeoutMs,
    );
    owner.xmpp.on("stanza", listener);
  });
}

/**
 * Counts, at every receiver, each message that carries anything in the chat-states namespace,
 * whoever it comes from: a state that escapes the bound by any path is counted.
 */
export class StateCounter {
  total = 0;
  readonly perReceiver: Uint32Array;
  private readonly stops: (() => void)[];

  constructor(receivers: readonly Receiver[]) {
    this.perReceiver = new Uint32Array(receivers.length);
    this.stops = receivers.map((r) => {
      const listener = (el: Element) => {
        if (el.name !== "message") return;
        if (!el.getChildElements().some((c) => c.attrs.xmlns === CHAT_STATES_NS)) return;
        this.total++;
        this.perReceiver[r.index]!++;
      };
      r.xmpp.on("stanza", listener);
      return () => r.xmpp.off("stanza", listener);
    });
  }

  reset(): void {
    this.total = 0;
    this.perReceiver.fill(0);
  }

  stop(): void {
    for (const stop of this.stops) stop();
  }
}
