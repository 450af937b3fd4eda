// Messages in rooms (XEP-0045 §7.4, §7.5, §7.6, §8.1): reflection, ids, private messages,
// subject changes, nick changes, leaving — and the errors for each misuse.
import assert from "node:assert/strict";
import { world, type World } from "./helpers/world.js";
import {
  configure,
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

const EVE = "eve@localhost/x";

describe("messages in a room", () => {
  let w: World;
  beforeEach(async () => (w = await aliceAndBobInTea(await world())));
  afterEach(() => w.stop());

  it("reflects a groupchat message to every occupant, sender included, with its id, a stanza-id and occupant-id", async () => {
    await w.send(
      `<message from="${BOB}" to="${TEA}" type="groupchat" id="m1"><body>hello</body><origin-id xmlns="urn:xmpp:sid:0" id="o1"/></message>`,
    );
    const out = w.take();
    assert.deepEqual(out.map((el) => el.attrs.to).sort(), [ALICE, BOB].sort());
    for (const el of out) {
      assert.equal(el.attrs.from, `${TEA}/Bob`);
      assert.equal(el.attrs.id, "m1");
      assert.equal(el.getChildText("body"), "hello");
      assert.equal(el.getChild("stanza-id", "urn:xmpp:sid:0")?.attrs.by, TEA);
      assert.equal(el.getChild("origin-id", "urn:xmpp:sid:0")?.attrs.id, "o1");
      assert.ok(el.getChild("occupant-id", "urn:xmpp:occupant-id:0"));
    }
  });

  it("drops a stanza-id forged by the sender in the room's name", async () => {
    await w.send(
      `<message from="${BOB}" to="${TEA}" type="groupchat"><body>x</body><stanza-id xmlns="urn:xmpp:sid:0" by="${TEA}" id="forged"/></message>`,
    );
    const ids = w
      .take()[0]!
      .getChildren("stanza-id", "urn:xmpp:sid:0")
      .map((s) => s.attrs.id);
    assert.equal(ids.length, 1);
    assert.notEqual(ids[0], "forged");
  });

  it("answers not-acceptable to a groupchat message from someone not in the room", async () => {
    await w.send(`<message from="${EVE}" to="${TEA}" type="groupchat" id="e1"><body>hi</body></message>`);
    const [error] = w.take();
    assert.equal(error!.attrs.type, "error");
    assert.equal(error!.attrs.id, "e1");
    assert.equal(errorOf(error).condition, "not-acceptable");
  });

  it("answers item-not-found to a groupchat message to a room that does not exist", async () => {
    await w.send(`<message from="${EVE}" to="${room("nowhere")}" type="groupchat"><body>hi</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
  });

  it("delivers a private message only to its recipient, from the sender's occupant JID", async () => {
    await w.send(`<message from="${BOB}" to="${TEA}/Alice" type="chat" id="p1"><body>psst</body></message>`);
    const out = w.take();
    assert.equal(out.length, 1);
    assert.equal(out[0]!.attrs.to, ALICE);
    assert.equal(out[0]!.attrs.from, `${TEA}/Bob`);
    assert.ok(
      out[0]!.getChild("x", "http://jabber.org/protocol/muc#user"),
      "marked as a MUC private message",
    );
  });

  it("refuses private messages to unknown nicks and from outsiders", async () => {
    await w.send(`<message from="${BOB}" to="${TEA}/Nobody" type="chat"><body>?</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "item-not-found");
    await w.send(`<message from="${EVE}" to="${TEA}/Alice" type="chat"><body>?</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "not-acceptable");
  });

  it("refuses private messages when the room does not allow them", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_allowpm": "none" });
    w.take();
    await w.send(`<message from="${BOB}" to="${TEA}/Alice" type="chat"><body>?</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("lets a moderator change the subject and tells everyone, but not a participant by default", async () => {
    await w.send(`<message from="${BOB}" to="${TEA}" type="groupchat"><subject>Bob's</subject></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
    await w.send(
      `<message from="${ALICE}" to="${TEA}" type="groupchat"><subject>Tea time</subject></message>`,
    );
    const out = w.take();
    assert.equal(out.length, 2);
    assert.ok(out.every((el) => el.getChildText("subject") === "Tea time"));
    const later = await join(w, "carol@localhost/c", TEA, "Carol");
    assert.equal(later.at(-1)!.getChildText("subject"), "Tea time");
    assert.equal(later.at(-1)!.attrs.from, `${TEA}/Alice`);
  });

  it("silences visitors in a moderated room with forbidden", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_moderatedroom": "1" });
    w.take();
    await join(w, "carol@localhost/c", TEA, "Carol");
    await w.send(`<message from="carol@localhost/c" to="${TEA}" type="groupchat"><body>hi</body></message>`);
    assert.equal(errorOf(w.take()[0]).condition, "forbidden");
  });

  it("changes a nick with 303 and the new presence, and refuses one in use", async () => {
    await w.send(`<presence from="${BOB}" to="${TEA}/Alice"/>`);
    assert.equal(errorOf(w.take()[0]).condition, "conflict");
    await w.send(`<presence from="${BOB}" to="${TEA}/Robert"/>`);
    const out = w.take();
    const toAlice = out.filter((el) => el.attrs.to === ALICE);
    assert.equal(toAlice[0]!.attrs.type, "unavailable");
    assert.deepEqual(statuses(toAlice[0]!), [303]);
    assert.equal(itemOf(toAlice[0]!).nick, "Robert");
    assert.equal(toAlice[1]!.attrs.from, `${TEA}/Robert`);
    const toBob = out.filter((el) => el.attrs.to === BOB);
    assert.deepEqual(statuses(toBob[0]!).sort(), [110, 303]);
  });

  it("broadcasts a status change to everyone", async () => {
    await w.send(`<presence from="${BOB}" to="${TEA}/Bob"><show>away</show></presence>`);
    const out = w.take();
    assert.equal(out.length, 2);
    assert.ok(out.every((el) => el.getChildText("show") === "away"));
  });

  it("tells everyone when an occupant leaves, and ends a temporary room with its last occupant", async () => {
    await configure(w, ALICE, TEA, { "muc#roomconfig_persistentroom": "0" });
    w.take();
    await w.send(`<presence type="unavailable" from="${BOB}" to="${TEA}/Bob"/>`);
    const out = w.take();
    assert.ok(out.some((el) => el.attrs.to === ALICE && el.attrs.type === "unavailable"));
    assert.ok(out.some((el) => el.attrs.to === BOB && statuses(el).includes(110)));
    await w.send(`<presence type="unavailable" from="${ALICE}" to="${TEA}/Alice"/>`);
    w.take();
    const again = await join(w, EVE, TEA, "Eve");
    assert.ok(
      statuses(again.find((el) => el.name === "presence")!).includes(201),
      "the room was created anew",
    );
  });

  it("drops an occupant whose session bounces presence, telling the others with 333", async () => {
    await w.send(
      `<presence type="error" from="${BOB}" to="${TEA}/Bob"><error type="cancel"><gone xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`,
    );
    const out = w.take();
    const toAlice = out.find((el) => el.attrs.to === ALICE)!;
    assert.equal(toAlice.attrs.type, "unavailable");
    assert.ok(statuses(toAlice).includes(333));
    assert.ok(
      !out.some((el) => el.attrs.to === BOB && el.attrs.type === "error"),
      "an error is never answered",
    );
  });

  it("answers a self-ping from a joined client and refuses one from an outsider (XEP-0410)", async () => {
    await w.send(`<iq type="get" id="sp" from="${BOB}" to="${TEA}/Bob"><ping xmlns="urn:xmpp:ping"/></iq>`);
    assert.equal(w.take()[0]!.attrs.type, "result");
    await w.send(`<iq type="get" id="sp2" from="${EVE}" to="${TEA}/Bob"><ping xmlns="urn:xmpp:ping"/></iq>`);
    assert.equal(errorOf(w.take()[0]).condition, "not-acceptable");
  });
});
