// Hand-written types for @xmpp/component 0.13 (CommonJS, untyped): only what Manifold touches.
declare module "@xmpp/component-core" {
  import type { Element } from "ltx";
  import type { Socket } from "node:net";
  import type { EventEmitter } from "node:events";
  import type { JID } from "@xmpp/component";

  export class Component extends EventEmitter {
    constructor(options: { service: string; domain: string });
    options: { service: string; domain: string };
    status: string;
    socket: Socket | null;
    jid: JID | null;
    timeout: number;
    start(): Promise<void>;
    stop(): Promise<unknown>;
    connect(service: string): Promise<void>;
    open(options: { domain: string; lang?: string }): Promise<Element>;
    authenticate(id: string, password: string): Promise<void>;
    disconnect(): Promise<unknown>;
    send(el: Element): Promise<void>;
    write(s: string): Promise<void>;
  }
}

declare module "@xmpp/component" {
  import type { Element } from "ltx";

  export interface JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
    equals(other: JID): boolean;
    getLocal(): string;
    getDomain(): string;
    getResource(): string;
  }

  type Child = Element | string | null | undefined | false | Child[];
  interface XmlFactory {
    (name: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): Element;
    Element: typeof Element;
    Parser: new () => import("node:events").EventEmitter & { write(s: string): void; end(): void };
    escapeXML(s: string): string;
    escapeXMLText(s: string): string;
  }
  interface JidFactory {
    (address: string): JID;
    (local: string | null, domain: string, resource?: string): JID;
    parse(address: string): JID;
    equal(a: JID, b: JID): boolean;
  }
  const mod: { xml: XmlFactory; jid: JidFactory; component: unknown };
  export default mod;
}
