// Rooms on groups.localhost as a Gajim user meets them, parsed by nbxmpp: create, enter, talk,
// private messages, history on entering, and the archive page by page.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { ParsedMessage } from "./helpers/parsed.js";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import {
  CLIENT,
  chatFrom,
  createRoom,
  freshRoom,
  groupchatFrom,
  presenceFrom,
  say,
  stanzaIdBy,
} from "./helpers/flows.js";

describe("interop (nbxmpp): rooms", function () {
  this.timeout(30000);
  const suite = interopSuite();
  let alice: InteropUser, bob: InteropUser;
  let room: string;

  beforeEach(async () => {
    [alice, bob] = await suite.people("alice", "bob");
    room = freshRoom("tea");
  });

  it("creates an instant room owned by its creator; a second user enters and they talk", async () => {
    const created = await createRoom(alice, room, "Alice");
    assert.ok("error" in created.disco, "disco#info of a room not yet created is an error");
    assert.equal(created.disco.error.condition, "item-not-found");

    const entered = await bob.join(room, "Bob");
    assert.ok(
      !("error" in entered.disco) && entered.disco.isMuc,
      `the room is a MUC: ${JSON.stringify(entered.disco)}`,
    );
    assert.deepEqual(
      entered.self.mucStatusCodes.filter((c) => c === 201),
      [],
      "no 201 for the second user",
    );
    assert.equal(entered.self.mucUser?.role, "participant");
    assert.deepEqual(
      entered.occupants.map((p) => p.mucNickname),
      ["Alice"],
      "bob sees alice in the room before himself",
    );
    const arrival = await alice.waitFor(presenceFrom(`${room}/Bob`));
    assert.equal(arrival.mucUser?.jid, bob.bare, "the owner sees bob's real JID");

    const sent = await say(bob, room, "Bob", "Hello Alice");
    const atAlice = await alice.waitFor(groupchatFrom(`${room}/Bob`, "Hello Alice"));
    assert.equal(atAlice.fromMuc, true);
    assert.equal(atAlice.mucNickname, "Bob");
    assert.equal(atAlice.originId, sent.id, "the origin-id is kept");
    assert.equal(
      stanzaIdBy(atAlice, room),
      stanzaIdBy(sent, room),
      "one stanza-id by the room for both copies",
    );

    await say(alice, room, "Alice", "Hi Bob");
    await bob.waitFor(groupchatFrom(`${room}/Alice`, "Hi Bob"));

    await alice.send(`${room}/Bob`, "chat", "Just for you", { privateMessage: true });
    const pm = await bob.waitFor(chatFrom(`${room}/Alice`, "Just for you"));
    assert.equal(pm.mucPrivateMessage, true, `a MUC private message (muc#user <x/>): ${JSON.stringify(pm)}`);
  });

  it("replays the latest history, delayed by the room, to a user entering", async () => {
    await createRoom(alice, room, "Alice");
    for (const body of ["one", "two", "three"]) await say(alice, room, "Alice", body);

    const entered = await bob.join(room, "Bob", { maxstanzas: 2 });
    assert.deepEqual(
      entered.history.map((m) => m.body),
      ["two", "three"],
      "the two latest messages, oldest first, before the subject",
    );
    for (const message of entered.history) {
      assert.equal(message.from, `${room}/Alice`);
      assert.equal(message.delay.server, true, `a XEP-0203 delay from the room: ${JSON.stringify(message)}`);
      assert.ok(message.delay.timestamp, `the delay has a timestamp: ${JSON.stringify(message)}`);
    }
  });

  it("pages the room archive with RSM: max=2, then after the last, until complete", async () => {
    await createRoom(alice, room, "Alice");
    const sent: ParsedMessage[] = [];
    for (const body of ["one", "two", "three"]) sent.push(await say(alice, room, "Alice", body));
    await bob.join(room, "Bob");

    const first = await bob.mam(room, { max: 2 });
    assert.equal(first.complete, false, "the first page is not the last");
    assert.deepEqual(
      first.messages.map((m) => m.body),
      ["one", "two"],
      `the oldest two, in order: ${JSON.stringify(first)}`,
    );
    assert.ok(first.rsm.last, "the page names its last item");

    const second = await bob.mam(room, { max: 2, after: first.rsm.last });
    assert.equal(second.complete, true, "the second page ends the archive");
    assert.deepEqual(
      second.messages.map((m) => m.body),
      ["three"],
      `the rest: ${JSON.stringify(second)}`,
    );

    const results = [...first.messages, ...second.messages];
    results.forEach((message, i) => {
      const what = JSON.stringify(message);
      assert.equal(
        message.namespace,
        CLIENT,
        `the forwarded <message/> is jabber:client (XEP-0297): ${what}`,
      );
      assert.equal(message.mam?.archive, room, `archived by the room: ${what}`);
      assert.equal(message.type, "groupchat", what);
      assert.equal(message.from, `${room}/Alice`, what);
      assert.equal(
        message.mam?.id,
        stanzaIdBy(sent[i]!, room),
        `the result id is the live stanza-id: ${what}`,
      );
    });
    assert.equal(first.rsm.last, first.messages[1]?.mam?.id, "RSM last is the last result's id");
  });

  it("takes a room avatar set as Gajim sets it, and shows it in disco#info and the vCard (XEP-0486)", async () => {
    const png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const sha = createHash("sha1").update(Buffer.from(png, "base64")).digest("hex");
    await createRoom(alice, room, "Alice");
    assert.equal((await bob.discoInfo(room)).avatarHash, null);
    await alice.setAvatar(room, "image/png", png);
    assert.equal((await bob.discoInfo(room)).avatarHash, sha);
    assert.deepEqual(await bob.vcard(room), {
      avatarSha: sha,
      avatarBytes: Buffer.from(png, "base64").length,
    });
  });
});
