// Expansion (server-side fan-out): finding the server's multicast service, trying it before use,
// writing local copies as bcc addresses of one stanza, and what a refusal does to the journaled
// fan-out: its unconfirmed copies go again, one per recipient. The link is a fake the spec drives:
// it answers disco as a server with (or without) the service and holds each ping until told.
import assert from "node:assert/strict";
import { pino } from "pino";
import { Expansion, type ExpansionMode } from "../../../src/delivery/expansion.js";
import { FanoutSender } from "../../../src/delivery/fanout.js";
import { FanoutJournal, type FanoutPart } from "../../../src/delivery/journal.js";
import { sequentialIds } from "../../../src/core/ids.js";
import { Metrics } from "../../../src/metrics/metrics.js";
import { Outbox } from "../../../src/xmpp/outbox.js";
import { parseXml, xml, type Element } from "../../../src/xmpp/xml.js";
import { memoryDatabase } from "../helpers/memory-db.js";
import { HeldPingLink, settle } from "../helpers/held-ping-link.js";

const ADDRESS = "http://jabber.org/protocol/address";

class FakeServerLink extends HeldPingLink {
  readonly written: Element[] = [];
  discoAsked: string[] = [];

  /** Which JID offers XEP-0033: the server itself (Prosody's module), an item (ejabberd), none. */
  constructor(private readonly serviceAt: "server" | "item" | "none") {
    super();
  }
  write(data: string): boolean {
    this.written.push(parseXml(data));
    return true;
  }
  /** Disco, as a server with (or without) the service answers it. */
  protected override answer(iq: Element): Promise<Element | undefined> {
    const to = iq.attrs.to as string;
    this.discoAsked.push(to);
    const reply = (...children: Element[]) =>
      Promise.resolve(xml("iq", { type: "result", from: to, id: iq.attrs.id }, ...children));
    const service = this.serviceAt === "server" ? "localhost" : "multicast.localhost";
    if (iq.getChild("query", "http://jabber.org/protocol/disco#items"))
      return reply(
        xml(
          "query",
          { xmlns: "http://jabber.org/protocol/disco#items" },
          xml("item", { jid: "lists.localhost" }),
          xml("item", { jid: "multicast.localhost" }),
        ),
      );
    const features = this.serviceAt !== "none" && to === service ? [ADDRESS] : [];
    return reply(
      xml(
        "query",
        { xmlns: "http://jabber.org/protocol/disco#info" },
        ...features.map((f) => xml("feature", { var: f })),
      ),
    );
  }
  /** Each written stanza as "to: address address…" (bcc list) or "to" alone. */
  get summary(): string[] {
    return this.written.map((el) => {
      const bcc = el.getChild("addresses", ADDRESS)?.getChildren("address") ?? [];
      return bcc.length ? `${el.attrs.to}: ${bcc.map((a) => a.attrs.jid).join(" ")}` : `${el.attrs.to}`;
    });
  }
}

function expansionFor(link: FakeServerLink, metrics = new Metrics(), mode: ExpansionMode = "auto", max = 10) {
  return new Expansion({
    link,
    serverDomain: "localhost",
    localDomains: ["localhost"],
    mode,
    maxAddresses: max,
    timeoutMs: 1000,
    ids: sequentialIds("e"),
    log: pino({ level: "silent" }),
    metrics,
  });
}

/** Runs discovery and the probe (its ping answered), then forgets what the probe wrote. */
async function discovered(expansion: Expansion, link: FakeServerLink): Promise<void> {
  const ready = expansion.ready();
  await link.confirmAll();
  await ready;
  link.written.length = 0;
}

const part = (id: string, to: string[]): FanoutPart => ({
  head: `<message type="chat" from="t@lists.localhost" id="${id}" to="`,
  tail: `"><body>hi</body></message>`,
  to,
});

