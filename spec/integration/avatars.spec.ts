// Room and topic avatars on a real server with real clients: an owner sets the picture through
// vcard-temp as Gajim or Conversations do; others learn it from the room (presence, disco#info)
// and fetch it through their server; a topic's member gets it in the topic's presence.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { xml, type TestUser } from "../helpers/users.js";
import type { Element } from "../../src/xmpp/xml.js";
import { codes, configure, enter } from "../helpers/rooms.js";
import {
  DISCO_INFO,
  LISTS_DOMAIN,
  addMembers,
  answerSubscription,
  castOfThree,
  createPersistentTopic,
  failsWith,
  fetchRoster,
  freshTopic,
  isSubscriptionFrom,
} from "../helpers/topics.js";
import { uniqueName } from "../helpers/users.js";

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const HASH = createHash("sha1").update(Buffer.from(PNG, "base64")).digest("hex");
const UPDATE = "vcard-temp:x:update";

const photoVcard = () =>
  xml(
    "vCard",
    { xmlns: "vcard-temp" },
    xml("PHOTO", {}, xml("TYPE", {}, "image/png"), xml("BINVAL", {}, PNG)),
  );
const setAvatar = (owner: TestUser, to: string) => owner.iq(xml("iq", { type: "set", to }, photoVcard()));
const vcardOf = async (user: TestUser, to: string) =>
  (await user.iq(xml("iq", { type: "get", to }, xml("vCard", { xmlns: "vcard-temp" })))).getChild(
    "vCard",
    "vcard-temp",
  )!;
const hasAvatar = (from: string, hash: string) => (el: Element) =>
  el.name === "presence" &&
  el.attrs.from === from &&
  el.getChild("x", UPDATE)?.getChildText("photo") === hash;

describe("avatars on a real server", function () {
  this.timeout(30000);
  const cast = castOfThree();
  let alice: TestUser, bob: TestUser, carol: TestUser;
  beforeEach(() => ({ alice, bob, carol } = cast));

  it("lets a room's owner set its avatar; an occupant is told, and anyone fetches it", async () => {
    const room = `${uniqueName("pic")}@groups.localhost`;
    assert.ok(codes(await enter(alice, room, "Alice")).includes(201));
    await configure(alice, room);
    await enter(bob, room, "Bob");
    await setAvatar(alice, room);
    await bob.waitFor(hasAvatar(room, HASH));
    await bob.waitFor(
      (el) =>
        el.name === "message" &&
        el.attrs.from === room &&
        el.getChild("x", "http://jabber.org/protocol/muc#user")?.getChild("status")?.attrs.code === "104",
    );
    const info = await carol.iq(xml("iq", { type: "get", to: room }, xml("query", { xmlns: DISCO_INFO })));
    const hash = info
      .getChild("query", DISCO_INFO)!
      .getChild("x", "jabber:x:data")!
      .getChildren("field")
      .find((f) => f.attrs.var === "muc#roominfo_avatarhash");
    assert.equal(hash?.getChildText("value"), HASH);
    const vcard = await vcardOf(carol, room);
    assert.equal(vcard.getChild("PHOTO")!.getChildText("BINVAL"), PNG);

    await assert.rejects(setAvatar(bob, room), failsWith("forbidden", "auth"));
  });

  it("shows a topic's members its picture in the topic's presence and vCard", async () => {
    const topic = freshTopic("pic");
    await createPersistentTopic(alice, topic);
    await addMembers(alice, topic, bob);
    await answerSubscription(alice, LISTS_DOMAIN, "subscribed"); // the topic follows alice: it is online
    await fetchRoster(bob);
    await answerSubscription(bob, topic, "subscribed");
    await bob.send(xml("presence", { to: topic, type: "subscribe" }));
    await bob.waitFor(isSubscriptionFrom(topic, "subscribed"));

    await setAvatar(alice, topic);
    await bob.waitFor(hasAvatar(topic, HASH));
    const vcard = await vcardOf(bob, topic);
    assert.equal(vcard.getChild("PHOTO")!.getChildText("BINVAL"), PNG);
    assert.equal((await vcardOf(carol, topic)).getChild("PHOTO"), undefined, "an outsider gets no picture");
  });
});
