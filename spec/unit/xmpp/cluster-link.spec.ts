// One domain over a connection to each node of a cluster (xmpp/cluster-link.ts), with fake
// connections: who sends what, how a ping confirms, what a dropped connection changes.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { pino } from "pino";
import { ClusterLink, recipientOf } from "../../../src/xmpp/cluster-link.js";
import { parseXml, type Element } from "../../../src/xmpp/xml.js";

class FakeConnection extends EventEmitter {
  online = true;
  reconnects = 0;
  readonly domain = "lists.localhost";
  readonly written: string[] = [];
  readonly pinged: Element[] = [];
  /** Whether this node answers pings. */
  answers = true;
  handler: ((el: Element) => Promise<void>) | undefined;
  get queued() {
    return 0;
  }
  start() {
    return Promise.resolve();
  }
  stop() {
    return Promise.resolve();
  }
  write(data: string) {
    this.written.push(data);
    return true;
  }
  drained() {
    return Promise.resolve();
  }
  /** Stanzas it held when it went down. */
  held: string[] = [];
  takeQueued() {
    return this.held.splice(0);
  }
  request(iq: Element) {
    this.pinged.push(iq);
    return Promise.resolve(
      this.answers ? parseXml(`<iq type="result" id="${iq.attrs.id ?? ""}"/>`) : undefined,
    );
  }
  takeResponse(stanza: Element) {
    return stanza.attrs.id === "mine";
  }
  when() {
    return Promise.resolve();
  }
  onStanza(handler: (el: Element) => Promise<void>) {
    this.handler = handler;
  }
  drop() {
    this.online = false;
    this.reconnects++;
    this.emit("offline");
  }
}

const message = (to: string) => `<message to="${to}" type="chat"><body>hi</body></message>`;
const users = Array.from({ length: 200 }, (_, i) => `u${i}@localhost`);
const ping = () => parseXml(`<iq type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>`);

function cluster(n = 2) {
  const nodes = Array.from({ length: n }, () => new FakeConnection());
  const link = new ClusterLink("lists.localhost", nodes, pino({ level: "silent" }));
  return { nodes, link };
}

/** Which node each recipient's copies went through. */
function routes(nodes: FakeConnection[]): Map<string, number> {
  const out = new Map<string, number>();
  nodes.forEach((node, i) => node.written.forEach((data) => out.set(recipientOf(data), i)));
  return out;
}

describe("cluster link", () => {
  it("spreads recipients over the nodes, each recipient always through the same one", () => {
    const { nodes, link } = cluster(2);
    for (const user of users) link.write(message(user));
    for (const user of users) link.write(message(user));
    const counts = nodes.map((n) => n.written.length);
    assert.ok(
      counts.every((c) => c > 100),
      `both nodes carry a share: ${counts.join("/")}`,
    );
    for (const user of users) {
      const through = nodes.filter((n) => n.written.some((d) => recipientOf(d) === user));
      assert.equal(through.length, 1, `${user} through one node`);
    }
  });

  it("moves only the lost node's recipients when a connection drops, and counts it as a reconnect", () => {
    const { nodes, link } = cluster(3);
    for (const user of users) link.write(message(user));
    const before = routes(nodes);
    const generation = link.reconnects;
    nodes[1]!.drop();
    assert.ok(link.reconnects > generation);
    for (const node of nodes) node.written.length = 0;
    for (const user of users) link.write(message(user));
    const after = routes(nodes);
    for (const user of users) {
      if (before.get(user) === 1) assert.notEqual(after.get(user), 1, "off the lost node");
      else assert.equal(after.get(user), before.get(user), "the others stay where they were");
    }
    assert.ok(link.online);
  });

  it("sends what a lost node still held through the others", () => {
    const { nodes } = cluster(2); // the link listens to its nodes
    nodes[0]!.held.push(message("late@localhost"));
    nodes[0]!.drop();
    assert.deepEqual(nodes[1]!.written, [message("late@localhost")]);
  });

  it("confirms with a ping on every node that is up, and fails if one is silent", async () => {
    const { nodes, link } = cluster(3);
    for (const user of users) link.write(message(user));
    assert.ok(await link.request(ping(), 1000));
    assert.deepEqual(
      nodes.map((n) => n.pinged.length),
      [1, 1, 1],
    );
    nodes[2]!.drop();
    assert.ok(await link.request(ping(), 1000), "a node that is down is not asked");
    assert.deepEqual(
      nodes.map((n) => n.pinged.length),
      [2, 2, 1],
    );
    nodes[1]!.answers = false;
    assert.equal(await link.request(ping(), 1000), undefined, "one node did not confirm its copies");
  });

  it("sends any other request on one node", async () => {
    const { nodes, link } = cluster(2);
    await link.request(
      parseXml(`<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`),
      1000,
    );
    assert.equal(nodes[0]!.pinged.length + nodes[1]!.pinged.length, 1);
  });

  it("takes stanzas and answers from every node", async () => {
    const { nodes, link } = cluster(2);
    const seen: string[] = [];
    link.onStanza((el) => {
      seen.push(el.attrs.id!);
      return Promise.resolve();
    });
    await nodes[0]!.handler!(parseXml(`<message id="a"/>`));
    await nodes[1]!.handler!(parseXml(`<message id="b"/>`));
    assert.deepEqual(seen, ["a", "b"]);
    assert.ok(link.takeResponse(parseXml(`<iq type="result" id="mine"/>`)));
  });

  it("reads the recipient of a serialised stanza without parsing it", () => {
    assert.equal(
      recipientOf(`<message type='chat' to='a@b/c' id='1'><body>to="x"</body></message>`),
      "a@b/c",
    );
    assert.equal(recipientOf(`<presence from="x"/>`), "");
    const expandedChunk = `<message to="multicast.localhost" id="1"><body>hi</body><addresses xmlns="http://jabber.org/protocol/address"><address type="bcc" jid="r7@localhost"/><address type="bcc" jid="r8@localhost"/></addresses></message>`;
    assert.equal(recipientOf(expandedChunk), "r7@localhost", "an expanded chunk goes by its first address");
    assert.equal(recipientOf(`<iq to="localhost" id="p"><ping xmlns="urn:xmpp:ping"/></iq>`), "localhost");
  });
});
