// Room configuration and destruction (XEP-0045 §10), and persistence across a restart.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { world, type World } from "./helpers/world.js";
import {
  MUC_OWNER,
  MUC_ADMIN,
  MUC_USER,
  configure,
  createRoom,
  errorOf,
  join,
  room,
  statuses,
  ALICE,
  BOB,
  TEA,
  aliceAndBobInTea,
} from "./helpers/muc.js";
import { Database, openLevel } from "../../src/store/db.js";

describe("room configuration", () => {
  let w: World;
  beforeEach(async () => (w = await aliceAndBobInTea(await world())));
  afterEach(() => w.stop());

  it("gives the owner the muc#roomconfig form with current values", async () => {
    await w.send(`<iq type="get" id="f" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_OWNER}"/></iq>`);
    const form = w.take()[0]!.getChild("query", MUC_OWNER)!.getChild("x", "jabber:x:data")!;
    const vars = form.getChildren("field").map((f) => f.attrs.var);
    for (const v of [
      "FORM_TYPE",
      "muc#roomconfig_roomname",
      "muc#roomconfig_roomdesc",
      "muc#roomconfig_persistentroom",
      "muc#roomconfig_publicroom",
      "muc#roomconfig_membersonly",
      "muc#roomconfig_maxusers",
      "urn:x-manifold:0#maxmembers",
    ]) {
      assert.ok(vars.includes(v), `form has ${v}`);
    }
  });

  it("labels every option of the configuration form's lists (clients show labels, not values)", async () => {
    await w.send(`<iq type="get" id="f" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_OWNER}"/></iq>`);
    const form = w.take()[0]!.getChild("query", MUC_OWNER)!.getChild("x", "jabber:x:data")!;
    const lists = form.getChildren("field").filter((f) => f.attrs.type === "list-single");
    assert.ok(lists.some((f) => f.attrs.var === "muc#roomconfig_allowpm"));
    for (const field of lists) {
      for (const option of field.getChildren("option"))
        assert.ok(
          option.attrs.label,
          `${field.attrs.var}: option ${option.getChildText("value")} has a label`,
        );
    }
    const pm = lists.find((f) => f.attrs.var === "muc#roomconfig_allowpm")!;
    assert.deepEqual(
      pm.getChildren("option").map((o) => o.attrs.label),
      ["Anyone", "Participants with voice", "Moderators only", "Nobody"],
    );
  });

  it("refuses configuration to non-owners with forbidden", async () => {
    await w.send(`<iq type="get" id="f" from="${BOB}" to="${TEA}"><query xmlns="${MUC_OWNER}"/></iq>`);
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("rejects bad field values with a text naming the field, changing nothing", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_persistentroom": "maybe" });
    const refusal = w.take()[0];
    assert.equal(errorOf(refusal).condition, "bad-request");
    assert.match(errorOf(refusal).text!, /persistentroom/);
    await configure(w, ALICE, TEA, { "urn:x-manifold:0#maxmembers": "999999" });
    const limit = w.take()[0];
    assert.equal(errorOf(limit).condition, "not-allowed");
    assert.match(errorOf(limit).text!, /5000/);
  });

  it("tells occupants with status 104 and removes non-members when a room turns members-only (322)", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_membersonly": "1" });
    const out = w.take();
    const toBob = out.find((el) => el.attrs.to === BOB && el.name === "presence")!;
    assert.equal(toBob.attrs.type, "unavailable");
    assert.ok(statuses(toBob).includes(322));
    assert.ok(out.some((el) => el.attrs.to === ALICE && statuses(el).includes(104)));
  });

  it("destroys a room: occupants get unavailable with <destroy/>, and it is gone", async () => {
    await w.send(
      `<iq type="set" id="d" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_OWNER}"><destroy jid="${room("coffee")}"><reason>moved</reason></destroy></query></iq>`,
    );
    const out = w.take();
    const toBob = out.find((el) => el.attrs.to === BOB && el.attrs.from === `${TEA}/Bob`)!;
    const destroy = toBob.getChild("x", MUC_USER)!.getChild("destroy")!;
    assert.equal(destroy.attrs.jid, room("coffee"));
    assert.equal(destroy.getChildText("reason"), "moved");
    assert.equal(out.at(-1)!.attrs.type, "result");
    await w.send(
      `<iq type="get" id="i" from="${BOB}" to="${TEA}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
  });

  it("destroys a new room when the owner cancels its first configuration", async () => {
    await join(w, ALICE, room("fresh"), "Alice");
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${room("fresh")}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="cancel"/></query></iq>`,
    );
    w.take();
    const again = await join(w, BOB, room("fresh"), "Bob");
    assert.ok(statuses(again.find((el) => el.name === "presence")!).includes(201), "bob creates it anew");
  });
});

describe("persistence", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(joinPath(tmpdir(), "manifold-spec-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const boot = async () => {
    const level = openLevel(dir);
    return world({ level });
  };

  it("keeps a persistent room, its configuration, members and archive across a restart", async () => {
    let w = await boot();
    await createRoom(w, ALICE, TEA, "Alice", {
      "muc#roomconfig_persistentroom": "1",
      "muc#roomconfig_roomname": "Tea lovers",
      "muc#roomconfig_membersonly": "1",
    });
    await w.send(
      `<iq type="set" id="a" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="member" jid="bob@localhost"/></query></iq>`,
    );
    await w.send(`<message from="${ALICE}" to="${TEA}" type="groupchat"><body>remember me</body></message>`);
    w.take();
    await w.stop();

    w = await boot();
    try {
      const out = await join(w, BOB, TEA, "Bob");
      assert.ok(
        out.some((el) => el.attrs.to === BOB && statuses(el).includes(110)),
        "bob is still a member",
      );
      assert.ok(
        out.some((el) => el.getChildText("body") === "remember me"),
        "history survived",
      );
      await w.send(
        `<iq type="get" id="i" from="${BOB}" to="${TEA}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
      );
      const info = w.take()[0]!;
      assert.equal(info.getChild("query")!.getChild("identity")!.attrs.name, "Tea lovers");
    } finally {
      await w.stop();
    }
  });

  it("forgets a temporary room", async () => {
    let w = await boot();
    await createRoom(w, ALICE, TEA, "Alice", { "muc#roomconfig_persistentroom": "0" });
    await w.stop();
    w = await boot();
    try {
      const out = await join(w, BOB, TEA, "Bob");
      assert.ok(statuses(out.find((el) => el.name === "presence")!).includes(201));
    } finally {
      await w.stop();
    }
  });

  it("stores member-list changes before confirming them", async () => {
    const w = await boot();
    await createRoom(w, ALICE, TEA, "Alice", { "muc#roomconfig_persistentroom": "1" });
    await w.send(
      `<iq type="set" id="a" from="${ALICE}" to="${TEA}"><query xmlns="${MUC_ADMIN}"><item affiliation="member" jid="carol@localhost"/></query></iq>`,
    );
    assert.equal(w.take().at(-1)!.attrs.type, "result");
    await w.stop();
    const db = new Database(openLevel(dir));
    await db.open();
    const stored = await db.sub<{ affiliation: string }>("aff").get(`${TEA}\u0000carol@localhost`);
    await db.close();
    assert.equal(stored?.affiliation, "member");
  });
});
