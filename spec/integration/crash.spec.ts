// Crash-safe fan-out (issue 7): Manifold killed with SIGKILL in the middle of a 1000-member topic
// fan-out. The accepted message is in the journal with its confirmed mark; the restarted Manifold
// sends the rest, so every member gets it at least once, and any repeat carries the same stanza id.
// The same for a room message's copies to 1000 members who are not in the room (issue 19, absent
// members), which go through the same journal.
// The 1000 members are addresses of a test component (spec/helpers/sink.ts) on the real server.
// Manifold first talks to the server through a relay that stalls after 400 kB of the fan-out, so
// the kill always lands with most copies unseen by the server, however fast it routes.
// Run twice: with the server expanding the copies (issue 18; the sink's domain counts as local so
// that its addresses are expanded) and with delivery.expansion off, one stanza per copy.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type XmppServer } from "../../scripts/lib/xmpp-server.js";
import { FanoutJournal } from "../../src/delivery/journal.js";
import { Database, openLevel } from "../../src/store/db.js";
import { spawnManifold, type ManifoldProcess } from "../helpers/manifold-process.js";
import { COMPONENT_SECRET, GROUPS_DOMAIN, LISTS_DOMAIN, MANIFOLD_COMPONENTS } from "../helpers/prosody.js";
import { SINK_DOMAIN, startSink, type Sink } from "../helpers/sink.js";
import { startStallProxy } from "../helpers/stall-proxy.js";
import { registerAndConnect, uniqueName, type TestUser } from "../helpers/users.js";
import { createGroup, freshRoom } from "../helpers/groups.js";
import { admin, createPersistentTopic, freshTopic, groupchat, SID } from "../helpers/topics.js";

const MEMBERS = 1000;
/** Bytes of the fan-out the server sees before the link stalls: 50 of the 8 kB copies one per
 *  stanza, 200 expanded four to a stanza; either way far from all 1000. */
const BEFORE_STALL = 400_000;

/** What is left in the journal of a stopped Manifold's data directory, for one service. */
async function journalIn(dataDir: string, domain: string) {
  const db = new Database(openLevel(dataDir));
  await db.open();
  try {
    return await new FanoutJournal(db).pending(domain);
  } finally {
    await db.close();
  }
}

/** Where the message goes, and what each of the members gets of it. */
interface Case {
  name: string;
  /** The service whose journal holds the copies. */
  domain: string;
  /** Makes the topic or room with `members`, and returns its JID. */
  make(owner: TestUser, members: string[]): Promise<string>;
  /** The text each member's copy carries for `body` sent to `jid`. */
  copyText(jid: string, body: string): string;
}

const CASES: Case[] = [
  {
    name: "topic",
    domain: LISTS_DOMAIN,
    async make(owner, members) {
      const topic = freshTopic("crash");
      await createPersistentTopic(owner, topic);
      await admin(owner, topic, ...members.map((jid) => ({ jid, affiliation: "member" })));
      return topic;
    },
    copyText: (_jid, body) => body,
  },
  {
    name: "room (members not in it)",
    domain: GROUPS_DOMAIN,
    async make(owner, members) {
      const room = freshRoom("crash");
      await createGroup(owner, room, "Alice");
      await admin(owner, room, ...members.map((jid) => ({ jid, affiliation: "member" })));
      return room;
    },
    copyText: (jid, body) => `[${jid.split("@")[0]}] Alice: ${body}`,
  },
];

/** The service each of Manifold's domains expands through ("off" for none), from its start-up line. */
function expansionOf(output: string): string[] {
  const line = output.split("\n").find((l) => l.includes('"msg":"Manifold started"'));
  return (JSON.parse(line ?? "{}") as { expansion?: string[] }).expansion ?? [];
}

