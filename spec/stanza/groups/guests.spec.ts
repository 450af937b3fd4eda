// Speaking to an outsider as the group (PROTOCOL §2 contact-as-group).
import assert from "node:assert/strict";
import { world, type World } from "../helpers/world.js";
import { MUC_ADMIN, errorOf, statuses } from "../helpers/muc.js";
import {
  ALPHA,
  BOB,
  CAROL,
  DAN,
  bare,
  command,
  enter,
  messageTo,
  noteOf,
  persistentRoom,
  presenceTo,
  setAffiliations,
} from "../helpers/groups.js";

const FRED = "fred@example.org/home";
const NICK = "http://jabber.org/protocol/nick";

describe("nested groups: guests", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await persistentRoom(w, DAN, ALPHA, "Dan", [BOB, CAROL], { "muc#roomconfig_roomname": "Alpha" });
    await enter(w, BOB, ALPHA, "Bob");
    await enter(w, CAROL, ALPHA, "Carol");
  });
  afterEach(() => w.stop());

  const contact = (message?: string, jid = bare(FRED), from = BOB) =>
    command(w, from, ALPHA, "contact-as-group", { jid, ...(message ? { message } : {}) });

  it("writes to the outsider from the group's JID and seats them as a guest everyone sees", async () => {
    const { iq, out } = await contact("Can you referee on Sunday?");
    assert.match(noteOf(iq), /guest/);
    const chat = out.find(messageTo(bare(FRED)))!;
    assert.equal(chat.attrs.from, ALPHA);
    assert.equal(chat.attrs.type, "chat");
    assert.equal(chat.getChildText("body"), "Can you referee on Sunday?");
    assert.equal(chat.getChild("nick", NICK)!.getText(), "Alpha");
    const seen = out.find((el) => presenceTo(CAROL)(el) && el.attrs.from === `${ALPHA}/fred`)!;
    assert.equal(seen.getChildText("status"), "Guest");
    assert.ok(
      out.some((el) => messageTo(CAROL)(el) && /Can you referee/.test(el.getChildText("body") ?? "")),
    );
  });

  it("names a member who is not in the group by nick, never by real JID, in a semi-anonymous group", async () => {
    const { out } = await contact("Can you referee?", bare(FRED), DAN);
    const notice = out.find((el) => messageTo(CAROL)(el) && /referee/.test(el.getChildText("body") ?? ""))!;
    assert.ok(!notice.getChildText("body")!.includes(bare(DAN)), notice.getChildText("body")!);
    assert.match(notice.getChildText("body")!, /^A member to fred \(guest\)/);
  });

  it("shows the outsider's replies in the group, archived, to every occupant", async () => {
    await contact("hi");
    await w.send(`<message type="chat" id="r1" from="${FRED}" to="${ALPHA}"><body>Sure!</body></message>`);
    const out = w.take();
    for (const user of [BOB, CAROL]) {
      const m = out.find(messageTo(user))!;
      assert.equal(m.attrs.type, "groupchat");
      assert.equal(m.attrs.from, `${ALPHA}/fred`);
      assert.equal(m.getChildText("body"), "Sure!");
    }
    const [, ...joined] = await enter(w, DAN, ALPHA, "Dan");
    assert.ok(
      joined.some((el) => el.getChildText("body") === "Sure!" && el.getChild("delay")),
      "in history",
    );
  });

  it("delivers a member's private message to the guest as the group", async () => {
    await contact("hi");
    await w.send(
      `<message type="chat" from="${CAROL}" to="${ALPHA}/fred"><body>Kick-off at 10</body></message>`,
    );
    const m = w.take().find(messageTo(bare(FRED)))!;
    assert.equal(m.attrs.from, ALPHA);
    assert.equal(m.getChildText("body"), "Kick-off at 10");
    assert.ok(!m.toString().includes("carol"));
  });

  it("ends with /leave: the guest leaves the group and is told", async () => {
    await contact("hi");
    await w.send(`<message type="chat" from="${FRED}" to="${ALPHA}"><body>/leave</body></message>`);
    const out = w.take();
    const gone = out.find((el) => presenceTo(BOB)(el) && el.attrs.from === `${ALPHA}/fred`)!;
    assert.equal(gone.attrs.type, "unavailable");
    assert.match(out.find(messageTo(bare(FRED)))!.getChildText("body")!, /You left/);
    await w.send(
      `<message type="chat" id="late" from="${FRED}" to="${ALPHA}"><body>one more</body></message>`,
    );
    assert.equal(errorOf(w.take()[0]).condition, "bad-request");
    // The chat window closing after it sends a state alone: nothing to answer.
    await w.send(
      `<message type="chat" from="${FRED}" to="${ALPHA}"><gone xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    assert.deepEqual(w.take(), []);
  });

  it("ends with a kick by a moderator: 307, and the outsider is told", async () => {
    await contact("hi");
    await enter(w, DAN, ALPHA, "Dan");
    await w.send(
      `<iq type="set" id="k" from="${DAN}" to="${ALPHA}"><query xmlns="${MUC_ADMIN}"><item nick="fred" role="none"/></query></iq>`,
    );
    const out = w.take();
    assert.equal(out.find((el) => el.name === "iq")!.attrs.type, "result");
    assert.ok(
      statuses(out.find((el) => presenceTo(BOB)(el) && el.attrs.from === `${ALPHA}/fred`)!).includes(307),
    );
    assert.match(out.find(messageTo(bare(FRED)))!.getChildText("body")!, /ended this conversation/);
  });

  it("keeps the guest across a restart", async () => {
    const { MemoryLevel } = await import("memory-level");
    const level = new MemoryLevel({ valueEncoding: "json" });
    await w.stop();
    w = await world({ level: level as never });
    await persistentRoom(w, DAN, ALPHA, "Dan", [BOB], { "muc#roomconfig_roomname": "Alpha" });
    await contact("hi");
    await w.stop();
    w = await world({ level: level as never });
    await w.send(`<message type="chat" from="${FRED}" to="${ALPHA}"><body>still here</body></message>`);
    assert.equal(
      w.take().find((el) => el.name === "message")?.attrs.type,
      undefined,
      "no error, nobody inside yet",
    );
    const joined = await enter(w, BOB, ALPHA, "Bob");
    assert.ok(joined.some((el) => el.attrs.from === `${ALPHA}/fred` && el.name === "presence"));
    assert.ok(joined.some((el) => el.getChildText("body") === "still here"));
  });

  describe("refusals", () => {
    it("someone who is not a member of the group", async () => {
      const { iq } = await command(w, "eve@localhost/x", ALPHA, "contact-as-group", { jid: bare(FRED) });
      assert.equal(errorOf(iq).condition, "forbidden"); // XEP-0050 §4.4
    });
    it("a malformed address", async () => {
      assert.equal(errorOf((await contact("x", "not an address@")).iq).condition, "jid-malformed");
    });
    it("a member of the group", async () => {
      assert.equal(errorOf((await contact("x", bare(CAROL))).iq).condition, "conflict");
    });
    it("an outcast of the group", async () => {
      await setAffiliations(w, DAN, ALPHA, [[bare(FRED), "outcast"]]);
      assert.equal(errorOf((await contact("x")).iq).condition, "forbidden");
    });
    it("a room", async () => {
      assert.equal(errorOf((await contact("x", "club@groups.localhost")).iq).condition, "not-allowed");
    });
    it("a chat to the group from someone who is not a guest", async () => {
      await w.send(`<message type="chat" id="n" from="${FRED}" to="${ALPHA}"><body>hello?</body></message>`);
      const error = errorOf(w.take()[0]);
      assert.equal(error.condition, "bad-request");
      assert.ok(error.text);
    });
  });
});
