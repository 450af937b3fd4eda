// A node of the cluster lost (issue 20): SIGKILLed or frozen (SIGSTOP) in the middle of a
// 1000-member fan-out, every member still gets the message at least once, repeats sharing the
// message's stanza-id: the copies its connection had not confirmed go again through the other
// node. When the node is back, Manifold connects to it again and it takes its share. The members
// are addresses of a test component (spec/helpers/sink.ts) connected to the node that stays.
// Manifold reaches the node that goes through a relay (spec/helpers/stall-proxy.ts) that stalls
// after 200 kB of the fan-out, before the node is lost: so the node has provably not confirmed
// its share (about 500 copies of 8 kB) when it goes, however fast it routes.
import assert from "node:assert/strict";
import type { App } from "../../src/app.js";
import type { EjabberdCluster } from "../../scripts/lib/ejabberd-cluster.js";
import { COMPONENT_SECRET } from "../helpers/prosody.js";
import { SINK_DOMAIN, startSink, type Sink } from "../helpers/sink.js";
import { startStallProxy, type StallProxy } from "../helpers/stall-proxy.js";
import { SID, admin, createPersistentTopic, freshTopic, groupchat, isChatFrom } from "../helpers/topics.js";
import type { TestUser } from "../helpers/users.js";
import { LISTS_DOMAIN } from "../helpers/prosody.js";
import {
  clusterLinks,
  nodesUp,
  reconnectOn,
  startCluster,
  startClusterManifold,
  usersOn,
} from "./helpers.js";

const MEMBERS = 1000;
/** Bytes the node that goes sees of the fan-out: some 25 of its 500 copies. */
const BEFORE_STALL = 200_000;

// A quick watchdog (a frozen node is found within 2 s) and quick reconnects (the node's return).
const CONFIG = `connection:
  pingIntervalMs: 1000
  pingTimeoutMs: 1000
  reconnectInitialMs: 200
  reconnectMaxMs: 1000
delivery:
  confirmTimeoutMs: 3000
`;

describe("cluster: a node lost in the middle of a fan-out", function () {
  this.timeout(180_000);
  let cluster: EjabberdCluster;
  let sink: Sink;
  let app: App;
  let alice: TestUser;
  let relay: StallProxy; // in front of the first node, the one that goes
  const members = Array.from({ length: MEMBERS }, (_, i) => `m${i}@${SINK_DOMAIN}`);

  before(async () => {
    cluster = await startCluster();
    const [a, b] = cluster.nodes;
    sink = await startSink(b!.host, b!.componentPort, COMPONENT_SECRET);
    relay = await startStallProxy(a!.host, a!.componentPort);
    const via = { 0: `${a!.host}:${relay.port}` };
    ({ app } = await startClusterManifold(cluster, { config: CONFIG, via }));
    await nodesUp(app, 2);
    alice = (await usersOn(cluster, ["alice", b!]))[0]!;
  });
  after(async () => {
    for (const node of cluster?.nodes ?? []) node.kill("SIGCONT");
    await alice?.stop();
    await app?.stop();
    await sink?.stop();
    await relay?.close();
    await cluster?.stop();
  });

  /** A topic of the 1000 members and a message long enough (8 MB of copies) to be mid-stream when
   *  the node goes; resolves once the link to the first node stalled and the first copies arrived,
   *  with what each member got of it. */
  async function fanOutStarted(label: string, people: TestUser[] = []) {
    const topic = freshTopic(label);
    await createPersistentTopic(alice, topic);
    await admin(
      alice,
      topic,
      ...[...members, ...people.map((p) => p.bare)].map((jid) => ({ jid, affiliation: "member" })),
    );
    const body = `${label} to all ${MEMBERS}: ${"x".repeat(8000)}`;
    const got = (jid: string) =>
      (sink.messages.get(jid) ?? []).filter((m) => m.getChildText("body") === body);
    const stalled = relay.stallAfter(BEFORE_STALL);
    await groupchat(alice, topic, body);
    await stalled;
    await sink.until(() => members.some((jid) => got(jid).length > 0));
    return { topic, got };
  }

  function assertEveryoneOnce(topic: string, got: (jid: string) => import("ltx").Element[]): number {
    const copies = members.flatMap(got);
    const stanzaIds = new Set(copies.map((m) => m.getChild("stanza-id", SID)?.attrs.id));
    assert.equal(stanzaIds.size, 1, "every copy, first or repeated, has the same stanza-id");
    assert.ok(copies.every((m) => m.attrs.from === topic));
    return copies.length - MEMBERS;
  }

  it("SIGKILL: every member gets the message through the other node; the node's return takes its share", async () => {
    const [a, b] = cluster.nodes;
    const carol = (await usersOn(cluster, ["carol", a!]))[0]!;
    const { topic, got } = await fanOutStarted("kill", [carol]);
    a!.kill("SIGKILL");
    relay.release(); // the relay passes what comes after: Manifold's reconnects, the node's return
    await sink.until(() => members.every((jid) => got(jid).length > 0), 120_000);
    const repeats = assertEveryoneOnce(topic, got);
    console.log(
      `      node killed mid-fan-out: ${MEMBERS} members reached, none missing, ${repeats} repeats`,
    );

    // Carol's session went with the node: what is sent meanwhile waits in offline storage, shared
    // by the cluster, and reaches her when she logs in again on the other node.
    await groupchat(alice, topic, "while your node was down");
    const meanwhile = (jid: string) =>
      (sink.messages.get(jid) ?? []).some((m) => m.getChildText("body") === "while your node was down");
    await sink.until(() => members.every(meanwhile), 60_000); // carol's copy went with theirs
    const again = await reconnectOn(b!, carol);
    const kept = await again.waitFor(isChatFrom(topic, "while your node was down"));
    assert.ok(kept.getChild("delay", "urn:xmpp:delay"), "from offline storage");
    await again.stop();

    await a!.restart();
    assert.equal((await cluster.members(a!)).length, 2, "the node is back in the cluster");
    await nodesUp(app, 2);
    const [lists] = clusterLinks(app).filter((l) => l.domain === LISTS_DOMAIN);
    const before = [...lists!.sent];
    await groupchat(alice, topic, "both nodes again");
    const back = (jid: string) =>
      (sink.messages.get(jid) ?? []).some((m) => m.getChildText("body") === "both nodes again");
    await sink.until(() => members.every(back), 60_000);
    assert.ok(
      lists!.sent.every((n, i) => n > before[i]!),
      `both connections carried copies again: ${before.join("/")} → ${lists!.sent.join("/")}`,
    );
  });

  it("SIGSTOP: the watchdog gives the frozen node's share to the other one", async () => {
    const [a] = cluster.nodes;
    const { topic, got } = await fanOutStarted("freeze");
    a!.kill("SIGSTOP");
    relay.release(); // the link is whole again; the node behind it is frozen
    try {
      await sink.until(() => members.every((jid) => got(jid).length > 0), 120_000);
    } finally {
      a!.kill("SIGCONT");
    }
    const repeats = assertEveryoneOnce(topic, got);
    console.log(`      node frozen mid-fan-out: ${MEMBERS} members reached, ${repeats} repeats`);
    await nodesUp(app, 2);
  });
});
