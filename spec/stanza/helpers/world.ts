// The whole app in-process for stanza specs: an in-memory link instead of the XEP-0114 socket,
// memory-level instead of LevelDB, a settable clock and sequential ids. Stanza in, stanzas out.
import { MemoryLevel } from "memory-level";
import { pino } from "pino";
import { createApp, type App } from "../../../src/app.js";
import { loadConfig, type Config } from "../../../src/config/load.js";
import type { AnyLevel } from "../../../src/store/db.js";
import type { Link } from "../../../src/xmpp/link.js";
import { parseXml, type Element } from "../../../src/xmpp/xml.js";
import { sequentialIds } from "../../../src/core/ids.js";
import { noteInbound, recordNamespaceProblems } from "../../helpers/namespace-watch.js";

export const GROUPS = "groups.localhost";
export const LISTS = "lists.localhost";

let written = 0;
const order = new WeakMap<Element, number>();

class MemoryLink implements Link {
  online = true;
  readonly queued = 0;
  readonly reconnects = 0;
  readonly sent: Element[] = [];
  private handler: ((el: Element) => Promise<void>) | undefined;
  constructor(readonly domain: string) {}
  start() {
    return Promise.resolve();
  }
  stop() {
    return Promise.resolve();
  }
  write(data: string): boolean {
    recordNamespaceProblems(data);
    const el = parseXml(data);
    order.set(el, written++);
    this.sent.push(el);
    return true;
  }
  /** Answers what Manifold asks the server itself (pings confirming fan-outs); nothing else. */
  request(iq: Element): Promise<Element | undefined> {
    recordNamespaceProblems(iq.toString());
    if (!iq.getChild("ping", "urn:xmpp:ping")) return Promise.resolve(undefined);
    const { from, to, id } = iq.attrs;
    return Promise.resolve(parseXml(`<iq type="result" from="${to}" to="${from}" id="${id}"/>`));
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
  takeResponse(): boolean {
    return false;
  }
  when(): Promise<void> {
    return Promise.resolve();
  }
  onStanza(handler: (el: Element) => Promise<void>): void {
    this.handler = handler;
  }
  deliver(el: Element): Promise<void> {
    return this.handler!(el);
  }
}

export interface World {
  app: App;
  config: Config;
  clock: { now(): number; set(t: number): void };
  /** Delivers a stanza (XML text or element) and waits until Manifold has handled it. */
  send(stanza: string | Element): Promise<void>;
  /** Everything Manifold sent since the last take(), in order. */
  take(): Element[];
  /** Restarts the app on the same store (store must be a real directory: see `dataDir`). */
  stop(): Promise<void>;
}

export async function world(
  options: { env?: Record<string, string>; level?: AnyLevel } = {},
): Promise<World> {
  // No server-side fan-out: the in-memory link is no server, and looking for one would take ids
  // from the sequence the specs name stanzas by (spec/unit/delivery/expansion.spec.ts covers it).
  const config = loadConfig({
    env: { MANIFOLD_SECRET: "test", MANIFOLD_HTTP_PORT: "0", MANIFOLD_EXPANSION: "off", ...options.env },
  });
  let now = Date.parse("2026-01-01T12:00:00Z");
  const clock = { now: () => now, set: (t: number) => (now = t) };
  const links = new Map<string, MemoryLink>();
  const app = await createApp(config, {
    log: pino({ level: process.env.MANIFOLD_TEST_LOG ?? "silent" }),
    clock,
    ids: sequentialIds("s"),
    level: options.level ?? (new MemoryLevel({ valueEncoding: "json" }) as unknown as AnyLevel),
    link: (domain) => {
      const link = new MemoryLink(domain);
      links.set(domain, link);
      return link;
    },
  });
  await app.start();
  const link = links.get(GROUPS)!;
  return {
    app,
    config,
    clock,
    send: async (stanza) => {
      const el = typeof stanza === "string" ? parseXml(stanza) : stanza;
      noteInbound(el);
      const domain = (el.attrs.to ?? "").split("/")[0]!.split("@").at(-1)!;
      await (links.get(domain) ?? link).deliver(el);
      // Work the stanza started in other rooms (nested groups) is part of its answer.
      await app.idle();
    },
    take: () => {
      // Everything every service sent, in the order it was written.
      const all = [...links.values()].flatMap((l) => l.sent.splice(0));
      return all.sort((a, b) => order.get(a)! - order.get(b)!);
    },
    stop: () => app.stop(),
  };
}
