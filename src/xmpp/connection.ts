// One XEP-0114 component connection, kept alive: exponential backoff with jitter between attempts,
// a XEP-0199 ping watchdog that drops a silent (half-open) socket, and the bounded SendQueue.
// xmpp.js 0.13 handles the stream and handshake; this class owns everything around it.
import { EventEmitter } from "node:events";
import { Component } from "@xmpp/component-core";
import type { Log } from "../core/log.js";
import type { Ids } from "../core/ids.js";
import { SendQueue } from "./send-queue.js";
import { xml, type Element } from "./xml.js";
import { NS } from "./ns.js";
import type { Link } from "./link.js";
import {
  COMPONENT_NS,
  ComponentRefusedError,
  describeAnswer,
  refusalReason,
  type RefusalReason,
} from "./refusal.js";

export interface ConnectionOptions {
  domain: string;
  host: string;
  port: number;
  secret: string;
  /** Where the watchdog pings: the server's own domain. */
  serverDomain: string;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  reconnectJitter: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  queueMaxStanzas: number;
}

export class ComponentConnection
  extends EventEmitter<{ online: []; offline: []; fatal: [Error] }>
  implements Link
{
  readonly queue: SendQueue;
  private entity: Component | undefined;
  private stopped = false;
  /** Until the first handshake succeeds, a refusal is a configuration error: start() rejects. */
  private everOnline = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastHeard = 0;
  private pending = new Map<string, { resolve: (el: Element | undefined) => void; timer: NodeJS.Timeout }>();
  private handler: ((el: Element) => Promise<void>) | undefined;
  reconnects = 0;
  online = false;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly log: Log,
    private readonly ids: Ids,
  ) {
    super();
    this.queue = new SendQueue(options.queueMaxStanzas);
  }

  get domain(): string {
    return this.options.domain;
  }

  get queued(): number {
    return this.queue.depth;
  }

  /** Connects; resolves at the first successful handshake. An answer that says the configuration
   * is wrong (refusal.ts) rejects with a ComponentRefusedError and stops; a server that is not
   * there (yet) is retried with backoff. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onOnline = () => {
        this.off("fatal", onFatal);
        resolve();
      };
      const onFatal = (err: Error) => {
        this.off("online", onOnline);
        reject(err);
      };
      this.once("online", onOnline);
      this.once("fatal", onFatal);
      this.connect();
    });
  }

  when(status: "online" | "offline"): Promise<void> {
    if (this.online === (status === "online")) return Promise.resolve();
    return new Promise((resolve) => this.once(status, () => resolve()));
  }

  onStanza(handler: (el: Element) => Promise<void>): void {
    this.handler = handler;
  }

  /** Queues a stanza; false if the bounded queue refused it. */
  send(el: Element): boolean {
    return this.queue.push(el.toString());
  }

  write(data: string): boolean {
    return this.queue.push(data);
  }

  drained(depth: number): Promise<void> {
    return this.queue.drained(depth);
  }

  /** What waits to be sent, taken out of the queue (cluster-link.ts, when this node is lost). */
  takeQueued(): string[] {
    return this.queue.takeAll();
  }

  /** Sends an IQ and resolves with its answer (result or error), or undefined on timeout. */
  request(iq: Element, timeoutMs: number): Promise<Element | undefined> {
    const id = (iq.attrs.id ??= this.ids.next());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.send(iq);
    });
  }

  /** Routes an IQ result/error to its waiting request; true if it was one of ours. */
  takeResponse(stanza: Element): boolean {
    const id = stanza.attrs.id;
    const waiting = id ? this.pending.get(id) : undefined;
    if (!id || !waiting) return false;
    clearTimeout(waiting.timer);
    this.pending.delete(id);
    waiting.resolve(stanza);
    return true;
  }

  /** Flushes what is queued (bounded wait), closes the stream and stops reconnecting. */
  async stop(flushTimeoutMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    if (this.online) {
      await Promise.race([this.queue.whenIdle(), new Promise((r) => setTimeout(r, flushTimeoutMs).unref())]);
    }
    this.abandonRequests();
    const entity = this.entity;
    this.entity = undefined;
    if (entity) {
      entity.removeAllListeners();
      entity.on("error", () => undefined);
      await entity.stop().catch(() => entity.socket?.destroy());
    }
    this.setOffline();
  }

  private connect(): void {
    if (this.stopped) return;
    const { domain, host, port, secret } = this.options;
    const entity = new Component({ service: `xmpp://${host}:${port}`, domain });
    this.entity = entity;
    entity.on("open", (el: Element) => {
      // A client port answers in jabber:client, and no handshake can succeed there.
      if (el.attrs.xmlns !== COMPONENT_NS) {
        this.refused(entity, "not-component-port", `it answered as ${el.attrs.xmlns ?? "no namespace"}`);
        return;
      }
      entity.authenticate(el.attrs.id ?? "", secret).catch((err: Error) => entity.emit("error", err));
    });
    entity.on("online", () => this.onOnline(entity));
    entity.on("stanza", (el: Element) => {
      this.lastHeard = Date.now();
      void this.handler?.(el);
    });
    entity.on("nonza", () => (this.lastHeard = Date.now()));
    entity.on("error", (err: Error & { condition?: string }) => this.onError(entity, err));
    entity.on("disconnect", () => this.onDisconnect(entity));
    entity
      .connect(entity.options.service)
      .then(
        () => entity.open({ domain }),
        (err: Error) => this.onError(entity, err),
      )
      .catch((err: Error) => this.onError(entity, err));
  }

  private onOnline(entity: Component): void {
    if (entity !== this.entity) return;
    const first = this.reconnects === 0 && this.attempt === 0;
    this.attempt = 0;
    this.everOnline = true;
    this.online = true;
    this.lastHeard = Date.now();
    // Nagle's algorithm stays on: measured with the benchmark (issue 18), TCP_NODELAY made a
    // topic's paced latency five times worse at N=100 (65–74 ms against 11–14 ms), as Prosody then
    // read the component's stream in many small segments.
    this.queue.attach(entity.socket ?? undefined);
    this.startWatchdog();
    this.log.info({ queued: this.queue.depth }, first ? "component online" : "component reconnected");
    this.emit("online");
  }

  private onError(entity: Component, err: Error & { condition?: string; text?: string }): void {
    if (entity !== this.entity) return;
    const reason = refusalReason(err);
    if (reason) {
      this.refused(entity, reason, describeAnswer(err));
      return;
    }
    this.log.warn({ condition: err.condition, err: err.message }, "component connection error");
    this.dropSocket(entity);
  }

  /** The server said the configuration is wrong. At start-up that stops: retrying cannot help.
   * Once Manifold has been online, its own settings have not changed, so the server's have (a
   * component removed or its secret rotated while Manifold ran): it keeps reconnecting with
   * backoff, as for any error, and is back as soon as the server is fixed, where exiting would
   * leave it down (or in a supervisor's restart loop) until someone came. */
  private refused(entity: Component, reason: RefusalReason, answer: string): void {
    const { host, port } = this.options;
    const error = new ComponentRefusedError(reason, this.domain, `${host}:${port}`, answer);
    if (this.everOnline) {
      this.log.error({ reason, answer }, `${error.message}; reconnecting`);
      this.dropSocket(entity);
      return;
    }
    this.stopped = true;
    this.log.error({ reason, answer }, error.message);
    this.onDisconnect(entity); // stopped: tears the connection down without scheduling a retry
    this.emit("fatal", error);
  }

  private dropSocket(entity: Component): void {
    // A failed connect leaves no socket to close: treat it as a disconnect so a retry gets scheduled.
    if (entity.status === "connecting" || entity.status === "offline") this.onDisconnect(entity);
    else entity.socket?.destroy();
  }

  private onDisconnect(entity: Component): void {
    if (entity !== this.entity) return;
    entity.removeAllListeners();
    entity.on("error", () => undefined);
    entity.socket?.destroy();
    this.entity = undefined;
    this.setOffline();
    if (this.stopped) return;
    const base = Math.min(this.options.reconnectMaxMs, this.options.reconnectInitialMs * 2 ** this.attempt);
    const jitter = 1 + this.options.reconnectJitter * (Math.random() * 2 - 1);
    const delay = Math.round(base * jitter);
    this.attempt++;
    this.reconnects++;
    this.log.warn({ delayMs: delay, attempt: this.attempt }, "component disconnected; reconnecting");
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** IQs written to a socket that is gone will never be answered: their waiters learn it now. */
  private abandonRequests(): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.resolve(undefined);
    }
  }

  private setOffline(): void {
    this.abandonRequests();
    clearInterval(this.watchdog);
    this.queue.attach(undefined);
    if (this.online) {
      this.online = false;
      this.emit("offline");
    }
  }

  /** XEP-0199 §4.4 style keepalive: ping after a quiet interval; no answer in time = dead socket. */
  private startWatchdog(): void {
    clearInterval(this.watchdog);
    const { pingIntervalMs, pingTimeoutMs, serverDomain } = this.options;
    let inFlight = false;
    this.watchdog = setInterval(
      () => {
        if (inFlight || Date.now() - this.lastHeard < pingIntervalMs) return;
        inFlight = true;
        const entity = this.entity;
        const ping = xml(
          "iq",
          { type: "get", from: this.domain, to: serverDomain },
          xml("ping", { xmlns: NS.ping }),
        );
        void this.request(ping, pingTimeoutMs).then((answer) => {
          inFlight = false;
          // Any answer, even an error, proves the socket is alive.
          if (answer || entity !== this.entity) return;
          this.log.warn("server did not answer the watchdog ping; dropping the socket");
          entity?.socket?.destroy();
        });
      },
      Math.max(50, Math.floor(pingIntervalMs / 4)),
    );
    this.watchdog.unref();
  }
}
