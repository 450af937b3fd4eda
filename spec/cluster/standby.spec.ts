// Manifold's own availability (issue 20; docs/operations.md, "Manifold's own availability"): one
// writer per store, enforced by LevelDB's lock. A standby started on the same store (replicated
// storage, mounted on a second machine) is refused at once with one clear line; once the running
// Manifold is gone — SIGKILLed here in the middle of a 1000-member fan-out — the standby starts on
// the store and finishes what the first one accepted: every member reached, repeats sharing the
// stanza-id. The members are addresses of a test component on the cluster's second node.
import assert from "node:assert/strict";
import type { EjabberdCluster } from "../../scripts/lib/ejabberd-cluster.js";
import { COMPONENT_SECRET } from "../helpers/prosody.js";
import { runCli } from "../helpers/manifold-cli.js";
import { spawnManifold, type ManifoldProcess } from "../helpers/manifold-process.js";
import { SINK_DOMAIN, startSink, type Sink } from "../helpers/sink.js";
import { SID, admin, createPersistentTopic, freshTopic, groupchat } from "../helpers/topics.js";
import type { TestUser } from "../helpers/users.js";
import { clusterEnv, freshDataDir, startCluster, usersOn } from "./helpers.js";

const MEMBERS = 1000;

describe("cluster: a standby Manifold on the same store", function () {
  this.timeout(180_000);
  let cluster: EjabberdCluster;
  let sink: Sink;
  let alice: TestUser | undefined;
  const running: ManifoldProcess[] = [];

  before(async () => {
    cluster = await startCluster();
    const [, b] = cluster.nodes;
    sink = await startSink(b!.host, b!.componentPort, COMPONENT_SECRET);
  });
  after(async () => {
    await alice?.stop();
    await Promise.all(running.map((m) => m.stop()));
    await sink?.stop();
    await cluster?.stop();
  });

  it("is refused while the first one runs, then takes over and finishes its fan-out", async () => {
    const dataDir = freshDataDir();
    const env = clusterEnv(cluster, dataDir, { config: "delivery:\n  confirmEvery: 20\n" });
    const first = await spawnManifold({ ...env, MANIFOLD_LOG_LEVEL: "info" });
    running.push(first);

    const refused = await runCli(["start"], env);
    assert.equal(refused.code, 2, `the standby exits with status 2:\n${refused.stderr}`);
    assert.match(refused.stderr, new RegExp(`the store at ${dataDir} is in use: another process`));

    const [, b] = cluster.nodes;
    alice = (await usersOn(cluster, ["alice", b!]))[0]!;
    const topic = freshTopic("standby");
    await createPersistentTopic(alice, topic);
    const members = Array.from({ length: MEMBERS }, (_, i) => `s${i}@${SINK_DOMAIN}`);
    await admin(alice, topic, ...members.map((jid) => ({ jid, affiliation: "member" })));
    const body = `to all ${MEMBERS}: ${"x".repeat(8000)}`;
    const got = (jid: string) =>
      (sink.messages.get(jid) ?? []).filter((m) => m.getChildText("body") === body);
    await groupchat(alice, topic, body);
    await sink.until(() => members.some((jid) => got(jid).length > 0));
    await first.kill();
    running.splice(running.indexOf(first), 1);
    const reachedAtKill = members.filter((jid) => got(jid).length > 0).length;

    const standby = await spawnManifold({ ...env, MANIFOLD_LOG_LEVEL: "info" });
    running.push(standby);
    await sink.until(() => members.every((jid) => got(jid).length > 0), 120_000);
    const copies = members.flatMap(got);
    assert.equal(new Set(copies.map((m) => m.getChild("stanza-id", SID)?.attrs.id)).size, 1);
    console.log(
      `      ${reachedAtKill} of ${MEMBERS} reached when the first was killed; the standby sent the rest ` +
        `(${copies.length - MEMBERS} repeats)`,
    );
  });
});
