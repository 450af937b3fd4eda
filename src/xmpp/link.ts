// What the app needs of a connection to the XMPP server for one component domain. The real one is
// ComponentConnection; stanza specs plug in an in-memory link.
import type { Element } from "./xml.js";

export interface Link {
  readonly domain: string;
  readonly online: boolean;
  /** Stanzas waiting in the send queue. */
  readonly queued: number;
  /** Reconnections since start. */
  readonly reconnects: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Queues one serialised stanza; false when refused (queue full). */
  write(data: string): boolean;
  /** Resolves once at most `depth` stanzas wait in the send queue. */
  drained(depth: number): Promise<void>;
  /** Sends an IQ and resolves with the answer, or undefined on timeout. */
  request(iq: Element, timeoutMs: number): Promise<Element | undefined>;
  takeResponse(stanza: Element): boolean;
  /** Resolves when the link is (or next becomes) online, or offline. */
  when(status: "online" | "offline"): Promise<void>;
  /** The one consumer of incoming stanzas (the router). */
  onStanza(handler: (el: Element) => Promise<void>): void;
}
