// Routes as data: each route names the stanza kind, types, addressee and payload it takes. The router
// parses addresses once, runs the first matching route, and maps errors to XMPP in exactly one place
// (RFC 6120 §8.3): StanzaError → its condition and text; anything else → internal-server-error
// without internal text. It never answers a stanza of type "error" (RFC 6120 §8.3.1). Abuse limits
// are checked on arrival, before a stanza is queued, and every refusal by a limit is counted by the
// limit's name. Every error names who raised it (RFC 6120 §8.2 `by`; XEP-0045's examples answer
// with by='room@service'): the addressed room (or the room of the addressed occupant) for what its
// routes refused, the service's domain for the service's own JID and for the router's refusals
// before any room is involved (a malformed sender, a limit on arrival, no route). Limits and
// counters are ports (RouterDeps.intake, RouterDeps.counters): the service assembly
// (src/service/room-service.ts) passes src/limits and src/metrics in, so the transport imports neither.
import type { Log } from "../core/log.js";
import { KeyedSerializer } from "../core/serial.js";
import { parseJid, type Jid } from "./jid.js";
import { StanzaError, type ErrorCondition } from "./stanza-error.js";
import * as errors from "./errors.js";
import { xml, type Element } from "./xml.js";

export type StanzaKind = "iq" | "message" | "presence";
/** service: to the bare domain; bare: to local@domain; full: to local@domain/resource. */
export type Addressee = "service" | "bare" | "full";

export interface Inbound {
  readonly stanza: Element;
  readonly kind: StanzaKind;
  /** The type attribute, or "" when absent. */
  readonly type: string;
  readonly from: Jid;
  readonly to: Jid;
  readonly addressee: Addressee;
  /** For IQ routes: the matched payload child. */
  readonly payload: Element | undefined;
}

export interface Route {
  readonly name: string;
  readonly kind: StanzaKind;
  readonly types?: readonly string[];
  readonly to?: readonly Addressee[];
  readonly payload?: { readonly name: string; readonly ns: string };
  /** Extra condition on the stanza (e.g. "has a muc#user invite"). */
  readonly when?: (s: Inbound) => boolean;
  /** IQ get/set: the returned element is the result payload (undefined = empty result). */
  readonly handle: (s: Inbound) => Promise<Element | void> | Element | void;
}

/** A stanza refused on arrival by a limit: the limit's name, and the error to answer (none: dropped). */
export interface Refusal {
  readonly limit: string;
  readonly error: StanzaError | undefined;
}

/** What the router counts for operators; src/limits/router-counters.ts keeps it in src/metrics. */
export interface RouterCounters {
  /** An iq, message or presence arrived. */
  received(kind: StanzaKind): void;
  /** A stanza's handling starts; the returned function is called when it ends. */
  handling(kind: StanzaKind): () => void;
  /** An error was answered. */
  answered(condition: ErrorCondition): void;
  /** A stanza was refused on arrival by the limit `limit`. */
  refused(limit: string): void;
  /** A handler threw `err` (a limit's refusal is counted by the limit's name). */
  failed(err: unknown): void;
}

export interface RouterDeps {
  /** Manifold's own domains: only Manifold itself sends from them (the server stamps `from`). */
  ownDomains?: readonly string[];
  routes: readonly Route[];
  send: (el: Element) => void;
  log: Log;
  /** Answers to our own IQs: return true when the stanza was an awaited response. */
  onIqResponse?: (stanza: Element) => boolean;
  /** Limits every stanza must pass before any handler work (src/limits/intake.ts). */
  intake?: { check(stanza: Element, from: Jid, to: Jid): Refusal | undefined };
  /** Counts and timings for operators. */
  counters?: RouterCounters;
}

export class Router {
  private readonly serializer = new KeyedSerializer();
  private accepting = true;

  constructor(private readonly deps: RouterDeps) {}

