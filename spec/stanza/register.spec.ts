// Registration with rooms (XEP-0045 §7.10) and its approval by owners and admins (§9.9).
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import { createRoom, errorOf, join, room, statuses, ALICE, BOB } from "./helpers/muc.js";

const CLUB = room("club");

const registerGet = (from: string) =>
  `<iq type="get" id="r0" from="${from}" to="${CLUB}"><query xmlns="jabber:iq:register"/></iq>`;
const registerSet = (from: string, nick: string) =>
  `<iq type="set" id="r1" from="${from}" to="${CLUB}"><query xmlns="jabber:iq:register"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#register</value></field><field var="muc#register_roomnick"><value>${nick}</value></field></x></query></iq>`;
const answer = (from: string, jid: string, allow: string) =>
  `<message from="${from}" to="${CLUB}"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#register</value></field><field var="muc#jid"><value>${jid}</value></field><field var="muc#register_allow"><value>${allow}</value></field></x></message>`;

const fields = (values: Record<string, string>) =>
  `<x xmlns="jabber:x:data" type="submit">${Object.entries(values)
    .map(([k, v]) => `<field var="${k}"><value>${v}</value></field>`)
    .join("")}</x>`;

/** Runs pending-registrations on the room: its first stage, or with `form` the submitted answer. */
async function command(w: World, from: string, form: string) {
  const session = form ? ' sessionid="s1"' : "";
  await w.send(
    `<iq type="set" id="cmd" from="${from}" to="${CLUB}"><command xmlns="http://jabber.org/protocol/commands" node="pending-registrations" action="execute"${session}>${form}</command></iq>`,
  );
  return w.take().find((el) => el.attrs.id === "cmd")!;
}

