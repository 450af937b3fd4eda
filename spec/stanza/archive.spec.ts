// The room archive (XEP-0313 with XEP-0059 paging) and who may read it.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import { createRoom, errorOf, ALICE, TEA } from "./helpers/muc.js";
import type { Element } from "../../src/xmpp/xml.js";

const MAM = "urn:xmpp:mam:2";

const query = (from: string, rsm = "", form = "") =>
  `<iq type="set" id="q" from="${from}" to="${TEA}"><query xmlns="${MAM}" queryid="qid">${form}<set xmlns="http://jabber.org/protocol/rsm">${rsm}</set></query></iq>`;
const bodies = (out: Element[]) =>
  out
    .filter((el) => el.name === "message")
    .map((el) =>
      el.getChild("result", MAM)!.getChild("forwarded")!.getChild("message")!.getChildText("body"),
    );

describe("room archive", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, ALICE, TEA, "Alice");
    for (let i = 1; i <= 5; i++) {
      w.clock.set(Date.parse("2026-01-01T12:00:00Z") + i * 1000);
      await w.send(`<message from="${ALICE}" to="${TEA}" type="groupchat"><body>m${i}</body></message>`);
    }
    w.take();
  });
  afterEach(() => w.stop());

  it("returns messages in order, as results tagged with the query id, then <fin/>", async () => {
    await w.send(query(ALICE));
    const out = w.take();
    assert.deepEqual(bodies(out), ["m1", "m2", "m3", "m4", "m5"]);
    assert.equal(out[0]!.getChild("result", MAM)!.attrs.queryid, "qid");
    const fin = out.at(-1)!.getChild("fin", MAM)!;
    assert.equal(fin.attrs.complete, "true");
  });

  it("pages forwards with <after/> and backwards with <before/>", async () => {
    await w.send(query(ALICE, "<max>2</max>"));
    let out = w.take();
    assert.deepEqual(bodies(out), ["m1", "m2"]);
    const last = out.at(-1)!.getChild("fin", MAM)!.getChild("set")!.getChildText("last")!;
    assert.equal(out.at(-1)!.getChild("fin", MAM)!.attrs.complete, undefined);
    await w.send(query(ALICE, `<max>2</max><after>${last}</after>`));
    assert.deepEqual(bodies(w.take()), ["m3", "m4"]);
    await w.send(query(ALICE, "<max>2</max><before/>"));
    out = w.take();
    assert.deepEqual(bodies(out), ["m4", "m5"]);
  });

  it("filters by time", async () => {
    const form = `<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>${MAM}</value></field><field var="start"><value>2026-01-01T12:00:03Z</value></field></x>`;
    await w.send(query(ALICE, "", form));
    assert.deepEqual(bodies(w.take()), ["m3", "m4", "m5"]);
  });

  it("answers item-not-found for an unknown paging id and bad-request for a bad date", async () => {
    await w.send(query(ALICE, "<after>nope</after>"));
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
    const form = `<x xmlns="jabber:x:data" type="submit"><field var="start"><value>yesterday</value></field></x>`;
    await w.send(query(ALICE, "", form));
    assert.equal(errorOf(w.take()[0]).condition, "bad-request");
  });

  it("lets only members read the archive of a members-only room", async () => {
    await w.send(
      `<iq type="set" id="c" from="${ALICE}" to="${TEA}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="submit"><field var="muc#roomconfig_membersonly"><value>1</value></field></x></query></iq>`,
    );
    w.take();
    await w.send(query("eve@localhost/e"));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("does not archive chat-state-only messages", async () => {
    await w.send(
      `<message from="${ALICE}" to="${TEA}" type="groupchat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    w.take();
    await w.send(query(ALICE));
    assert.equal(bodies(w.take()).length, 5);
  });
});