  /** Handles one incoming stanza; never rejects. */
  dispatch(stanza: Element): Promise<void> {
    if (!this.accepting) return Promise.resolve();
    const kind = stanza.name as StanzaKind;
    if (kind !== "iq" && kind !== "message" && kind !== "presence") return Promise.resolve();
    this.deps.counters?.received(kind);
    const type = stanza.attrs.type ?? "";
    if (kind === "iq" && (type === "result" || type === "error")) {
      this.deps.onIqResponse?.(stanza);
      return Promise.resolve();
    }
    const to = parseJid(stanza.attrs.to);
    const from = parseJid(stanza.attrs.from);
    if (!to) return Promise.resolve(); // the server never delivers these; nothing sensible to answer
    if (!from) {
      this.replyError(stanza, errors.senderMalformed(), to, false);
      return Promise.resolve();
    }
    // A message or presence from one of Manifold's own addresses is one it sent to itself, handed
    // back by the server: acting on it could make two of its addresses answer each other forever.
    // Bounces are still handled, and IQs answered (an answer is never answered).
    if (kind !== "iq" && type !== "error" && this.deps.ownDomains?.includes(from.domain))
      return Promise.resolve();
    const refusal = this.deps.intake?.check(stanza, from, to);
    if (refusal) {
      this.deps.counters?.refused(refusal.limit);
      if (refusal.error) {
        this.deps.log.debug({ limit: refusal.limit, from: from.full }, "refused by a limit");
        this.replyError(stanza, refusal.error, to, false);
      }
      return Promise.resolve();
    }
    const addressee: Addressee = !to.local ? "service" : to.resource ? "full" : "bare";
    // One queue per addressed room (or per sender for service requests) keeps order where it matters.
    const key = to.local ? to.bare : `service:${from.bare}`;
    const done = this.deps.counters?.handling(kind);
    return this.serializer.run(key, async () => {
      await this.handle({ stanza, kind, type, from, to, addressee, payload: undefined });
      done?.();
    });
  }

  /** Runs `job` in the same queue as stanzas to `key` (a room's bare JID), for work started by timers. */
  exclusive(key: string, job: () => Promise<void>): Promise<void> {
    return this.serializer.run(key, job);
  }

  /** Resolves once nothing is queued or running (stanzas, and work started with `exclusive`). */
  idle(): Promise<void> {
    return this.serializer.idle();
  }

  /** Stops taking new stanzas and waits for the ones under way. */
  async drain(): Promise<void> {
    this.accepting = false;
    await this.serializer.idle();
  }

  private async handle(inbound: Inbound): Promise<void> {
    const { stanza, kind, type, to } = inbound;
    let routed = false;
    try {
      const match = this.match(inbound);
      if (!match) {
        if (type === "error") return;
        if (kind === "iq") {
          const known = stanza.getChildElements()[0]?.attrs.xmlns;
          throw errors.queryNotAnswered(known);
        }
        if (kind === "message" && type !== "groupchat" && type !== "chat" && type !== "normal" && type !== "")
          return;
        if (kind === "presence") return; // unknown presence (probes, subscriptions) needs no answer
        throw errors.messageNotAccepted();
      }
      routed = true;
      const result = await match.route.handle({ ...inbound, payload: match.payload });
      if (kind === "iq") this.reply(stanza, result ?? undefined);
    } catch (err) {
      this.deps.counters?.failed(err);
      if (type === "error") return;
      if (err instanceof StanzaError) {
        this.deps.log.debug(
          { route: "error", condition: err.condition, from: inbound.from.full },
          err.message,
        );
        this.replyError(stanza, err, to, routed);
      } else {
        this.deps.log.error({ err, from: inbound.from.full, to: inbound.to.full, kind }, "handler failed");
        this.replyError(stanza, errors.internal(), to, routed);
      }
    }
  }

  private match(s: Inbound): { route: Route; payload: Element | undefined } | undefined {
    for (const route of this.deps.routes) {
      if (route.kind !== s.kind) continue;
      if (route.types && !route.types.includes(s.type)) continue;
      if (route.to && !route.to.includes(s.addressee)) continue;
      let payload: Element | undefined;
      if (route.payload) {
        payload = s.stanza.getChild(route.payload.name, route.payload.ns);
        if (!payload) continue;
      }
      if (route.when && !route.when({ ...s, payload })) continue;
      return { route, payload };
    }
    return undefined;
  }

  private reply(stanza: Element, payload: Element | undefined): void {
    const { from, to, id } = stanza.attrs;
    this.deps.send(xml("iq", { type: "result", from: to, to: from, id }, payload));
  }

  /**
   * Answers `stanza`, addressed to `addressed`, with `error`. Its `by` (RFC 6120 §8.2) is the room's
   * bare JID when a route took a stanza to a room or an occupant, else the service's domain.
   */
  private replyError(stanza: Element, error: StanzaError, addressed: Jid, routed: boolean): void {
    const { from, to, id } = stanza.attrs;
    if (stanza.attrs.type === "error") return;
    this.deps.counters?.answered(error.condition);
    const by = routed && addressed.local ? addressed.bare : addressed.domain;
    this.deps.send(xml(stanza.name, { type: "error", from: to, to: from, id }, error.toElement(by)));
  }
}
