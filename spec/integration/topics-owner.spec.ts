// Topics from the owner's side, on a real server with real clients (docs/protocol.md, "Topic
// service: lists.localhost", Owner side): a MUC room whose other occupants are the list's members.
import assert from "node:assert/strict";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { xml, type TestUser } from "../helpers/users.js";
import { MUC, codes, configure, enter } from "../helpers/rooms.js";
import {
  NICK,
  SID,
  addMembers,
  addressesOf,
  admin,
  archive,
  bareOf,
  chat,
  createPersistentTopic,
  createTopic,
  discoInfo,
  errorOf,
  failsWith,
  freshTopic,
  groupchat,
  invite,
  isChatFrom,
  isGroupchatFrom,
  isMessageErrorFrom,
  isOccupantPresence,
  isRoomMessage,
  itemOf,
  leaveRoom,
  localPart,
  memberList,
  nextChat,
  nickOf,
  castOfThree,
  reconnect,
  sendToAll,
  toAddresses,
} from "../helpers/topics.js";

const MUC_FEATURES = ["muc_membersonly", "muc_nonanonymous", "muc_hidden"];

describe("topics: the owner's room", function () {
  this.timeout(30000);
  const cast = castOfThree();
  let server: XmppServer;
  let alice: TestUser, bob: TestUser, carol: TestUser;

  beforeEach(() => {
    ({ server, alice, bob, carol } = cast);
  });

  describe("creating a topic and managing its members", () => {
    it("creates a topic when its owner joins a new topic JID and accepts the instant room", async () => {
      const topic = freshTopic("badminton");
      const self = await createTopic(alice, topic);
      assert.equal(itemOf(self)?.attrs.affiliation, "owner");
      assert.deepEqual(await memberList(alice, topic), [], "a new topic has no members");
    });

    it("adds members from the admin list, each shown as an occupant carrying their real JID", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      for (const member of [bob, carol]) {
        const presence = await alice.waitFor(isOccupantPresence(topic, nickOf(member)));
        assert.equal(bareOf(itemOf(presence)?.attrs.jid ?? ""), member.bare, "the member's real JID");
        assert.equal(itemOf(presence)?.attrs.affiliation, "member");
      }
      assert.deepEqual(await memberList(alice, topic), [bob.bare, carol.bare].sort());
    });

    it("answers the addition of an existing member with a room message saying so", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      await addMembers(alice, topic, bob);
      await alice.waitFor(isRoomMessage(topic, /already/i, nickOf(bob)));
      assert.deepEqual(await memberList(alice, topic), [bob.bare]);
    });

    it("adds a member by mediated invitation without forwarding it, and confirms in the room", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await invite(alice, topic, bob.bare);
      await alice.waitFor(isRoomMessage(topic, nickOf(bob)));
      const presence = await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      assert.equal(bareOf(itemOf(presence)?.attrs.jid ?? ""), bob.bare);
      assert.deepEqual(await memberList(alice, topic), [bob.bare]);

      await invite(alice, topic, bob.bare);
      await alice.waitFor(isRoomMessage(topic, /already/i, nickOf(bob)));
      assert.deepEqual(await memberList(alice, topic), [bob.bare], "inviting a member again adds nobody");

      await sendToAll(alice, topic, "welcome");
      const first = await nextChat(bob, topic);
      assert.equal(first.getChildText("body"), "welcome", "the first message bob gets is alice's");
      const invitation = (el: (typeof bob.inbox)[number]) =>
        el.name === "message" && el.toString().includes("invite");
      assert.ok(!bob.inbox.some(invitation), "bob never received the invitation itself");
    });

    it("names a member's occupant with the nick given in the admin item", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await admin(alice, topic, { jid: bob.bare, affiliation: "member", nick: "Bobby" });
      const presence = await alice.waitFor(isOccupantPresence(topic, "Bobby"));
      assert.equal(bareOf(itemOf(presence)?.attrs.jid ?? ""), bob.bare);
      await chat(alice, `${topic}/Bobby`, "hello Bobby");
      await bob.waitFor(isChatFrom(topic, "hello Bobby"));
    });

    it("names a member without a nick by their JID's local part, made unique", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await admin(alice, topic, { jid: bob.bare, affiliation: "member", nick: nickOf(carol) });
      await alice.waitFor(isOccupantPresence(topic, nickOf(carol)));
      await addMembers(alice, topic, carol);
      const presence = await alice.waitFor(isOccupantPresence(topic, `${nickOf(carol)} (2)`));
      assert.equal(bareOf(itemOf(presence)?.attrs.jid ?? ""), carol.bare);
    });

    it("removes members with affiliation none and with a kick, each leaving with status 321", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      await alice.waitFor(isOccupantPresence(topic, nickOf(carol)));

      await admin(alice, topic, { jid: bob.bare, affiliation: "none" });
      const bobGone = await alice.waitFor(isOccupantPresence(topic, nickOf(bob), "unavailable"));
      assert.ok(codes(bobGone).includes(321), `status 321: ${bobGone.toString()}`);

      await admin(alice, topic, { nick: nickOf(carol), role: "none" });
      const carolGone = await alice.waitFor(isOccupantPresence(topic, nickOf(carol), "unavailable"));
      assert.ok(codes(carolGone).includes(321), `status 321: ${carolGone.toString()}`);
      assert.deepEqual(await memberList(alice, topic), []);
    });

    it("refuses admin, owner and outcast affiliations with not-allowed", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      for (const affiliation of ["admin", "owner", "outcast"]) {
        await assert.rejects(admin(alice, topic, { jid: bob.bare, affiliation }), failsWith("not-allowed"));
      }
      assert.deepEqual(await memberList(alice, topic), []);
    });

    it("shows the member list to its owner only", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await assert.rejects(memberList(bob, topic), failsWith("forbidden"));
      await assert.rejects(memberList(carol, topic), failsWith("forbidden"));
    });
  });

  describe("sending", () => {
    let topic: string;
    beforeEach(async () => {
      topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob, carol);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      await alice.waitFor(isOccupantPresence(topic, nickOf(carol)));
    });

    it("sends a groupchat to every member as a private chat, then reflects it with a stanza-id", async () => {
      await groupchat(alice, topic, "Training at 7?", xml("origin-id", { xmlns: SID, id: "origin-7" }));
      const atBob = await bob.waitFor(isChatFrom(topic, "Training at 7?"));
      const atCarol = await carol.waitFor(isChatFrom(topic, "Training at 7?"));
      const reflection = await alice.waitFor(isGroupchatFrom(topic, "Alice", "Training at 7?"));
      const stanzaId = reflection.getChild("stanza-id", SID);
      assert.equal(stanzaId?.attrs.by, topic, "the reflection carries the topic's stanza-id");
      assert.ok(stanzaId.attrs.id);

      const pairs: [typeof atBob, TestUser][] = [
        [atBob, carol],
        [atCarol, bob],
      ];
      for (const [received, other] of pairs) {
        assert.equal(
          received.getChildText("nick", NICK),
          `${nickOf(alice)} · ${localPart(topic)}`,
          "the first message carries the nick 'Owner · Topic'",
        );
        assert.equal(received.attrs.id, stanzaId.attrs.id, "its id is the owner's message's stanza-id");
        assert.equal(received.getChild("origin-id", SID)?.attrs.id, "origin-7", "the origin-id is kept");
        const text = received.toString();
        assert.ok(!text.includes(other.bare), `never reveals ${other.bare}: ${text}`);
        assert.ok(!text.includes(nickOf(other)), `never reveals ${nickOf(other)}: ${text}`);
      }
    });

    it("sends a private message to one member only", async () => {
      await chat(alice, `${topic}/${nickOf(bob)}`, "just for bob");
      const pm = await bob.waitFor(isChatFrom(topic, "just for bob"));
      assert.ok(!pm.toString().includes(carol.bare));
      await sendToAll(alice, topic, "for everyone");
      assert.equal((await nextChat(carol, topic)).getChildText("body"), "for everyone");
    });

    it("sends to the members named in XEP-0033 addresses only, listing them on the reflection", async () => {
      await groupchat(alice, topic, "bob only", toAddresses(bob.bare));
      await bob.waitFor(isChatFrom(topic, "bob only"));
      const reflection = await alice.waitFor(isGroupchatFrom(topic, "Alice", "bob only"));
      assert.deepEqual(addressesOf(reflection), [`to ${bob.bare}`]);
      await sendToAll(alice, topic, "everyone");
      assert.equal((await nextChat(carol, topic)).getChildText("body"), "everyone");
    });

    it("sends to the members named by a leading '@name:' and removes that prefix", async () => {
      await groupchat(alice, topic, `@${nickOf(bob)}: hi`);
      await bob.waitFor(isChatFrom(topic, "hi"));
      const reflection = await alice.waitFor(
        (el) => isGroupchatFrom(topic, "Alice")(el) && /\bhi$/.test(el.getChildText("body") ?? ""),
      );
      assert.deepEqual(addressesOf(reflection), [`to ${bob.bare}`], "the reflection names the recipients");
      await sendToAll(alice, topic, "everyone");
      assert.equal((await nextChat(carol, topic)).getChildText("body"), "everyone");

      // Nicks in any case or bare JIDs, separated by commas or spaces.
      await groupchat(alice, topic, `@${nickOf(bob).toUpperCase()}, @${carol.bare}: both of you`);
      const atBob = await bob.waitFor(isChatFrom(topic, "both of you"));
      await carol.waitFor(isChatFrom(topic, "both of you"));
      assert.ok(!atBob.toString().includes(carol.bare), "a subset send does not reveal the others");
    });

    it("refuses a send naming a non-member with item-not-found naming it, and sends nothing", async () => {
      await groupchat(alice, topic, `@${nickOf(bob)} @nobody: secret`);
      const byName = await alice.waitFor(isMessageErrorFrom(topic));
      assert.equal(errorOf(byName).condition, "item-not-found", byName.toString());
      assert.match(errorOf(byName).text ?? "", /nobody/);

      await groupchat(alice, topic, "secret too", toAddresses(bob.bare, "stranger@localhost"));
      const byAddress = await alice.waitFor(isMessageErrorFrom(topic));
      assert.equal(errorOf(byAddress).condition, "item-not-found", byAddress.toString());
      assert.match(errorOf(byAddress).text ?? "", /stranger@localhost/);

      await sendToAll(alice, topic, "after");
      for (const member of [bob, carol]) {
        assert.equal((await nextChat(member, topic)).getChildText("body"), "after", "nothing came before");
      }
      assert.ok(
        !alice.inbox.some(
          (el) => isGroupchatFrom(topic, "Alice")(el) && /secret/.test(el.getChildText("body") ?? ""),
        ),
        "nothing was reflected",
      );
    });

    it("fans out a chat or normal message its owner sends to the bare topic JID without joining", async () => {
      const persistent = freshTopic("x");
      await createPersistentTopic(alice, persistent);
      await addMembers(alice, persistent, bob, carol);
      await leaveRoom(alice, persistent);

      await chat(alice, persistent, "from my phone");
      await bob.waitFor(isChatFrom(persistent, "from my phone"));
      await carol.waitFor(isChatFrom(persistent, "from my phone"));
      await alice.send(xml("message", { to: persistent }, xml("body", {}, "from a script")));
      await bob.waitFor(isChatFrom(persistent, "from a script"));
      await carol.waitFor(isChatFrom(persistent, "from a script"));

      // The subset forms work the same way.
      await chat(alice, persistent, `@${nickOf(carol)}: just carol`);
      await carol.waitFor(isChatFrom(persistent, "just carol"));
      await chat(alice, persistent, "after", toAddresses(bob.bare));
      assert.equal((await nextChat(bob, persistent)).getChildText("body"), "after", "bob got nothing before");
    });

    it("shows a chat the owner sends to the bare topic JID in her sessions that are in the room", async () => {
      const phone = await reconnect(server, alice);
      try {
        await chat(phone, topic, "sent from the phone");
        await bob.waitFor(isChatFrom(topic, "sent from the phone"));
        await carol.waitFor(isChatFrom(topic, "sent from the phone"));
        await alice.waitFor(isGroupchatFrom(topic, "Alice", "sent from the phone"));
      } finally {
        await phone.stop();
      }
    });
  });

  describe("history and lifetime", () => {
    it("keeps an archive of what was sent and answered, for its owner only, replayed on rejoin", async () => {
      const topic = freshTopic("x");
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await sendToAll(alice, topic, "one");
      await bob.waitFor(isChatFrom(topic, "one"));
      await chat(bob, topic, "answer one");
      await alice.waitFor(isGroupchatFrom(topic, nickOf(bob), "answer one"));
      await sendToAll(alice, topic, "two");
      const expected = ["one", "answer one", "two"];

      const archived = await archive(alice, topic);
      const bodies = archived.map((m) => m.getChildText("body") ?? "");
      assert.deepEqual(
        bodies.filter((b) => expected.includes(b)),
        expected,
      );
      assert.equal(archived[bodies.indexOf("answer one")]!.attrs.from, `${topic}/${nickOf(bob)}`);
      await assert.rejects(archive(bob, topic), failsWith("forbidden"));

      await leaveRoom(alice, topic);
      const self = await enter(alice, topic, "Alice");
      assert.ok(!codes(self).includes(201), "the persistent topic still exists");
      const history = alice.inbox
        .filter((el) => el.name === "message" && el.getChild("delay", "urn:xmpp:delay"))
        .map((el) => el.getChildText("body") ?? "");
      assert.deepEqual(
        history.filter((b) => expected.includes(b)),
        expected,
      );
    });

    it("ends a temporary topic and its member list when its owner leaves", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic, "Alice", { "muc#roomconfig_persistentroom": "0" });
      await addMembers(alice, topic, bob);
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      await leaveRoom(alice, topic);
      await createTopic(alice, topic); // asserts status 201: a new topic
      assert.deepEqual(await memberList(alice, topic), []);
    });

    it("keeps a persistent topic and its members when its owner leaves", async () => {
      const topic = freshTopic("x");
      await createPersistentTopic(alice, topic);
      await addMembers(alice, topic, bob);
      await leaveRoom(alice, topic);
      await alice.send(xml("presence", { to: `${topic}/Alice` }, xml("x", { xmlns: MUC })));
      await alice.waitFor(isOccupantPresence(topic, nickOf(bob)));
      assert.deepEqual(await memberList(alice, topic), [bob.bare]);
    });
  });

  describe("discovery", () => {
    it("shows its owner a hidden, members-only, non-anonymous room, whatever the configuration says", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      const info = await discoInfo(alice, topic);
      assert.ok(info.identities.includes("conference/text"), info.stanza.toString());
      for (const feature of [MUC, ...MUC_FEATURES]) {
        assert.ok(info.features.includes(feature), `${feature}: ${info.stanza.toString()}`);
      }

      await configure(alice, topic, {
        "muc#roomconfig_membersonly": "0",
        "muc#roomconfig_publicroom": "1",
        "muc#roomconfig_whois": "moderators",
      }).catch(() => undefined); // refused or ignored: either way they must not change
      const after = await discoInfo(alice, topic);
      for (const feature of MUC_FEATURES) {
        assert.ok(
          after.features.includes(feature),
          `${feature} after configuring: ${after.stanza.toString()}`,
        );
      }
    });

    it("shows anyone else only a contact with a name: no MUC features, no owner, no members", async () => {
      const topic = freshTopic("x");
      await createTopic(alice, topic);
      await addMembers(alice, topic, bob);
      for (const asker of [bob, carol]) {
        const info = await discoInfo(asker, topic);
        const text = info.stanza.getChild("query")!.toString();
        assert.deepEqual(info.identities, ["component/generic"], text);
        assert.ok(info.names[0], `the topic's name: ${text}`);
        assert.ok(
          !info.features.some((f) => f.startsWith(MUC) || f.startsWith("muc_")),
          `no MUC features: ${text}`,
        );
        assert.ok(!text.includes(alice.bare) && !text.includes(bob.bare), `reveals nobody: ${text}`);
      }
    });
  });
});
