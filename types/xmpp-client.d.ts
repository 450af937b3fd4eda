// Hand-written types for @xmpp/client 0.14 (used by tests only): what the specs touch.
declare module "@xmpp/client" {
  import type { Element } from "ltx";
  import type { EventEmitter } from "node:events";

  export interface Client extends EventEmitter {
    start(): Promise<{ toString(): string }>;
    stop(): Promise<void>;
    send(el: Element): Promise<void>;
    status: string;
    /** Its reconnect module: opens a new stream after each disconnect, until stopped. */
    reconnect: { stop(): void };
  }
  export function client(options: {
    service: string;
    domain: string;
    username?: string;
    password?: string;
    resource?: string;
  }): Client;
  type Child = Element | string | null | undefined | false | Child[];
  export function xml(
    name: string,
    attrs?: Record<string, string | number | undefined> | null,
    ...children: Child[]
  ): Element;
}
