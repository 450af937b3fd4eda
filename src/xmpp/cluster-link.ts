// One component domain over several connections, one to each node of an ejabberd cluster
// (server.nodes; docs/operations.md, "An ejabberd cluster"). ejabberd hands a stanza for the
// domain to whichever connection it likes (its global routes; a node prefers its own), so every
// connection feeds the same router. What Manifold sends is spread over the connections that are
// up, each recipient always through the same one while it stays up (rendezvous hashing), so one
// recipient's messages keep their order and a node's loss moves only its own share.
//
// A server confirms only what came through the connection a ping goes on (fanout.ts): a ping is
// sent on every connection that is up, and answers only when all of them answered. A connection
// that drops counts as a reconnect of the whole link: the fan-out pass starts over from its
// confirmed marks and sends the rest through the connections still up.
import type { Log } from "../core/log.js";
import type { Link } from "./link.js";
import { NS } from "./ns.js";
import { parseXml, type Element } from "./xml.js";

/** A connection the cluster link is made of (ComponentConnection). */
export interface MemberLink extends Link {
  on(event: "online" | "offline", listener: () => void): unknown;
  off(event: "online" | "offline", listener: () => void): unknown;
  /** What waits in its send queue, taken out. */
  takeQueued(): string[];
}

export class ClusterLink implements Link {
  private drops = 0;
  private stopping = false;
  /** Stanzas handed to each connection, by its place in server.nodes (logs, specs). */
  readonly sent: number[];

  constructor(
    readonly domain: string,
    private readonly members: readonly MemberLink[],
    private readonly log: Log,
  ) {
    if (!members.length) throw new Error("a cluster link needs at least one connection");
    this.sent = members.map(() => 0);
    members.forEach((member, index) => {
      member.on("offline", () => {
        this.drops++;
        if (this.stopping) return;
        // What it had not sent yet goes through the others now rather than when it returns.
        const left = this.members.some((m) => m.online) ? member.takeQueued() : [];
        for (const data of left) this.write(data);
        this.log.warn(
          { node: index, up: this.nodesUp, moved: left.length },
          "a cluster node's connection dropped; its share goes to the others",
        );
      });
      member.on("online", () => this.log.info({ node: index }, "a cluster node's connection is up"));
    });
  }

  get online(): boolean {
    return this.members.some((m) => m.online);
  }

  /** Connections up now, of `size`. */
  get nodesUp(): number {
    return this.members.filter((m) => m.online).length;
  }

  get size(): number {
    return this.members.length;
  }

  /** Resolves once `count` connections are up at the same time. */
  whenUp(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.nodesUp < count) return false;
        for (const member of this.members) member.off("online", check);
        resolve();
        return true;
      };
      if (!check()) for (const member of this.members) member.on("online", check);
    });
  }

  get queued(): number {
    return this.members.reduce((sum, m) => sum + m.queued, 0);
  }

  /** Each loss of a connection that was up starts a new generation (what went through it may be
   *  lost); a lost node's failed attempts to come back do not, nor does its return. */
  get reconnects(): number {
    return this.drops;
  }

  /** Resolves once one connection is up (the others keep trying in the background); rejects as
   *  soon as one is refused, since all share one configuration. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      for (const member of this.members) member.start().then(resolve, reject);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.members.map((m) => m.stop()));
  }

  write(data: string): boolean {
    const member = this.memberFor(recipientOf(data));
    this.sent[this.members.indexOf(member)]!++;
    return member.write(data);
  }

  /** Resolves once every connection that is up has at most `depth` stanzas waiting (one that
   *  is down holds nothing: what it had went to the others). */
  async drained(depth: number): Promise<void> {
    await Promise.all(this.members.filter((m) => m.online).map((m) => m.drained(depth)));
  }

  /**
   * A ping goes on every connection that is up and answers once all did (the first answer), or
   * undefined when one did not: whatever went through any of them before it is then routed. (A
   * connection that dropped meanwhile took its copies with it, and counts as a reconnect.) Any
   * other IQ goes on one connection that is up.
   */
  async request(iq: Element, timeoutMs: number): Promise<Element | undefined> {
    const up = this.members.filter((m) => m.online);
    const targets = iq.getChild("ping", NS.ping) && up.length > 1 ? up : [this.memberFor(iq.attrs.to ?? "")];
    if (targets.length === 1) return targets[0]!.request(iq, timeoutMs);
    const answers = await Promise.all(
      targets.map((member) => {
        // Each copy gets an id of its own from the connection that sends it.
        const copy = parseXml(iq.toString());
        delete copy.attrs.id;
        return member.request(copy, timeoutMs);
      }),
    );
    return answers.every((a) => a !== undefined) ? answers[0] : undefined;
  }

  takeResponse(stanza: Element): boolean {
    return this.members.some((m) => m.takeResponse(stanza));
  }

  when(status: "online" | "offline"): Promise<void> {
    if (this.online === (status === "online")) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.online === (status === "online")) resolve();
      };
      for (const member of this.members) void member.when(status).then(check);
    });
  }

  onStanza(handler: (el: Element) => Promise<void>): void {
    for (const member of this.members) member.onStanza(handler);
  }

  /** The connection for `recipient`: of those up (of all, when none is), the one ranked first
   *  for it. Removing a connection moves only the recipients it ranked first. */
  private memberFor(recipient: string): MemberLink {
    const up = this.members.filter((m) => m.online);
    const pool = up.length ? up : this.members;
    if (pool.length === 1) return pool[0]!;
    let best = pool[0]!;
    let bestScore = -1;
    for (const member of pool) {
      const score = rank(this.members.indexOf(member), recipient);
      if (score > bestScore) [best, bestScore] = [member, score];
    }
    return best;
  }
}

/** A stable pseudo-random weight of a (connection, recipient) pair: FNV-1a, then a final mix
 *  (cheap enough for every copy of a fan-out). */
export function rank(index: number, recipient: string): number {
  let h = (0x811c9dc5 ^ (index + 1)) >>> 0;
  for (let i = 0; i < recipient.length; i++) {
    h ^= recipient.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Whom a serialised stanza is for, read without parsing it: its `to`; for a stanza the server
 * expands (XEP-0033, to a service: no `@`), its first address, so that a fan-out's expanded
 * chunks spread over the nodes like single copies, each chunk (the same recipients, message after
 * message) always through the same node.
 */
export function recipientOf(data: string): string {
  const end = data.indexOf(">");
  const head = end === -1 ? data : data.slice(0, end);
  const to = / to=(["'])(.*?)\1/.exec(head)?.[2] ?? "";
  if (to.includes("@")) return to;
  const list = data.indexOf("<address ", end);
  if (list === -1) return to;
  return / jid=(["'])(.*?)\1/.exec(data.slice(list, data.indexOf("/>", list)))?.[2] ?? to;
}
