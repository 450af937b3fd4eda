// The topic service JID: commands, text commands, discovery, lifetime and limits (PROTOCOL §1, §4).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { LISTS, world, type World } from "../helpers/world.js";
import { MUC_OWNER, configure, errorOf, join, statuses } from "../helpers/muc.js";
import {
  BADMINTON,
  BOB_JID,
  COMMANDS,
  OWNER,
  addMembers,
  badminton,
  chatTo,
  runCommand,
  topic,
} from "../helpers/topics.js";
import type { Element } from "../../../src/xmpp/xml.js";

const DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
const DISCO_INFO = "http://jabber.org/protocol/disco#info";

async function iq(w: World, from: string, to: string, payload: string): Promise<Element> {
  await w.send(`<iq type="get" id="q" from="${from}" to="${to}">${payload}</iq>`);
  return w.take().find((el) => el.name === "iq")!;
}
const itemJids = (el: Element) =>
  el
    .getChild("query")!
    .getChildren("item")
    .map((i) => i.attrs.jid);
const features = (el: Element) =>
  el
    .getChild("query")!
    .getChildren("feature")
    .map((f) => f.attrs.var);

function limitedConfig(lists: Record<string, number>): string {
  const dir = mkdtempSync(joinPath(tmpdir(), "manifold-spec-"));
  const file = joinPath(dir, "config.yaml");
  writeFileSync(
    file,
    `lists:\n${Object.entries(lists)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join("\n")}\n`,
  );
  return file;
}

