// Server-side fan-out (docs/servers.md "Server-side fan-out"). When the XMPP server offers a
// XEP-0033 multicast service that lets Manifold in (Prosody with server/prosody's
// mod_manifold_multicast, ejabberd with mod_multicast), copies for local users leave as one stanza
// carrying them as `bcc` addresses, and the server makes the copies: it parses one stanza instead
// of one per recipient, which is most of what a fan-out costs it. Remote users always get their
// own copy, and so does everyone while no service is known.
//
// The service is found per connection (disco at connect time), and tried before use: an empty
// multicast message followed by a ping, so a server that refuses Manifold is known before any copy
// depends on it. A refusal later (a changed server config) switches expansion off for the
// connection and counts in `refusals`: the fan-out sender sends its unconfirmed copies again, one
// per recipient.
import type { Ids } from "../core/ids.js";
import type { Log } from "../core/log.js";
import type { Metrics } from "../metrics/metrics.js";
import type { Link } from "../xmpp/link.js";
import { NS } from "../xmpp/ns.js";
import type { Expander } from "../xmpp/outbox.js";
import { xml, type Element } from "../xmpp/xml.js";

export type ExpansionMode = "auto" | "off";

export interface ExpansionDeps {
  link: Link;
  /** The server's own domain: asked first, and for its items when it is not the service itself. */
  serverDomain: string;
  /** Users of these domains are the server's own: only their copies are expanded. */
  localDomains: readonly string[];
  mode: ExpansionMode;
  /** Most addresses in one expanded stanza (the fan-out's confirmation chunk). */
  maxAddresses: number;
  /** How long a disco query or the probe's ping may wait for its answer. */
  timeoutMs: number;
  ids: Ids;
  log: Log;
  metrics: Metrics;
}

/** Services a server may list (ejabberd: multicast.example.org among many): how many to ask. */
const MAX_ITEMS_ASKED = 20;

