// Topic limits on a real server with real clients (docs/protocol.md, "Topic service:
// lists.localhost", Limits): tiny limits from an operator file given in MANIFOLD_CONFIG.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { xml, type TestUser } from "../helpers/users.js";
import { MUC } from "../helpers/rooms.js";
import {
  addMembers,
  barrier,
  createByCommand,
  createTopic,
  errorOf,
  failsWith,
  freshTopic,
  groupchat,
  isChatFrom,
  isGroupchatFrom,
  isMessageErrorFrom,
  localPart,
  memberList,
  people,
} from "../helpers/topics.js";

describe("topics: limits", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold | undefined;
  let configDir: string;
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;

  before(async () => {
    server = await useServer();
    configDir = mkdtempSync(join(tmpdir(), "manifold-topic-limits-"));
    const file = join(configDir, "manifold.yaml");
    writeFileSync(file, "lists: { maxMembers: 2, maxTopicsPerOwner: 1, messagesPerMinute: 3 }\n");
    manifold = await startManifold(server, { env: { MANIFOLD_CONFIG: file } });
  });
  after(async () => {
    await manifold?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    [alice, bob, carol, dave] = (await people(server, "alice", "bob", "carol", "dave")) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
  });
  afterEach(() => Promise.all([alice, bob, carol, dave].map((u) => u.stop())));

  it("refuses members beyond lists.maxMembers with resource-constraint, adding nobody", async () => {
    const topic = freshTopic("x");
    await createTopic(alice, topic);
    await addMembers(alice, topic, bob);
    await assert.rejects(addMembers(alice, topic, carol, dave), (err: unknown) => {
      failsWith("resource-constraint", "cancel")(err);
      assert.match((err as Error).message, /\b2\b/, "the text names the limit");
      return true;
    });
    assert.deepEqual(await memberList(alice, topic), [bob.bare], "nothing is added");

    await addMembers(alice, topic, carol);
    await assert.rejects(addMembers(alice, topic, dave), failsWith("resource-constraint", "cancel"));
    assert.deepEqual(await memberList(alice, topic), [bob.bare, carol.bare].sort());
  });

  it("refuses a topic beyond lists.maxTopicsPerOwner with resource-constraint, by join and by command", async () => {
    await createTopic(alice, freshTopic("first"));
    const second = freshTopic("second");
    await alice.send(xml("presence", { to: `${second}/Alice` }, xml("x", { xmlns: MUC })));
    const refusal = await alice.waitFor(
      (el) => el.name === "presence" && el.attrs.type === "error" && el.attrs.from === `${second}/Alice`,
    );
    assert.equal(errorOf(refusal).condition, "resource-constraint", refusal.toString());
    assert.equal(errorOf(refusal).type, "cancel");
    await assert.rejects(
      createByCommand(alice, localPart(freshTopic("third"))),
      failsWith("resource-constraint", "cancel"),
    );
  });

  it("refuses an owner's sends beyond lists.messagesPerMinute with policy-violation (wait)", async () => {
    const topic = freshTopic("x");
    await createTopic(alice, topic);
    await addMembers(alice, topic, bob);
    for (const body of ["one", "two", "three"]) {
      await groupchat(alice, topic, body);
      await alice.waitFor(isGroupchatFrom(topic, "Alice", body));
      await bob.waitFor(isChatFrom(topic, body));
    }
    await groupchat(alice, topic, "four");
    const refusal = await alice.waitFor(isMessageErrorFrom(topic));
    assert.equal(errorOf(refusal).condition, "policy-violation", refusal.toString());
    assert.equal(errorOf(refusal).type, "wait");
    assert.ok(errorOf(refusal).text);
    await barrier(bob, topic);
    assert.ok(!bob.inbox.some(isChatFrom(topic, "four")), "the refused message reached nobody");
  });
});
