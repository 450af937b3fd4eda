// Rules found missing in review: each spec fails without its fix.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { world, type World } from "./helpers/world.js";
import {
  MUC,
  MUC_ADMIN,
  MUC_USER,
  configure,
  createRoom,
  errorOf,
  itemOf,
  join,
  room,
  statuses,
  ALICE,
  BOB,
  TEA,
  aliceAndBobInTea,
} from "./helpers/muc.js";
import { openLevel } from "../../src/store/db.js";

describe("room rules", () => {
  let w: World;
  beforeEach(async () => (w = await aliceAndBobInTea(await world())));
  afterEach(() => w.stop());

  it("removes an occupant whose session bounces a room message, telling the others with 333", async () => {
    await w.send(
      `<message type="error" from="${BOB}" to="${TEA}"><error type="cancel"><recipient-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
    );
    const toAlice = w.take().find((el) => el.attrs.to === ALICE)!;
    assert.equal(toAlice.attrs.type, "unavailable");
    assert.ok(statuses(toAlice).includes(333));
    const again = await join(w, "eve@localhost/e", TEA, "Bob");
    assert.ok(
      again.some((el) => statuses(el).includes(110)),
      "the nick is free again",
    );
  });

  it("keeps an occupant whose session reports a transient (wait) error", async () => {
    await w.send(
      `<message type="error" from="${BOB}" to="${TEA}"><error type="wait"><resource-constraint xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
    );
    assert.deepEqual(w.take(), []);
  });

  it("refuses a request that would leave the room without an owner, even spread over items", async () => {
    await w.send(
      `<iq type="set" id="o" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="owner" jid="bob@localhost"/></query></iq>`,
    );
    w.take();
    await w.send(
      `<iq type="set" id="x" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="admin" jid="bob@localhost"/><item affiliation="admin" jid="alice@localhost"/></query></iq>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "conflict");
  });

  it("shows the presence of the session that spoke last when several share a nick", async () => {
    await join(w, "bob@localhost/desk", TEA, "Bob");
    await w.send(`<presence from="${BOB}" to="${TEA}/Bob"><show>away</show></presence>`);
    const toAlice = w.take().find((el) => el.attrs.to === ALICE)!;
    assert.equal(toAlice.getChildText("show"), "away");
    assert.equal(itemOf(toAlice).jid, BOB);
  });

  it("warns occupants with 172 when the room starts showing real JIDs", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_whois": "anyone" });
    const notice = w.take().find((el) => el.name === "message" && el.attrs.to === BOB)!;
    assert.deepEqual(statuses(notice).sort(), [104, 172]);
  });

  it("answers a join without a nickname with jid-malformed", async () => {
    await w.send(`<presence from="${BOB}" to="${TEA}"><x xmlns="${MUC}"/></presence>`);
    assert.equal(errorOf(w.take()[0]).condition, "jid-malformed");
  });

  it("answers groupchat sent to an occupant JID with bad-request", async () => {
    await w.send(`<message type="groupchat" from="${BOB}" to="${TEA}/Alice"><body>x</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "bad-request");
  });

  it("ends a temporary room when its last occupant is banned", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_persistentroom": "0" });
    await w.send(`<presence type="unavailable" from="${ALICE}" to="${TEA}/Alice"/>`);
    await w.send(
      `<iq type="set" id="b" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="outcast" jid="bob@localhost"/></query></iq>`,
    );
    w.take();
    await w.send(
      `<iq type="get" id="i" from="eve@localhost/e" to="groups.localhost"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
    );
    assert.equal(w.take()[0]!.getChild("query")!.getChildren("item").length, 0);
  });

  it("tells each occupant once on shutdown, not about every other occupant", async () => {
    await w.stop();
    const out = w.take();
    assert.equal(out.length, 2);
    assert.ok(
      out.every((el) => el.attrs.from === `${el.attrs.to === ALICE ? TEA + "/Alice" : TEA + "/Bob"}`),
    );
    w = await world(); // afterEach stops a fresh world
  });

  it("shows real JIDs in the admin list only to owners and admins", async () => {
    await w.send(
      `<iq type="get" id="m" from="${BOB}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="owner"/></query></iq>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    const presence = (await join(w, "carol@localhost/c", TEA, "Carol")).find(
      (el) => el.attrs.from === `${TEA}/Alice`,
    )!;
    assert.equal(presence.getChild("x", MUC_USER)!.getChild("item")!.attrs.jid, undefined);
  });
});

describe("what a temporary room leaves behind", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(joinPath(tmpdir(), "manifold-spec-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("never serves a temporary room's messages to a new room of the same name after a restart", async () => {
    let w = await world({ level: openLevel(dir) });
    await createRoom(w, ALICE, room("secret"), "Alice", { "muc#roomconfig_persistentroom": "0" });
    await w.send(
      `<message from="${ALICE}" to="${room("secret")}" type="groupchat"><body>launch code 1234</body></message>`,
    );
    await w.stop();
    w = await world({ level: openLevel(dir) });
    try {
      await join(w, "mallory@localhost/m", room("secret"), "Mallory");
      await configure(w, "mallory@localhost/m", room("secret"), {});
      const out = await join(w, "eve@localhost/e", room("secret"), "Eve");
      assert.ok(!out.some((el) => el.getChildText("body") === "launch code 1234"));
      await w.send(
        `<iq type="set" id="q" from="mallory@localhost/m" to="${room("secret")}"><query xmlns="urn:xmpp:mam:2"/></iq>`,
      );
      assert.ok(!w.take().some((el) => el.toString().includes("launch code")));
    } finally {
      await w.stop();
    }
  });
});