/** JIDs rarely hold a character XML escapes; testing first spares a replace per address. */
const escape = (text: string): string => (/["&'<>]/.test(text) ? xml.escapeXML(text) : text);

export class Expansion implements Expander {
  /** The service in use, for the connection generation it was found on. */
  private active: { generation: number; service: string } | undefined;
  /** The generation discovery last ran (or runs) for: once per connection. */
  private discoveredFor = -1;
  private discovering: Promise<void> | undefined;
  /** The probe in flight and the refusal it drew, if any. */
  private probe: { id: string; service: string; refusal?: string } | undefined;
  /** Refusals of expanded stanzas so far: a fan-out pass that saw this change resends its copies. */
  refusals = 0;
  private readonly local: ReadonlySet<string>;
  /** "@domain" for each local domain: a bare JID in canonical form is matched without a copy. */
  private readonly localSuffixes: readonly string[];

  constructor(private readonly deps: ExpansionDeps) {
    this.local = new Set(deps.localDomains.map((d) => d.toLowerCase()));
    this.localSuffixes = [...this.local].map((d) => `@${d}`);
  }

  /** Looks for a service once the link is online (and again after each reconnect, on first use). */
  start(): void {
    if (this.deps.mode === "off") return;
    void this.deps.link.when("online").then(() => this.discover());
  }

  /** Resolves when discovery for the current connection has finished (specs, the benchmark). */
  async ready(): Promise<void> {
    this.service();
    await this.discovering;
  }

  /** The multicast service for this connection, or undefined: one copy per recipient. */
  service(): string | undefined {
    const { mode, link } = this.deps;
    if (mode === "off") return undefined;
    if (this.active?.generation === link.reconnects) return this.active.service;
    if (this.discoveredFor !== link.reconnects && link.online) void this.discover();
    return undefined;
  }

  /** Where a ping confirms that copies written before it were routed: the service, whose answer
   *  comes after it has expanded what it got earlier (ejabberd's runs in its own process). */
  confirmTarget(): string | undefined {
    return this.service();
  }

  /**
   * Writes head + address + tail for each of `to[from..end)`: local addresses as expanded stanzas of
   * at most maxAddresses, the rest one by one. Returns stanzas written and refused by the queue.
   */
  writeCopies(
    head: string,
    tail: string,
    to: readonly string[],
    write: (data: string) => boolean,
    from = 0,
    end = to.length,
  ): { stanzas: number; refused: number } {
    let stanzas = 0;
    let refused = 0;
    const put = (data: string) => {
      stanzas++;
      if (!write(data)) refused++;
    };
    // Only messages: XEP-0033 multicast services expand presence too, but Manifold's presence is
    // per occupant, and one copy of each is what clients and servers expect. Never a message that
    // carries addresses of its own (a topic owner's reflection names its recipients): the service
    // would read those, refuse the stanza (Prosody) or route it to them (ejabberd).
    const expandable = end - from > 1 && head.startsWith("<message") && !tail.includes(NS.address);
    const service = expandable ? this.service() : undefined;
    const batch: string[] = [];
    const flush = () => {
      if (batch.length === 1) put(head + escape(batch[0]!) + tail);
      else if (batch.length) {
        put(expanded(head, tail, service!, batch));
        this.deps.metrics.expandedCopies.inc(batch.length);
      }
      batch.length = 0;
    };
    for (let k = from; k < end; k++) {
      const address = to[k]!;
      if (service && this.isLocal(address)) {
        batch.push(address);
        if (batch.length >= this.deps.maxAddresses) flush();
      } else put(head + escape(address) + tail);
    }
    flush();
    return { stanzas, refused };
  }

  /**
   * Takes an error the service sent about an expanded stanza or the probe (true: handled here). A
   * bounce naming one address is that recipient's own and goes on as a bounce; an error without
   * one refuses the whole stanza: expansion stops for this connection.
   */
  takeError(el: Element): boolean {
    if (el.attrs.type !== "error") return false;
    const from = el.attrs.from;
    const service = this.active?.service ?? this.probe?.service;
    if (!from || from !== service) return false;
    const addresses = el.getChild("addresses", NS.address)?.getChildren("address") ?? [];
    if (addresses.length === 1) return false; // one recipient's bounce: counted as any other
    const text = errorText(el);
    if (this.probe && el.attrs.id === this.probe.id) {
      this.probe.refusal = text;
      return true;
    }
    if (el.name !== "message") return false;
    this.refusals++;
    this.active = undefined;
    this.deps.metrics.expansionRefused.inc();
    this.deps.log.error(
      { multicast: from, id: el.attrs.id, error: text },
      "the server's multicast service refused an expanded message: sending one copy per recipient " +
        "on this connection, and the unconfirmed copies again (see docs/servers.md)",
    );
    return true;
  }

  private isLocal(address: string): boolean {
    // Called for every copy of a fan-out: members' bare JIDs, already lower-case, match here.
    for (const suffix of this.localSuffixes) if (address.endsWith(suffix)) return true;
    const at = address.indexOf("@");
    if (at < 0) return false;
    const slash = address.indexOf("/", at);
    return this.local.has(address.slice(at + 1, slash < 0 ? undefined : slash).toLowerCase());
  }

  private discover(): Promise<void> {
    const { link } = this.deps;
    if (this.discoveredFor === link.reconnects && this.discovering) return this.discovering;
    this.discoveredFor = link.reconnects;
    this.discovering = this.findAndTry(link.reconnects)
      .catch((err: unknown) =>
        this.deps.log.warn({ err }, "looking for the server's multicast service failed"),
      )
      .finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  private async findAndTry(generation: number): Promise<void> {
    const { link, log } = this.deps;
    const service = await this.find();
    if (link.reconnects !== generation) return;
    if (!service) {
      log.info("the server offers no multicast service (XEP-0033): one copy per recipient");
      return;
    }
    const refusal = await this.tryService(service);
    if (link.reconnects !== generation) return;
    if (refusal !== undefined) {
      log.error(
        { multicast: service, error: refusal },
        "the server's multicast service refuses Manifold's domains: one copy per recipient " +
          "(allow them as docs/servers.md shows)",
      );
      return;
    }
    this.active = { generation, service };
    log.info({ multicast: service }, "server-side fan-out: copies for local users leave as one stanza each");
  }

  /** The server itself if it has the feature, else the first of its items that has it. */
  private async find(): Promise<string | undefined> {
    const { serverDomain } = this.deps;
    if (await this.offersAddressing(serverDomain)) return serverDomain;
    const items = await this.ask(serverDomain, NS.discoItems);
    const jids = (items?.getChild("query", NS.discoItems)?.getChildren("item") ?? [])
      .map((item): string | undefined => item.attrs.jid)
      .filter((jid): jid is string => !!jid && !jid.includes("@") && !jid.includes("/"))
      .slice(0, MAX_ITEMS_ASKED);
    for (const jid of jids) if (await this.offersAddressing(jid)) return jid;
    return undefined;
  }

  private async offersAddressing(jid: string): Promise<boolean> {
    const info = await this.ask(jid, NS.discoInfo);
    if (info?.attrs.type !== "result") return false;
    const features = info.getChild("query", NS.discoInfo)?.getChildren("feature") ?? [];
    return features.some((f) => f.attrs.var === NS.address);
  }

  private ask(to: string, xmlns: string): Promise<Element | undefined> {
    const { link, ids, timeoutMs } = this.deps;
    const iq = xml("iq", { type: "get", id: ids.next(), from: link.domain, to }, xml("query", { xmlns }));
    return link.request(iq, timeoutMs);
  }

  /** Sends an empty multicast message, then a ping: an error before the ping's answer is a
   *  refusal (its text returned); none means the service takes Manifold's stanzas. */
  private async tryService(service: string): Promise<string | undefined> {
    const { link, ids, timeoutMs } = this.deps;
    const probe = { id: ids.next(), service } as { id: string; service: string; refusal?: string };
    this.probe = probe;
    try {
      link.write(
        xml(
          "message",
          { type: "headline", id: probe.id, from: link.domain, to: service },
          xml("addresses", { xmlns: NS.address }),
        ).toString(),
      );
      const ping = xml(
        "iq",
        { type: "get", id: ids.next(), from: link.domain, to: service },
        xml("ping", { xmlns: NS.ping }),
      );
      const answer = await link.request(ping, timeoutMs);
      if (!answer) return "the service did not answer a ping";
      return probe.refusal;
    } finally {
      this.probe = undefined;
    }
  }
}

/** One stanza for the service: the copy's head and tail around the service's address, with the
 *  recipients as bcc addresses added as its last child. */
function expanded(head: string, tail: string, service: string, to: readonly string[]): string {
  let addresses = `<addresses xmlns="${NS.address}">`;
  for (const jid of to) addresses += `<address type="bcc" jid="${escape(jid)}"/>`;
  addresses += "</addresses>";
  const close = tail.lastIndexOf("</");
  if (close >= 0) return head + escape(service) + tail.slice(0, close) + addresses + tail.slice(close);
  // A childless element (<message .../>): open it to hold the addresses.
  const name = /^<([^\s/>]+)/.exec(head)?.[1] ?? "message";
  return head + escape(service) + tail.slice(0, tail.lastIndexOf("/>")) + ">" + addresses + `</${name}>`;
}

function errorText(el: Element): string {
  const error = el.getChild("error");
  const condition = error?.getChildElements().find((c) => c.attrs.xmlns === NS.stanzas && c.name !== "text");
  const text = error?.getChildText("text", NS.stanzas);
  return [condition?.name ?? "undefined-condition", text].filter(Boolean).join(": ");
}