describe("registering with a room", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, ALICE, CLUB, "Alice", { "muc#roomconfig_membersonly": "1" });
  });
  afterEach(() => w.stop());

  it("offers the muc#register form with a nickname, or a group to join as one member", async () => {
    await w.send(registerGet(BOB));
    const form = w.take()[0]!.getChild("query")!.getChild("x", "jabber:x:data")!;
    const vars = form.getChildren("field").map((f) => f.attrs.var);
    assert.ok(vars.includes("muc#register_roomnick"));
    assert.ok(vars.includes("urn:x-manifold:0#group"));
  });

  it("sends owners an approval form for a members-only room, and the approval makes a member", async () => {
    await w.send(registerSet(BOB, "Bobby"));
    const out = w.take();
    assert.equal(out.find((el) => el.name === "iq")!.attrs.type, "result");
    const request = out.find((el) => el.name === "message" && el.attrs.to === "alice@localhost")!;
    const fields = request.getChild("x", "jabber:x:data")!.getChildren("field");
    assert.ok(fields.some((f) => f.attrs.var === "muc#register_allow"));
    assert.equal(fields.find((f) => f.attrs.var === "muc#jid")!.getChildText("value"), "bob@localhost");

    const [before] = await join(w, BOB, CLUB, "Bobby");
    assert.equal(errorOf(before).condition, "registration-required", "not a member until approved");

    await w.send(answer(ALICE, "bob@localhost", "1"));
    const answered = w.take();
    const told = answered.find((el) => el.attrs.to === "bob@localhost")!;
    assert.match(told.getChildText("body")!, /approved/);
    // From the service, naming the room: a message from the room's own JID crashes Profanity.
    assert.deepEqual([told.attrs.from, told.attrs.type], ["groups.localhost", "chat"]);
    assert.match(told.getChildText("body")!, /club@groups\.localhost/);
    const confirmed = answered.find((el) => el.attrs.to === ALICE)!;
    assert.equal(confirmed.attrs.from, "groups.localhost", "the approver learns what the form did");
    assert.match(confirmed.getChildText("body")!, /bob@localhost is now a member/);
    const entered = await join(w, BOB, CLUB, "Bobby");
    assert.ok(entered.some((el) => el.attrs.to === BOB && statuses(el).includes(110)));
  });

  it("also tells approvers in a chat from the service, naming the request and the command that answers it", async () => {
    await w.send(registerSet(BOB, "Bobby"));
    const chats = w.take().filter((el) => el.attrs.from === "groups.localhost");
    assert.equal(chats.length, 1, "one chat, to the one owner");
    assert.equal(chats[0]!.attrs.to, "alice@localhost");
    assert.equal(chats[0]!.attrs.type, "chat");
    const text = chats[0]!.getChildText("body")!;
    assert.match(text, /bob@localhost asks to become a member of club \(club@groups\.localhost\) as "Bobby"/);
    assert.match(text, /pending-registrations\) on club@groups\.localhost/);
  });

  it("lets owners list and settle registrations with the pending-registrations command", async () => {
    await w.send(registerSet(BOB, "Bobby"));
    await w.send(registerSet("carol@localhost/c", "Caz"));
    w.take();
    const stage = await command(w, ALICE, "");
    const approve = stage.getChild("command")!.getChild("x")!.getChildren("field")[0]!;
    assert.deepEqual(
      approve.getChildren("option").map((o) => [o.getChildText("value"), o.attrs.label]),
      [
        ["bob@localhost", 'bob@localhost as "Bobby"'],
        ["carol@localhost", 'carol@localhost as "Caz"'],
      ],
    );
    const done = await command(w, ALICE, fields({ approve: "bob@localhost", deny: "carol@localhost" }));
    assert.equal(done.getChild("command")!.attrs.status, "completed");
    assert.match(done.getChild("command")!.getChildText("note")!, /bob@localhost is now a member/);
    const entered = await join(w, BOB, CLUB, "Bobby");
    assert.ok(entered.some((el) => el.attrs.to === BOB && statuses(el).includes(110)));
    const [refused] = await join(w, "carol@localhost/c", CLUB, "Caz");
    assert.equal(errorOf(refused).condition, "registration-required");
    const none = await command(w, ALICE, "");
    assert.match(none.getChild("command")!.getChildText("note")!, /No registrations are waiting/);
  });

  it("does not let members run pending-registrations (forbidden)", async () => {
    const refused = await command(w, BOB, "");
    assert.equal(errorOf(refused).condition, "forbidden");
  });

  it("tells the requester when the request is denied", async () => {
    await w.send(registerSet(BOB, "Bobby"));
    w.take();
    await w.send(answer(ALICE, "bob@localhost", "0"));
    const told = w.take().find((el) => el.attrs.to === "bob@localhost")!;
    assert.match(told.getChildText("body")!, /declined/);
  });

  it("only lets owners and admins answer, and only pending requests", async () => {
    await w.send(answer("mallory@localhost/m", "bob@localhost", "1"));
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(answer(ALICE, "nobody@localhost", "1"));
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
  });

  it("refuses a nickname registered to another member with conflict", async () => {
    await w.send(registerSet(BOB, "Bobby"));
    w.take();
    await w.send(answer(ALICE, "bob@localhost", "1"));
    w.take();
    await w.send(registerSet("carol@localhost/c", "Bobby"));
    assert.equal(errorOf(w.take()[0]).condition, "conflict");
  });

  it("rejects a registration without a nickname with not-acceptable", async () => {
    await w.send(registerSet(BOB, ""));
    assert.equal(errorOf(w.take()[0]).condition, "not-acceptable");
  });

  it("makes a user a member at once in an open room", async () => {
    await createRoom(w, ALICE, room("open"), "Alice");
    await w.send(registerSet(BOB, "Bobby").replace(CLUB, room("open")));
    assert.equal(w.take()[0]!.attrs.type, "result");
    await w.send(registerGet(BOB).replace(CLUB, room("open")));
    const query = w.take()[0]!.getChild("query")!;
    assert.ok(query.getChild("registered"));
    assert.equal(query.getChildText("username"), "Bobby");
  });
});
