// Defaults that suit users (PROTOCOL §1, §2): rooms and topics created by joining are persistent, so a
// web user's topic survives the browser closing and any room a user makes can become a group; the
// operator can turn that off (groups.defaultPersistent, lists.defaultPersistent).
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { LISTS, world, type World } from "./helpers/world.js";
import { ALICE, configure, join, room, statuses } from "./helpers/muc.js";
import { BADMINTON, BOB_JID, OWNER, addMembers, runCommand } from "./helpers/topics.js";
import type { Element } from "../../src/xmpp/xml.js";

const DISCO_INFO = "http://jabber.org/protocol/disco#info";
const MUC_OWNER = "http://jabber.org/protocol/muc#owner";

async function features(w: World, jid: string): Promise<string[]> {
  await w.send(`<iq type="get" id="i" from="${ALICE}" to="${jid}"><query xmlns="${DISCO_INFO}"/></iq>`);
  const result = w.take().find((el) => el.attrs.id === "i")!;
  return result
    .getChild("query")!
    .getChildren("feature")
    .map((f) => f.attrs.var!);
}

/** The value the room's configuration form offers for persistence. */
async function persistentField(w: World, from: string, jid: string): Promise<string | undefined> {
  await w.send(`<iq type="get" id="f" from="${from}" to="${jid}"><query xmlns="${MUC_OWNER}"/></iq>`);
  const form = w
    .take()
    .find((el) => el.attrs.id === "f")!
    .getChild("query")!
    .getChild("x")!;
  const field = form
    .getChildren("field")
    .find((f: Element) => f.attrs.var === "muc#roomconfig_persistentroom");
  return field?.getChildText("value") ?? undefined;
}

const leave = (w: World, from: string, occupant: string) =>
  w.send(`<presence type="unavailable" from="${from}" to="${occupant}"/>`);

function configFile(yaml: string): string {
  const file = joinPath(mkdtempSync(joinPath(tmpdir(), "manifold-spec-")), "config.yaml");
  writeFileSync(file, yaml);
  return file;
}

describe("defaults that suit users", () => {
  let w: World;
  afterEach(() => w.stop());

  describe("as shipped", () => {
    beforeEach(async () => (w = await world()));

    it("makes a room created by joining persistent, and keeps it when its last occupant leaves", async () => {
      const tea = room("tea");
      const created = await join(w, ALICE, tea, "Alice");
      assert.ok(statuses(created.find((el) => el.attrs.from === `${tea}/Alice`)!).includes(201));
      await configure(w, ALICE, tea, {}); // "accept the default configuration": an instant room
      assert.equal(await persistentField(w, ALICE, tea), "1");
      const offered = await features(w, tea);
      assert.ok(offered.includes("muc_persistent") && !offered.includes("muc_temporary"));
      await leave(w, ALICE, `${tea}/Alice`);
      w.take();
      const again = await join(w, "bob@localhost/b", tea, "Bob");
      assert.ok(
        !statuses(again.find((el) => el.attrs.from === `${tea}/Bob`)!).includes(201),
        "not created anew",
      );
    });

    it("keeps a topic created by joining, with its members, when its owner's client goes offline", async () => {
      await join(w, OWNER, BADMINTON, "Alice");
      assert.equal(await persistentField(w, OWNER, BADMINTON), "1");
      await configure(w, OWNER, BADMINTON, {});
      await addMembers(w, OWNER, BADMINTON, [BOB_JID]);
      await leave(w, OWNER, `${BADMINTON}/Alice`);
      w.take();
      const again = await join(w, OWNER, BADMINTON, "Alice");
      assert.ok(!statuses(again.find((el) => el.attrs.from === `${BADMINTON}/Alice`)!).includes(201));
      assert.ok(
        again.some((el) => el.attrs.from === `${BADMINTON}/bob`),
        "bob is still a member",
      );
    });

    it("offers a persistent topic in the create command, and makes one when the field is left out", async () => {
      const form = await runCommand(w, OWNER, LISTS, "create");
      const field = form
        .getChild("command")!
        .getChild("x")!
        .getChildren("field")
        .find((f: Element) => f.attrs.var === "persistent")!;
      assert.equal(field.getChildText("value"), "1");
      await runCommand(w, OWNER, LISTS, "create", { name: "Chess" });
      assert.ok((await features(w, `chess@${LISTS}`)).includes("muc_persistent"));
    });
  });

  describe("turned off by the operator", () => {
    beforeEach(async () => {
      const file = configFile("groups:\n  defaultPersistent: false\nlists:\n  defaultPersistent: false\n");
      w = await world({ env: { MANIFOLD_CONFIG: file } });
    });

    it("makes rooms and topics temporary", async () => {
      await join(w, ALICE, room("tea"), "Alice");
      assert.equal(await persistentField(w, ALICE, room("tea")), "0");
      await join(w, OWNER, BADMINTON, "Alice");
      assert.equal(await persistentField(w, OWNER, BADMINTON), "0");
      await runCommand(w, OWNER, LISTS, "create", { name: "Chess" });
      assert.ok((await features(w, `chess@${LISTS}`)).includes("muc_temporary"));
    });
  });
});
