// The app on a store migrated from the schema-1 fixture (spec/fixtures/store-v1.jsonl): restored
// with import, opened by the current code, and every kind of record answers as its users knew it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { openLevel } from "../../../src/store/db.js";
import { importSnapshot } from "../../../src/store/snapshot-import.js";
import type { Element } from "../../../src/xmpp/xml.js";
import { GROUPS, LISTS, world, type World } from "../../stanza/helpers/world.js";
import { MUC_ADMIN, errorOf, join as enter } from "../../stanza/helpers/muc.js";
import { ALICE, BOB, CLUB, DAN, formFields, command } from "../../stanza/helpers/groups.js";
import { runCommand } from "../../stanza/helpers/topics.js";
import { STORE_V1, tempDir } from "./snapshot-helpers.js";

const TEA = `tea@${GROUPS}`;
const BADMINTON = `badminton@${LISTS}`;
const MAM = "urn:xmpp:mam:2";
const bodies = (out: Element[], to: string) =>
  out.filter((el) => el.attrs.to === to && el.name === "message").map((el) => el.getChildText("body"));

describe("the app on a store migrated from schema 1", () => {
  let dir: ReturnType<typeof tempDir>;
  let w: World;

  before(async () => {
    dir = tempDir();
    await importSnapshot(STORE_V1, join(dir.path, "store"));
  });
  beforeEach(async () => {
    w = await world({ level: openLevel(join(dir.path, "store")) });
  });
  afterEach(() => w.stop());
  after(() => dir.remove());

  it("lists the stored public rooms of each service in disco#items", async () => {
    const items = async (service: string) => {
      await w.send(
        `<iq type="get" id="i" from="eve@localhost/e" to="${service}"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`,
      );
      return w
        .take()[0]!
        .getChild("query")!
        .getChildren("item")
        .map((i) => [i.attrs.jid, i.attrs.name]);
    };
    assert.deepEqual(await items(GROUPS), [
      [`alpha@${GROUPS}`, "Alpha"],
      [`beta@${GROUPS}`, "Beta"],
      [CLUB, "Club"],
      [TEA, "Tea Room"],
    ]);
    assert.deepEqual(await items(LISTS), []);
  });

  it("gives a room's subject, history and registered nick, and keeps its outcast out", async () => {
    const out = await enter(w, BOB, TEA, "Bobby");
    const subject = out.find((el) => el.getChild("subject"));
    assert.equal(subject?.getChildText("subject"), "Earl Grey");
    assert.deepEqual(
      bodies(out, BOB).filter((b) => b !== null),
      ["Kettle is on", "Two sugars please"],
    );
    const taken = await enter(w, "carol@localhost/pc", TEA, "Bobby");
    assert.equal(errorOf(taken[0]).condition, "conflict", "Bobby is bob's registered nick");
    const refused = await enter(w, "mallory@localhost/m", TEA, "Mal");
    assert.equal(errorOf(refused[0]).condition, "forbidden");
  });

  it("keeps nested groups: Alpha is a member of the club and bob enters through it", async () => {
    await w.send(
      `<iq type="get" id="l" from="${ALICE}" to="${CLUB}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
    );
    const items = w.take()[0]!.getChild("query")!.getChildren("item");
    assert.deepEqual(
      items.map((i) => i.attrs.jid),
      [`alpha@${GROUPS}`],
    );
    const out = await enter(w, BOB, CLUB, "Bob");
    const self = out.find(
      (el) => el.name === "presence" && el.attrs.to === BOB && el.attrs.from?.startsWith(CLUB),
    );
    assert.equal(self?.attrs.type, undefined, "bob is in");
    assert.equal(self?.attrs.from, `${CLUB}/Alpha/Bob`, "as a member of Alpha");
    assert.deepEqual(
      bodies(out, BOB).filter((b) => b !== null),
      ["Alpha is here"],
    );
  });

  it("still has the pending request of Beta for the club's owners", async () => {
    const { iq } = await command(w, ALICE, CLUB, "pending-requests");
    const options = formFields(iq.getChild("command"))
      .get("approve")!
      .getChildren("option")
      .map((o) => o.getChildText("value"));
    assert.deepEqual(options, [`beta@${GROUPS}`]);
  });

  it("answers for topics: the archive, the members, and topics made by command", async () => {
    await w.send(
      `<iq type="set" id="q" from="${ALICE}" to="${BADMINTON}"><query xmlns="${MAM}" queryid="a"/></iq>`,
    );
    const results = w
      .take()
      .filter((el) => el.getChild("result", MAM))
      .map((el) =>
        el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body"),
      );
    assert.deepEqual(results, ["Court at 7?", "I'm in"]);
    await w.send(
      `<iq type="get" id="m" from="${ALICE}" to="${BADMINTON}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
    );
    const members = w.take()[0]!.getChild("query")!.getChildren("item");
    assert.deepEqual(members.map((i) => i.attrs.jid).sort(), ["bob@localhost", "carol@localhost"]);
    const list = await runCommand(w, DAN, LISTS, "list");
    assert.match(list.toString(), /Book Club/);
  });

  it("keeps bob's chat-state preference", async () => {
    const iq = await runCommand(w, BOB, LISTS, "preferences");
    const fields = formFields(iq.getChild("command"));
    assert.equal(fields.get("send-chat-states")?.getChildText("value"), "0");
    assert.equal(fields.get("receive-chat-states")?.getChildText("value"), "1");
  });
});