for (const expansion of ["auto", "off"] as const)
  describe(`crash-safe fan-out: Manifold killed mid-fan-out (expansion ${expansion})`, function () {
    this.timeout(180_000);
    let server: XmppServer;
    let sink: Sink;
    let manifold: ManifoldProcess | undefined;
    let alice: TestUser | undefined;
    const dataDir = mkdtempSync(join(tmpdir(), "manifold-crash-"));

    before(async () => {
      server = await startServer({ components: { ...MANIFOLD_COMPONENTS, [SINK_DOMAIN]: COMPONENT_SECRET } });
      sink = await startSink(server.host, server.componentPort, COMPONENT_SECRET);
    });
    after(async () => {
      await alice?.stop();
      await manifold?.stop();
      await sink.stop();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.yaml`, { force: true });
    });

    for (const kind of CASES)
      it(`${kind.name}: every one of ${MEMBERS} members gets the message at least once, repeats with the same id`, async () => {
        const env = {
          MANIFOLD_SERVER: `${server.host}:${server.componentPort}`,
          MANIFOLD_SECRET: COMPONENT_SECRET,
          MANIFOLD_GROUPS_DOMAIN: GROUPS_DOMAIN,
          MANIFOLD_LISTS_DOMAIN: LISTS_DOMAIN,
          MANIFOLD_LOCAL_DOMAINS: expansion === "auto" ? `${server.domain},${SINK_DOMAIN}` : server.domain,
          MANIFOLD_DATA: dataDir,
          MANIFOLD_EXPANSION: expansion,
          // Expanded, the fan-out would be a few stanzas; in stanzas of 4 addresses it is a stream
          // the stall can land in the middle of.
          ...(expansion === "auto" ? { MANIFOLD_CONFIG: smallChunks(dataDir) } : {}),
        };
        const proxy = await startStallProxy(server.host, server.componentPort);
        manifold = await spawnManifold({ ...env, MANIFOLD_SERVER: `${server.host}:${proxy.port}` });
        const services = expansionOf(manifold.output());
        assert.equal(services.length, 2);
        if (expansion === "auto")
          assert.ok(!services.includes("off"), `expanded through ${services.join(", ")}`);
        else assert.deepEqual(services, ["off", "off"]);
        [alice] = await registerAndConnect(server, [uniqueName("crash-alice")]);
        const members = Array.from({ length: MEMBERS }, (_, i) => `m${i}@${SINK_DOMAIN}`);
        const target = await kind.make(alice!, members);

        // A long body makes each copy 8 kB, so the stall comes within the first few hundred.
        const body = `to all ${MEMBERS}: ${"x".repeat(8000)}`;
        const text = kind.copyText(target, body);
        const got = (jid: string) =>
          (sink.messages.get(jid) ?? []).filter((m) => m.getChildText("body") === text);
        const stalled = proxy.stallAfter(BEFORE_STALL);
        await groupchat(alice!, target, body);
        await stalled; // accepted (journaled), and copies went out until the link stalled
        await sink.until(() => members.some((jid) => got(jid).length > 0)); // the server routed those
        await manifold.kill();
        manifold = undefined;
        await proxy.close();

        const left = await journalIn(dataDir, kind.domain);
        assert.equal(left.length, 1, "the accepted message is in the journal after the kill");
        assert.ok(
          left[0]!.done < MEMBERS,
          `the kill came mid-fan-out (${left[0]!.done} of ${MEMBERS} confirmed)`,
        );
        const confirmedAtKill = left[0]!.done;

        manifold = await spawnManifold(env); // straight to the server this time
        await sink.until(() => members.every((jid) => got(jid).length > 0), 120_000);

        const copies = members.flatMap(got);
        const messageIds = new Set(copies.map((m) => m.attrs.id));
        assert.equal(messageIds.size, 1, "every copy, first or repeated, has the same message id");
        if (kind.domain === LISTS_DOMAIN) {
          const stanzaIds = new Set(copies.map((m) => m.getChild("stanza-id", SID)?.attrs.id));
          assert.equal(stanzaIds.size, 1, "and the same stanza-id");
          assert.ok(copies.every((m) => m.attrs.from === target));
        } else assert.ok(copies.every((m) => m.attrs.from === GROUPS_DOMAIN));
        await manifold.stop(); // a clean stop waits for the server's last confirmation
        manifold = undefined;
        await alice!.stop();
        alice = undefined;
        assert.deepEqual(
          await journalIn(dataDir, kind.domain),
          [],
          "the journal is empty once everything is confirmed",
        );
        console.log(
          `      ${MEMBERS} members, ${confirmedAtKill} confirmed at the kill, ${copies.length} copies received ` +
            `(${copies.length - MEMBERS} repeats), none missing`,
        );
      });
  });

/** A config file next to the data directory: 4 copies per confirmation (and per expanded stanza). */
function smallChunks(dataDir: string): string {
  const file = `${dataDir}.yaml`;
  writeFileSync(file, "delivery:\n  confirmEvery: 4\n");
  return file;
}
