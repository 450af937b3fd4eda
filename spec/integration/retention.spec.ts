// Archive retention on a real server with real clients: a room's expired messages leave MAM and
// join history at the cut-off, the sweep removes them from the store (a restart on the real clock
// does not bring them back), and an owner picks a shorter time in the room form.
import assert from "node:assert/strict";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import { registerAndConnect, xml, type TestUser } from "../helpers/users.js";
import type { Element } from "../../src/xmpp/xml.js";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { MAM, MUC_OWNER, codes, configure, enter } from "../helpers/rooms.js";

const DAY = 86_400_000;
const FIELD = "urn:x-manifold:0#archive_expiry";
let counter = 0;
const fresh = (base: string) => `${base}${++counter}${Date.now() % 100000}`;

/** The wall clock, moved on by `skip` (Manifold's clock only; the server keeps real time). */
function movableClock() {
  let skipped = 0;
  return { now: () => Date.now() + skipped, skip: (ms: number) => void (skipped += ms) };
}

async function archivedBodies(user: TestUser, room: string): Promise<string[]> {
  const queryid = fresh("q");
  await user.iq(xml("iq", { type: "set", to: room }, xml("query", { xmlns: MAM, queryid })));
  return user.inbox
    .filter((el) => el.getChild("result", MAM)?.attrs.queryid === queryid)
    .map((el) =>
      el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body")!,
    );
}

async function say(user: TestUser, room: string, text: string): Promise<void> {
  await user.send(xml("message", { to: room, type: "groupchat" }, xml("body", {}, text)));
  await user.waitFor(
    (el) => el.attrs.from?.startsWith(`${room}/`) === true && el.getChildText("body") === text,
  );
}

async function expired(manifold: RunningManifold): Promise<number> {
  return (await manifold.app.metrics.archiveExpired.get()).values[0]?.value ?? 0;
}

describe("archive retention on a real server", function () {
  this.timeout(30000);
  let server: XmppServer;
  let alice: TestUser, bob: TestUser;
  let manifold: RunningManifold | undefined;

  before(async () => {
    server = await useServer();
  });
  beforeEach(async () => {
    [alice, bob] = (await registerAndConnect(server, [fresh("alice"), fresh("bob")])) as [TestUser, TestUser];
  });
  afterEach(async () => {
    await Promise.all([alice, bob].map((u) => u.stop()));
    await manifold?.stop();
    manifold = undefined;
  });

  it("hides messages past the service's 30 days at once, and the sweep removes them for good", async () => {
    const clock = movableClock();
    manifold = await startManifold(server, { env: { MANIFOLD_ARCHIVE_EXPIRE_AFTER: "30d" }, clock });
    const room = `${fresh("tea")}@groups.localhost`;
    assert.ok(codes(await enter(alice, room, "Alice")).includes(201));
    await configure(alice, room);
    await say(alice, room, "old news");
    clock.skip(20 * DAY);
    await say(alice, room, "recent news");
    assert.deepEqual(await archivedBodies(alice, room), ["old news", "recent news"]);

    clock.skip(11 * DAY); // "old news" is 31 days old
    assert.deepEqual(await archivedBodies(alice, room), ["recent news"]);
    await enter(bob, room, "Bob", { maxstanzas: "10" });
    const history = bob.inbox.filter(
      (el) =>
        el.name === "message" && el.attrs.from === `${room}/Alice` && el.getChild("delay", "urn:xmpp:delay"),
    );
    assert.deepEqual(
      history.map((el: Element) => el.getChildText("body")),
      ["recent news"],
    );

    await manifold.app.runMaintenance();
    assert.equal(await expired(manifold), 1);
    // On the real clock again, "old news" would be 0 days old: only the sweep explains its absence.
    const { dataDir } = manifold;
    await manifold.stop();
    manifold = await startManifold(server, { dataDir, env: { MANIFOLD_ARCHIVE_EXPIRE_AFTER: "30d" } });
    assert.deepEqual(await archivedBodies(alice, room), ["recent news"]);
  });

  it("lets the owner choose a shorter time in the room form, and refuses a longer one", async () => {
    const clock = movableClock();
    manifold = await startManifold(server, { env: { MANIFOLD_ARCHIVE_EXPIRE_AFTER: "30d" }, clock });
    const room = `${fresh("short")}@groups.localhost`;
    await enter(alice, room, "Alice");
    await configure(alice, room);
    const form = (await alice.iq(xml("iq", { type: "get", to: room }, xml("query", { xmlns: MUC_OWNER }))))
      .getChild("query", MUC_OWNER)!
      .getChild("x", "jabber:x:data")!;
    const field = form.getChildren("field").find((f) => f.attrs.var === FIELD);
    assert.ok(field, "the form has the retention field");
    assert.match(field.getChildren("option")[0]!.attrs.label!, /30 days/);

    await assert.rejects(configure(alice, room, { [FIELD]: "1y" }), (err: Error) => {
      assert.match(err.message, /not-acceptable/);
      assert.match(err.message, /at most 30 days/);
      return true;
    });
    await configure(alice, room, { [FIELD]: "1d" });
    await say(alice, room, "gone tomorrow");
    clock.skip(DAY + 60_000);
    assert.deepEqual(await archivedBodies(alice, room), []);
    await manifold.app.runMaintenance();
    assert.equal(await expired(manifold), 1);
  });
});
