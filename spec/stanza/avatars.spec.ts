// Room and topic avatars (XEP-0486 over vcard-temp): owners set them on the room JID; occupants
// learn the hash from disco#info and from a presence of the room's bare JID (XEP-0153); a topic's
// members get its picture in the topic's presence and vCard, outsiders never.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { world, type World } from "./helpers/world.js";
import { ALICE, BOB, TEA, createRoom, errorOf, join } from "./helpers/muc.js";
import { BADMINTON, BOB_JID, OWNER, badminton } from "./helpers/topics.js";
import type { Element } from "../../src/xmpp/xml.js";

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const HASH = createHash("sha1").update(Buffer.from(PNG, "base64")).digest("hex");
const UPDATE = "vcard-temp:x:update";

const setVcard = (from: string, to: string, photo: string) =>
  `<iq type="set" id="v" from="${from}" to="${to}"><vCard xmlns="vcard-temp">${photo}</vCard></iq>`;
const pngPhoto = (data = PNG) => `<PHOTO><TYPE>image/png</TYPE><BINVAL>${data}</BINVAL></PHOTO>`;

const answer = (out: Element[]) => out.find((el) => el.name === "iq")!;
const avatarPresences = (out: Element[], room: string) =>
  out.filter((el) => el.name === "presence" && el.attrs.from === room && el.getChild("x", UPDATE));

async function vcardOf(w: World, from: string, to: string): Promise<Element> {
  await w.send(`<iq type="get" id="g" from="${from}" to="${to}"><vCard xmlns="vcard-temp"/></iq>`);
  return answer(w.take()).getChild("vCard", "vcard-temp")!;
}

async function avatarHashOf(w: World, from: string, to: string): Promise<string[]> {
  await w.send(
    `<iq type="get" id="d" from="${from}" to="${to}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
  );
  const query = answer(w.take()).getChild("query")!;
  assert.ok(query.getChildren("feature").some((f) => f.attrs.var === "vcard-temp"));
  const field = query
    .getChild("x", "jabber:x:data")!
    .getChildren("field")
    .find((f) => f.attrs.var === "muc#roominfo_avatarhash");
  if (field) assert.equal(field.attrs.type, "text-multi", "XEP-0486's registry");
  return field ? field.getChildren("value").map((v) => v.getText()) : [];
}

describe("room avatars", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await createRoom(w, ALICE, TEA, "Alice");
    await join(w, BOB, TEA, "Bob");
  });
  afterEach(() => w.stop());

  it("lets the owner set one: occupants get the hash in presence and a 104, disco#info and the vCard carry it", async () => {
    assert.deepEqual(await avatarHashOf(w, BOB, TEA), []);
    await w.send(setVcard(ALICE, TEA, pngPhoto()));
    const out = w.take();
    assert.equal(answer(out).attrs.type, "result");
    const told = avatarPresences(out, TEA);
    assert.deepEqual(told.map((p) => p.attrs.to).sort(), [ALICE, BOB].sort());
    assert.equal(told[0]!.getChild("x", UPDATE)!.getChildText("photo"), HASH);
    const notice = out.find((el) => el.name === "message" && el.attrs.to === BOB)!;
    assert.equal(
      notice.getChild("x", "http://jabber.org/protocol/muc#user")!.getChild("status")!.attrs.code,
      "104",
    );

    assert.deepEqual(await avatarHashOf(w, BOB, TEA), [HASH]);
    const vcard = await vcardOf(w, "eve@localhost/x", TEA);
    assert.equal(vcard.getChild("PHOTO")!.getChildText("TYPE"), "image/png");
    assert.equal(vcard.getChild("PHOTO")!.getChildText("BINVAL"), PNG);
    assert.equal(vcard.getChildText("FN"), "tea");
  });

  it("tells someone entering later, right after their own presence", async () => {
    await w.send(setVcard(ALICE, TEA, pngPhoto()));
    w.take();
    const out = (await join(w, "carol@localhost/pc", TEA, "Carol")).filter(
      (el) => el.attrs.to === "carol@localhost/pc",
    );
    const self = out.findIndex((el) => el.attrs.from === `${TEA}/Carol`);
    const avatar = out.findIndex((el) => el.attrs.from === TEA && el.getChild("x", UPDATE));
    assert.ok(self >= 0 && avatar === self + 1, "the avatar's presence follows the self-presence");
  });

  it("removes it when the owner sends a vCard without PHOTO", async () => {
    await w.send(setVcard(ALICE, TEA, pngPhoto()));
    w.take();
    await w.send(setVcard(ALICE, TEA, ""));
    const told = avatarPresences(w.take(), TEA);
    assert.equal(told[0]!.getChild("x", UPDATE)!.getChildText("photo"), "");
    assert.deepEqual(await avatarHashOf(w, BOB, TEA), []);
    assert.equal((await vcardOf(w, BOB, TEA)).getChild("PHOTO"), undefined);
  });

  it("refuses a member, an image over the size limit and data that is not an image", async () => {
    await w.send(setVcard(BOB, TEA, pngPhoto()));
    assert.deepEqual(errorOf(answer(w.take())), {
      condition: "forbidden",
      text: "Only owners can change this room's avatar",
      type: "auth",
    });
    const big = Buffer.concat([Buffer.from(PNG, "base64"), Buffer.alloc(140_000)]).toString("base64");
    await w.send(setVcard(ALICE, TEA, pngPhoto(big)));
    const tooBig = errorOf(answer(w.take()));
    assert.equal(tooBig.condition, "not-acceptable");
    assert.match(tooBig.text!, /at most 131072 bytes/);
    const text = Buffer.from("not an image at all").toString("base64");
    await w.send(setVcard(ALICE, TEA, `<PHOTO><TYPE>image/png</TYPE><BINVAL>${text}</BINVAL></PHOTO>`));
    assert.equal(errorOf(answer(w.take())).condition, "not-acceptable");
    assert.deepEqual(await avatarHashOf(w, BOB, TEA), [], "nothing was taken");
  });

  it("is announced by the service too (XEP-0486 §3.1), whose own vCard gives its name", async () => {
    const service = TEA.split("@")[1]!;
    await w.send(
      `<iq type="get" id="d" from="${BOB}" to="${service}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = answer(w.take()).getChild("query")!.getChildren("feature");
    assert.ok(features.some((f) => f.attrs.var === "vcard-temp"));
    const vcard = await vcardOf(w, BOB, service);
    assert.ok(vcard.getChildText("FN"), "the service's name");
    assert.equal(vcard.getChild("PHOTO"), undefined);
  });

  it("goes with the room when it is destroyed", async () => {
    await w.send(setVcard(ALICE, TEA, pngPhoto()));
    await w.send(
      `<iq type="set" id="x" from="${ALICE}" to="${TEA}"><query xmlns="http://jabber.org/protocol/muc#owner"><destroy/></query></iq>`,
    );
    w.take();
    await createRoom(w, ALICE, TEA, "Alice");
    assert.deepEqual(await avatarHashOf(w, ALICE, TEA), []);
    assert.equal((await vcardOf(w, ALICE, TEA)).getChild("PHOTO"), undefined);
  });
});