const errorFrom = (from: string, id: string, condition: string, ...extra: Element[]) =>
  xml(
    "message",
    { type: "error", from, to: "t@lists.localhost", id },
    ...extra,
    xml("error", { type: "cancel" }, xml(condition, { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" })),
  );

describe("Expansion (server-side fan-out)", () => {
  it("finds the service on the server itself (Prosody's module) and tries it with an empty message", async () => {
    const link = new FakeServerLink("server");
    const expansion = expansionFor(link);
    const ready = expansion.ready();
    await link.confirmAll();
    await ready;
    assert.equal(expansion.service(), "localhost");
    const probe = link.written[0]!;
    assert.equal(probe.attrs.to, "localhost");
    assert.equal(probe.getChild("addresses", ADDRESS)?.children.length, 0, "the probe names nobody");
  });

  it("finds ejabberd's mod_multicast among the server's items", async () => {
    const link = new FakeServerLink("item");
    const expansion = expansionFor(link);
    await discovered(expansion, link);
    assert.equal(expansion.service(), "multicast.localhost");
    assert.deepEqual(link.discoAsked, ["localhost", "localhost", "lists.localhost", "multicast.localhost"]);
  });

  it("stays off without a service, and asks nothing when delivery.expansion is off", async () => {
    const none = new FakeServerLink("none");
    const without = expansionFor(none);
    await without.ready();
    assert.equal(without.service(), undefined);
    const off = new FakeServerLink("server");
    const disabled = expansionFor(off, new Metrics(), "off");
    await disabled.ready();
    assert.equal(disabled.service(), undefined);
    assert.deepEqual(off.discoAsked, []);
  });

  it("is not used on a connection whose probe the service refused", async () => {
    const link = new FakeServerLink("server");
    const expansion = expansionFor(link);
    const ready = expansion.ready();
    await settle();
    const probe = link.written[0]!;
    assert.equal(expansion.takeError(errorFrom("localhost", probe.attrs.id!, "forbidden")), true);
    await link.confirmAll();
    await ready;
    assert.equal(expansion.service(), undefined);
  });

  it("writes local copies as one stanza of bcc addresses per maxAddresses, and remote ones alone", async () => {
    const link = new FakeServerLink("server");
    const metrics = new Metrics();
    const expansion = expansionFor(link, metrics, "auto", 2);
    await discovered(expansion, link);
    const to = ["a@localhost", "b@remote.example", "c@localhost/phone", "d@LOCALHOST"];
    const written = expansion.writeCopies(part("m1", []).head, part("m1", []).tail, to, (d) => link.write(d));
    assert.deepEqual(link.summary, [
      "b@remote.example",
      "localhost: a@localhost c@localhost/phone",
      "d@LOCALHOST",
    ]);
    assert.deepEqual(written, { stanzas: 3, refused: 0 });
    assert.equal(await metrics.count("manifold_expanded_copies_total"), 2);
    const expanded = link.written[1]!;
    assert.equal(expanded.attrs.id, "m1");
    assert.equal(expanded.getChildText("body"), "hi", "the payload travels as it is");
    assert.equal(expanded.children.at(-1), expanded.getChild("addresses", ADDRESS), "addresses come last");
  });

  it("never expands presence", async () => {
    const link = new FakeServerLink("server");
    const expansion = expansionFor(link);
    await discovered(expansion, link);
    const out = new Outbox(link);
    out.expander = expansion;
    out.sendEach(xml("presence", { from: "r@groups.localhost/n" }), ["a@localhost/1", "b@localhost/2"]);
    out.sendEach(xml("message", { from: "r@groups.localhost/n", type: "groupchat" }), [
      "a@localhost/1",
      "b@localhost/2",
    ]);
    assert.deepEqual(link.summary, [
      "a@localhost/1",
      "b@localhost/2",
      "localhost: a@localhost/1 b@localhost/2",
    ]);
  });

  it("never expands a message that carries XEP-0033 addresses of its own", async () => {
    const link = new FakeServerLink("server");
    const expansion = expansionFor(link);
    await discovered(expansion, link);
    const out = new Outbox(link);
    out.expander = expansion;
    const named = xml("addresses", { xmlns: ADDRESS }, xml("address", { type: "to", jid: "bob@localhost" }));
    const reflection = xml("message", { from: "t@lists.localhost/Alice", type: "groupchat" }, named);
    out.sendEach(reflection, ["alice@localhost/1", "alice@localhost/2"]);
    assert.deepEqual(link.summary, ["alice@localhost/1: bob@localhost", "alice@localhost/2: bob@localhost"]);
  });

  it("takes a bounce naming one address as that recipient's, not as a refusal", async () => {
    const link = new FakeServerLink("server");
    const expansion = expansionFor(link);
    await discovered(expansion, link);
    const one = xml("addresses", { xmlns: ADDRESS }, xml("address", { type: "bcc", jid: "bad@@localhost" }));
    assert.equal(expansion.takeError(errorFrom("localhost", "m1", "jid-malformed", one)), false);
    assert.equal(expansion.takeError(errorFrom("a@localhost", "m1", "service-unavailable")), false);
    assert.equal(expansion.service(), "localhost");
    assert.equal(expansion.refusals, 0);
  });

  it("sends a fan-out's unconfirmed copies again, one per member, when the service refuses them", async () => {
    const db = await memoryDatabase();
    const link = new FakeServerLink("server");
    const metrics = new Metrics();
    const expansion = expansionFor(link, metrics);
    await discovered(expansion, link);
    const fanout = new FanoutSender({
      link,
      journal: new FanoutJournal(db),
      serverDomain: "localhost",
      settings: { confirmEvery: 10, confirmTimeoutMs: 60_000, serverSyncMs: 0 },
      ids: sequentialIds("p"),
      log: pino({ level: "silent" }),
      metrics,
      expansion,
    });
    const members = ["a@localhost", "b@localhost", "c@localhost"];
    await fanout.accept("t@lists.localhost", "m1", 1, [part("m1", members)]);
    await settle();
    assert.deepEqual(link.summary, ["localhost: a@localhost b@localhost c@localhost"]);
    assert.equal(link.pings[0]!.iq.attrs.to, "localhost", "confirmed by a ping to the service");

    // The refusal arrives before the ping's answer (the server handles them in order).
    assert.equal(expansion.takeError(errorFrom("localhost", "m1", "not-acceptable")), true);
    await link.confirmAll();
    await fanout.idle();
    assert.deepEqual(link.summary.slice(1), members, "sent again, one by one");
    assert.equal(await metrics.count("manifold_expansion_refused_total"), 1);
    assert.equal(fanout.pendingCopies, 0, "confirmed in the end");

    // A new connection looks again, and uses the service if it now takes Manifold.
    link.reconnect();
    await discovered(expansion, link);
    assert.equal(expansion.service(), "localhost");
  });
});
