// Archive retention (archive.expireAfter and each room's own shorter time): expired messages leave
// MAM, join history and the ids corrections name at the cut-off, and the sweep removes them.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import { ALICE, BOB, MUC_OWNER, TEA, configure, createRoom, errorOf, join } from "./helpers/muc.js";
import { BADMINTON, badminton } from "./helpers/topics.js";
import type { Element } from "../../src/xmpp/xml.js";

const MAM = "urn:xmpp:mam:2";
const DELAY = "urn:xmpp:delay";
const FIELD = "urn:x-manifold:0#archive_expiry";
const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T12:00:00Z");

const mamQuery = (from: string, to: string) =>
  `<iq type="set" id="q" from="${from}" to="${to}"><query xmlns="${MAM}" queryid="qid"/></iq>`;
const archived = (out: Element[]) =>
  out
    .filter((el) => el.name === "message" && el.getChild("result", MAM))
    .map((el) =>
      el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body"),
    );

async function mam(w: World, from: string, to: string): Promise<(string | null)[]> {
  await w.send(mamQuery(from, to));
  return archived(w.take());
}

async function expiredCount(w: World): Promise<number> {
  return (await w.app.metrics.archiveExpired.get()).values[0]?.value ?? 0;
}

describe("archive retention", () => {
  let w: World;
  afterEach(() => w.stop());

  describe("with the service keeping messages 30 days", () => {
    beforeEach(async () => {
      w = await world({ env: { MANIFOLD_ARCHIVE_EXPIRE_AFTER: "30d" } });
      w.clock.set(T0);
      await createRoom(w, ALICE, TEA, "Alice");
      await w.send(
        `<message from="${ALICE}" to="${TEA}" type="groupchat" id="old"><body>old</body></message>`,
      );
      w.clock.set(T0 + 20 * DAY);
      await w.send(
        `<message from="${ALICE}" to="${TEA}" type="groupchat" id="new"><body>new</body></message>`,
      );
      w.take();
    });

    it("stops showing a message in MAM and join history once it is 30 days old, before any sweep", async () => {
      assert.deepEqual(await mam(w, ALICE, TEA), ["old", "new"]);
      w.clock.set(T0 + 31 * DAY);
      assert.deepEqual(await mam(w, ALICE, TEA), ["new"]);
      const history = (await join(w, BOB, TEA, "Bob")).filter((el) => el.getChild("delay", DELAY));
      assert.deepEqual(
        history.map((el) => el.getChildText("body")),
        ["new"],
      );
      assert.equal(await expiredCount(w), 0, "nothing was removed yet");
    });

    it("no longer lets the author correct an expired message: the correction is a new message", async () => {
      w.clock.set(T0 + 31 * DAY);
      await w.send(
        `<message from="${ALICE}" to="${TEA}" type="groupchat" id="fix"><body>fixed</body><replace xmlns="urn:xmpp:message-correct:0" id="old"/></message>`,
      );
      w.take();
      assert.deepEqual(await mam(w, ALICE, TEA), ["new", "fixed"]);
    });

    it("removes expired messages from the store when the sweep runs, and only those", async () => {
      w.clock.set(T0 + 31 * DAY);
      await w.app.runMaintenance();
      assert.equal(await expiredCount(w), 1);
      // Back to a time when the old message was not yet expired: it is gone for good.
      w.clock.set(T0 + 21 * DAY);
      assert.deepEqual(await mam(w, ALICE, TEA), ["new"]);
    });

    it("offers the owner a shorter time in the room form, and refuses a longer one", async () => {
      await w.send(`<iq type="get" id="f" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_OWNER}"/></iq>`);
      const form = w.take()[0]!.getChild("query", MUC_OWNER)!.getChild("x", "jabber:x:data")!;
      const field = form.getChildren("field").find((f) => f.attrs.var === FIELD)!;
      assert.equal(field.attrs.type, "list-single");
      assert.equal(field.getChildText("value"), "service");
      assert.deepEqual(
        field.getChildren("option").map((o) => o.getChildText("value")),
        ["service", "1d", "1w"],
      );

      await configure(w, ALICE, TEA, { [FIELD]: "90d" });
      const refused = w.take().find((el) => el.name === "iq")!;
      assert.equal(errorOf(refused).condition, "not-acceptable");
      assert.match(errorOf(refused).text!, /at most 30 days/);

      await configure(w, ALICE, TEA, { [FIELD]: "1w" });
      assert.equal(w.take().find((el) => el.name === "iq")!.attrs.type, "result");
      // The newer message is 11 days old at day 31: past the room's week.
      w.clock.set(T0 + 31 * DAY);
      assert.deepEqual(await mam(w, ALICE, TEA), []);
      await w.app.runMaintenance();
      assert.equal(await expiredCount(w), 2);
    });
  });

  it("keeps everything by default, and lets a room choose its own time", async () => {
    w = await world();
    w.clock.set(T0);
    await createRoom(w, ALICE, TEA, "Alice", { [FIELD]: "7d" });
    await w.send(`<message from="${ALICE}" to="${TEA}" type="groupchat"><body>m1</body></message>`);
    w.take();
    w.clock.set(T0 + 400 * DAY);
    await badminton(w);
    await w.send(`<message from="${ALICE}" to="${BADMINTON}" type="groupchat"><body>topic</body></message>`);
    w.take();
    w.clock.set(T0 + 800 * DAY);
    assert.deepEqual(await mam(w, ALICE, TEA), [], "the room's own week");
    assert.deepEqual(await mam(w, ALICE, BADMINTON), ["topic"], "a topic keeps what the service keeps");
    await w.app.runMaintenance();
    assert.equal(await expiredCount(w), 1);
  });
});