describe("topics: the service", () => {
  let w: World;
  beforeEach(async () => (w = await world()));
  afterEach(() => w.stop());

  it("creates a persistent topic by command, with members", async () => {
    const form = await runCommand(w, OWNER, LISTS, "create");
    assert.equal(form.getChild("command")?.attrs.status, "executing");
    const done = await runCommand(w, OWNER, LISTS, "create", { name: "Book Club", members: [BOB_JID] });
    assert.equal(done.getChild("command")?.attrs.status, "completed");
    assert.match(done.getChild("command")!.getChildText("note")!, /book-club@lists\.localhost/);
    await w.send(
      `<message type="chat" from="${OWNER}" to="${topic("book-club")}"><body>Chapter 3</body></message>`,
    );
    assert.equal(w.take().find(chatTo(BOB_JID))?.getChildText("body"), "Chapter 3");
  });

  it("answers conflict for a name another owner has, and registration-required on join", async () => {
    await runCommand(w, OWNER, LISTS, "create", { name: "Chess" });
    const done = await runCommand(w, "dave@localhost/x", LISTS, "create", { name: "chess" });
    assert.equal(errorOf(done).condition, "conflict");
    const [error] = await join(w, "dave@localhost/x", topic("chess"), "dave");
    assert.equal(errorOf(error).condition, "registration-required");
  });

  it("lists and deletes the owner's topics", async () => {
    await runCommand(w, OWNER, LISTS, "create", { name: "Chess" });
    const list = await runCommand(w, OWNER, LISTS, "list");
    assert.match(list.getChild("command")!.getChildText("note")!, /chess@lists\.localhost/);
    const deleted = await runCommand(w, OWNER, LISTS, "delete", { topic: topic("chess") });
    assert.equal(deleted.getChild("command")?.attrs.status, "completed");
    const again = await runCommand(w, OWNER, LISTS, "list");
    assert.match(again.getChild("command")!.getChildText("note")!, /no topics/);
  });

  it("takes text commands at the service JID", async () => {
    await w.send(
      `<message type="chat" from="${OWNER}" to="${LISTS}"><body>create Running ${BOB_JID}</body></message>`,
    );
    assert.match(w.take().find(chatTo(OWNER))!.getChildText("body")!, /running@lists\.localhost/);
    await w.send(`<message type="chat" from="${OWNER}" to="${LISTS}"><body>what?</body></message>`);
    assert.match(w.take().find(chatTo(OWNER))!.getChildText("body")!, /create NAME/);
  });

  it("lists only the requester's own topics and commands", async () => {
    await runCommand(w, OWNER, LISTS, "create", { name: "Chess" });
    assert.deepEqual(itemJids(await iq(w, OWNER, LISTS, `<query xmlns="${DISCO_ITEMS}"/>`)), [
      topic("chess"),
    ]);
    assert.deepEqual(itemJids(await iq(w, "bob@localhost/x", LISTS, `<query xmlns="${DISCO_ITEMS}"/>`)), []);
    const commands = await iq(w, OWNER, LISTS, `<query xmlns="${DISCO_ITEMS}" node="${COMMANDS}"/>`);
    assert.deepEqual(
      commands
        .getChild("query")!
        .getChildren("item")
        .map((i) => i.attrs.node),
      ["create", "list", "delete", "preferences"],
    );
  });

  it("shows the owner a members-only, non-anonymous, hidden room, and others only a contact", async () => {
    await badminton(w);
    const mine = features(await iq(w, OWNER, BADMINTON, `<query xmlns="${DISCO_INFO}"/>`));
    for (const f of ["muc_membersonly", "muc_nonanonymous", "muc_hidden"]) assert.ok(mine.includes(f), f);
    // Topics take no registrations, so they do not offer them (Converse would try on every entry).
    assert.ok(!mine.includes("jabber:iq:register"));
    const theirs = features(await iq(w, `${BOB_JID}/x`, BADMINTON, `<query xmlns="${DISCO_INFO}"/>`));
    assert.ok(!theirs.includes("http://jabber.org/protocol/muc"));
  });

  it("gives members a vCard named as the topic's chat, and others only the topic's name", async () => {
    await badminton(w);
    const vcard = async (from: string) =>
      (await iq(w, from, BADMINTON, `<vCard xmlns="vcard-temp"/>`))
        .getChild("vCard", "vcard-temp")
        ?.getChildText("FN");
    assert.equal(await vcard(`${BOB_JID}/x`), "alice · badminton");
    assert.equal(await vcard("mallory@localhost/x"), "badminton");
  });

  it("offers in its configuration form only what a topic's owner can choose", async () => {
    await badminton(w);
    await w.send(
      `<iq type="get" id="f" from="${OWNER}" to="${BADMINTON}"><query xmlns="${MUC_OWNER}"/></iq>`,
    );
    const form = w.take()[0]!.getChild("query", MUC_OWNER)!.getChild("x", "jabber:x:data")!;
    assert.deepEqual(
      form.getChildren("field").map((f) => f.attrs.var),
      [
        "FORM_TYPE",
        "muc#roomconfig_roomname",
        "muc#roomconfig_roomdesc",
        "muc#roomconfig_persistentroom",
        "muc#roomconfig_historylength",
        "urn:x-manifold:0#archive_expiry",
      ],
    );
  });

  it("ends a temporary topic and its member list when the owner leaves", async () => {
    await badminton(w);
    await configure(w, OWNER, BADMINTON, { "muc#roomconfig_persistentroom": "0" });
    await w.send(`<presence type="unavailable" from="${OWNER}" to="${BADMINTON}/Alice"/>`);
    w.take();
    const again = await join(w, OWNER, BADMINTON, "Alice");
    assert.ok(statuses(again.find((el) => el.attrs.from === `${BADMINTON}/Alice`)!).includes(201));
    assert.ok(!again.some((el) => el.attrs.from === `${BADMINTON}/bob`), "no members left");
  });

  it("ends a temporary topic made by command after the idle time", async () => {
    await runCommand(w, OWNER, LISTS, "create", { name: "Quick", persistent: "0" });
    w.clock.set(w.clock.now() + (w.config.lists.idleTimeoutHours + 1) * 3_600_000);
    await w.app.runMaintenance();
    const list = await runCommand(w, OWNER, LISTS, "list");
    assert.match(list.getChild("command")!.getChildText("note")!, /no topics/);
  });

  it("only lets users of the local domains own topics", async () => {
    const [error] = await join(w, "mallory@elsewhere.example/x", topic("mine"), "m");
    assert.equal(errorOf(error).condition, "not-allowed");
  });

  describe("with small limits", () => {
    let small: World;
    before(async () => {
      small = await world({
        env: { MANIFOLD_CONFIG: limitedConfig({ maxMembers: 2, maxTopicsPerOwner: 1 }) },
      });
    });
    after(() => small.stop());

    it("refuses members beyond lists.maxMembers with resource-constraint", async () => {
      await join(small, OWNER, BADMINTON, "Alice");
      await small.send(
        `<iq type="set" id="cfg" from="${OWNER}" to="${BADMINTON}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"/></query></iq>`,
      );
      small.take();
      const out = await addMembers(small, OWNER, BADMINTON, [BOB_JID, "carol@localhost", "dave@localhost"]);
      assert.equal(errorOf(out[0]).condition, "resource-constraint");
      assert.match(errorOf(out[0]).text!, /2 members/);
    });

    it("refuses topics beyond lists.maxTopicsPerOwner with resource-constraint", async () => {
      const [error] = await join(small, OWNER, topic("second"), "Alice");
      assert.equal(errorOf(error).condition, "resource-constraint");
    });
  });
});
