// Entering rooms (XEP-0045 §7.2, §10.1): presence order, status codes, and every refusal.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import { MUC_USER, createRoom, errorOf, itemOf, join, room, statuses, ALICE, BOB } from "./helpers/muc.js";

describe("joining a room", () => {
  let w: World;
  beforeEach(async () => (w = await world()));
  afterEach(() => w.stop());

  it("creates a locked room for its first occupant, who becomes owner with status 110, 170 and 201", async () => {
    const out = await join(w, ALICE, room("tea"), "Alice");
    const self = out.find((el) => el.name === "presence")!;
    assert.equal(self.attrs.from, `${room("tea")}/Alice`);
    assert.deepEqual(statuses(self).sort(), [110, 170, 201]);
    assert.equal(itemOf(self).affiliation, "owner");
    assert.equal(itemOf(self).role, "moderator");
    assert.ok(out.at(-1)!.getChild("subject"), "a join always ends with the subject");
  });

  it("keeps others out of a locked room until the owner accepts the configuration", async () => {
    await join(w, ALICE, room("tea"), "Alice");
    const [refusal] = await join(w, BOB, room("tea"), "Bob");
    assert.equal(refusal!.attrs.type, "error");
    assert.equal(errorOf(refusal).condition, "item-not-found");
    assert.match(errorOf(refusal).text!, /locked/);
  });

  it("sends existing occupants, then self-presence, then the subject, in that order", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    const out = await join(w, BOB, room("tea"), "Bob");
    const toBob = out.filter((el) => el.attrs.to === BOB);
    assert.deepEqual(
      toBob.map((el) => `${el.name}:${el.attrs.from}`),
      [`presence:${room("tea")}/Alice`, `presence:${room("tea")}/Bob`, `message:${room("tea")}`],
    );
    assert.deepEqual(statuses(toBob[1]!), [110, 170]);
    const toAlice = out.filter((el) => el.attrs.to === ALICE);
    assert.equal(toAlice.length, 1, "alice sees bob arrive");
    assert.equal(
      itemOf(toAlice[0]!).jid,
      BOB,
      "the owner, a moderator, sees real JIDs in a semi-anonymous room",
    );
    assert.equal(
      itemOf(toBob[0]!).jid,
      undefined,
      "a participant does not see real JIDs in a semi-anonymous room",
    );
  });

  it("shows real JIDs to everyone and says status 100 in a non-anonymous room", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice", { "muc#roomconfig_whois": "anyone" });
    const out = await join(w, BOB, room("tea"), "Bob");
    const toBob = out.filter((el) => el.attrs.to === BOB);
    assert.equal(itemOf(toBob[0]!).jid, ALICE);
    assert.ok(statuses(toBob[1]!).includes(100));
  });

  it("refuses a nickname in use with conflict", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    const [refusal] = await join(w, BOB, room("tea"), "Alice");
    assert.equal(errorOf(refusal).condition, "conflict");
    assert.match(errorOf(refusal).text!, /in use/);
  });

  it("lets a second session of the same user share the nick", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    const out = await join(w, "alice@localhost/desktop", room("tea"), "Alice");
    assert.ok(out.some((el) => el.attrs.to === "alice@localhost/desktop" && statuses(el).includes(110)));
  });

  it("answers registration-required to a non-member of a members-only room", async () => {
    await createRoom(w, ALICE, room("club"), "Alice", { "muc#roomconfig_membersonly": "1" });
    const [refusal] = await join(w, BOB, room("club"), "Bob");
    assert.equal(errorOf(refusal).condition, "registration-required");
    assert.equal(errorOf(refusal).type, "auth");
  });

  it("answers forbidden to a banned user", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    await w.send(
      `<iq type="set" id="ban" from="${ALICE}" to="${room("tea")}"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="outcast" jid="bob@localhost"/></query></iq>`,
    );
    w.take();
    const [refusal] = await join(w, BOB, room("tea"), "Bob");
    assert.equal(errorOf(refusal).condition, "forbidden");
  });

  it("answers service-unavailable when the room is full", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice", { "muc#roomconfig_maxusers": "1" });
    const [refusal] = await join(w, BOB, room("tea"), "Bob");
    assert.equal(errorOf(refusal).condition, "service-unavailable");
    assert.match(errorOf(refusal).text!, /full/);
  });

  it("refuses to create rooms for users of other domains", async () => {
    const [refusal] = await join(w, "eve@elsewhere.example/x", room("tea"), "Eve");
    assert.equal(errorOf(refusal).condition, "not-allowed");
    assert.match(errorOf(refusal).text!, /localhost/);
  });

  it("replays history on join, honouring maxstanzas", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    for (const body of ["one", "two", "three"]) {
      await w.send(
        `<message from="${ALICE}" to="${room("tea")}" type="groupchat"><body>${body}</body></message>`,
      );
    }
    w.take();
    const out = await join(w, BOB, room("tea"), "Bob", `<history maxstanzas="2"/>`);
    const history = out.filter((el) => el.attrs.to === BOB && el.getChild("delay", "urn:xmpp:delay"));
    assert.deepEqual(
      history.map((el) => el.getChildText("body")),
      ["two", "three"],
    );
    assert.equal(history[0]!.attrs.from, `${room("tea")}/Alice`);
  });

  it("sends no history when the client asks for none", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    await w.send(`<message from="${ALICE}" to="${room("tea")}" type="groupchat"><body>hi</body></message>`);
    w.take();
    const out = await join(w, BOB, room("tea"), "Bob", `<history maxchars="0"/>`);
    assert.equal(out.filter((el) => el.getChild("delay", "urn:xmpp:delay")).length, 0);
  });

  it("carries a stable XEP-0421 occupant-id in presence", async () => {
    await createRoom(w, ALICE, room("tea"), "Alice");
    const first = (await join(w, BOB, room("tea"), "Bob")).find((el) => el.attrs.to === ALICE)!;
    await w.send(`<presence type="unavailable" from="${BOB}" to="${room("tea")}/Bob"/>`);
    w.take();
    const again = (await join(w, BOB, room("tea"), "Robert")).find((el) => el.attrs.to === ALICE)!;
    const id = (el: typeof first) => el.getChild("occupant-id", "urn:xmpp:occupant-id:0")?.attrs.id;
    assert.ok(id(first));
    assert.equal(id(first), id(again));
    assert.notEqual(id(first), first.getChild("x", MUC_USER)?.getChild("item")?.attrs.jid);
  });
});
