// A link for delivery specs: it holds every confirmation ping until the spec answers it (or drops
// the connection), so a spec decides exactly when the server "has handled" what came before.
// Subclasses say what a write records and how other requests (disco) are answered.
import { EventEmitter } from "node:events";
import type { Link } from "../../../src/xmpp/link.js";
import type { Element } from "../../../src/xmpp/xml.js";

/** Lets pending promise callbacks (journal writes, the sender's loop) run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

export abstract class HeldPingLink extends EventEmitter implements Link {
  readonly domain = "lists.localhost";
  online = true;
  reconnects = 0;
  queued = 0;
  readonly pings: { iq: Element; answer: (ok: boolean) => void }[] = [];

  abstract write(data: string): boolean;

  /** Anything but a ping; none by default (a timeout, as from a server that does not answer). */
  protected answer(_iq: Element): Promise<Element | undefined> {
    return Promise.resolve(undefined);
  }

  start() {
    return Promise.resolve();
  }
  stop() {
    return Promise.resolve();
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
  request(iq: Element): Promise<Element | undefined> {
    if (!iq.getChild("ping")) return this.answer(iq);
    return new Promise((resolve) => this.pings.push({ iq, answer: (ok) => resolve(ok ? iq : undefined) }));
  }
  takeResponse(): boolean {
    return false;
  }
  when(status: "online" | "offline"): Promise<void> {
    if (this.online === (status === "online")) return Promise.resolve();
    return new Promise((resolve) => this.once(status, () => resolve()));
  }
  onStanza(): void {}

  /** Answers every waiting ping, in order, until none waits (answers can make more). */
  async confirmAll(): Promise<void> {
    for (;;) {
      await settle();
      const ping = this.pings.shift();
      if (!ping) return;
      ping.answer(true);
    }
  }
  drop(): void {
    this.online = false;
    this.emit("offline");
    for (const ping of this.pings.splice(0)) ping.answer(false);
  }
  reconnect(): void {
    this.reconnects++;
    this.online = true;
    this.emit("online");
  }
}