describe("topic avatars", () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
    await badminton(w);
    await w.send(`<presence type="subscribed" from="${BOB_JID}" to="${BADMINTON}"/>`);
    await w.send(`<presence from="${BOB_JID}/laptop" to="${BADMINTON}"/>`);
    w.take();
  });
  afterEach(() => w.stop());

  it("shows members the topic's picture in its presence and vCard, with the owner's name; outsiders get neither", async () => {
    await w.send(setVcard(OWNER, BADMINTON, pngPhoto()));
    const out = w.take();
    assert.equal(answer(out).attrs.type, "result");
    const toBob = out.find(
      (el) => el.name === "presence" && el.attrs.to === BOB_JID && el.attrs.from === BADMINTON,
    );
    assert.equal(
      toBob?.getChild("x", UPDATE)?.getChildText("photo"),
      HASH,
      "bob's roster learns the picture",
    );

    const bobs = await vcardOf(w, `${BOB_JID}/laptop`, BADMINTON);
    assert.equal(bobs.getChild("PHOTO")!.getChildText("BINVAL"), PNG);
    assert.match(bobs.getChildText("FN")!, /alice/);
    const eves = await vcardOf(w, "eve@localhost/x", BADMINTON);
    assert.equal(eves.getChild("PHOTO"), undefined);
    assert.equal(eves.getChildText("FN"), "badminton");
  });

  it("tells members when the picture is removed: an empty photo, never a presence silent on it", async () => {
    await w.send(setVcard(OWNER, BADMINTON, pngPhoto()));
    w.take();
    await w.send(setVcard(OWNER, BADMINTON, ""));
    const toBob = w
      .take()
      .find((el) => el.name === "presence" && el.attrs.to === BOB_JID && el.attrs.from === BADMINTON);
    assert.equal(toBob?.getChild("x", UPDATE)?.getChildText("photo"), "", "XEP-0153: no avatar");
  });

  it("refuses a member's avatar for the topic", async () => {
    await w.send(setVcard(`${BOB_JID}/laptop`, BADMINTON, pngPhoto()));
    assert.equal(errorOf(answer(w.take())).condition, "forbidden");
  });
});
