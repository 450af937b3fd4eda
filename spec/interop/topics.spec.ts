// Topics on lists.localhost as Gajim users meet them, parsed by nbxmpp: the owner creates one by
// joining its JID and invites members from the room; members get 1:1 chats from the topic JID (all
// of them, or one by a private message) and their replies show in the owner's room.
import assert from "node:assert/strict";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import {
  chatFrom,
  createRoom,
  freshTopic,
  groupchatFrom,
  isMessage,
  localPart,
  presenceFrom,
  roomMessage,
  say,
  stanzaIdBy,
} from "./helpers/flows.js";

/** The occupant nick a member gets when added without one: their JID's local part. */
const nickOf = (user: InteropUser): string => localPart(user.bare);

describe("interop (nbxmpp): topics", function () {
  this.timeout(30000);
  const suite = interopSuite();
  let alice: InteropUser, bob: InteropUser, carol: InteropUser;
  let topic: string;

  beforeEach(async () => {
    [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    topic = freshTopic("badminton");
  });

  /** Alice creates the topic by joining it and invites bob and carol from the room, as in Gajim. */
  async function topicWithMembers(): Promise<void> {
    await createRoom(alice, topic, "Alice");
    for (const member of [bob, carol]) {
      await alice.invite(topic, member.bare);
      const confirmation = await alice.waitFor(roomMessage(topic, new RegExp(nickOf(member))));
      assert.ok(confirmation.body, "the room confirms the addition in words");
      const occupant = await alice.waitFor(presenceFrom(`${topic}/${nickOf(member)}`));
      assert.equal(occupant.mucUser?.jid, member.bare, `the occupant carries the member's real JID`);
      assert.equal(occupant.mucUser?.affiliation, "member");
    }
  }

  it("creates a topic by joining its JID; a mediated invitation adds the member", async () => {
    await topicWithMembers();
    const members = await alice.getAffiliation(topic, "member");
    assert.deepEqual(members.map((m) => m.jid).sort(), [bob.bare, carol.bare].sort());

    // What makes Gajim invite by mediated invitation rather than a direct one (PROTOCOL.md §1).
    const disco = await alice.discoInfo(topic);
    assert.ok(disco.isMuc, `the topic is a MUC room to its owner: ${JSON.stringify(disco)}`);
    for (const feature of ["muc_membersonly", "muc_nonanonymous", "muc_hidden"]) {
      assert.ok(disco.features.includes(feature), `${feature}: ${JSON.stringify(disco.features)}`);
    }
    assert.ok(
      !bob.inbox.some((e) => isMessage(e) && e.invite !== null),
      "the invitation itself is not forwarded",
    );
  });

  it("fans a room message out as 1:1 chats from the topic JID; a member's reply shows in the room", async () => {
    await topicWithMembers();
    const reflection = await say(alice, topic, "Alice", "Training at 7?");
    stanzaIdBy(reflection, topic);

    for (const member of [bob, carol]) {
      const received = await member.waitFor(chatFrom(topic, "Training at 7?"));
      const what = JSON.stringify(received);
      assert.equal(received.mucPrivateMessage, false, `a 1:1 chat, not a MUC private message: ${what}`);
      assert.equal(received.fromMuc, false, what);
      assert.ok(received.nickname, `a XEP-0172 nick on first contact: ${what}`);
    }

    await bob.send(topic, "chat", "Count me in");
    const reply = await alice.waitFor(groupchatFrom(`${topic}/${nickOf(bob)}`, "Count me in"));
    assert.equal(reply.fromMuc, true);
    assert.equal(reply.mucNickname, nickOf(bob));
  });

  it("sends a private message from the room to one member only", async () => {
    await topicWithMembers();
    await alice.send(`${topic}/${nickOf(bob)}`, "chat", "Just for Bob", { privateMessage: true });
    await bob.waitFor(chatFrom(topic, "Just for Bob"));
    // Carol's copy of a later message proves she was sent everything before it, and not the PM.
    await say(alice, topic, "Alice", "For everyone");
    await carol.waitFor(chatFrom(topic, "For everyone"));
    assert.ok(!carol.inbox.some((e) => isMessage(e) && e.body === "Just for Bob"), "carol did not get it");
  });

  it("carries corrections both ways, each naming the message as its reader got it (XEP-0308)", async () => {
    await topicWithMembers();
    const own = await alice.send(topic, "groupchat", "Court at seven");
    await alice.waitFor(groupchatFrom(`${topic}/Alice`, "Court at seven"));
    const copy = await bob.waitFor(chatFrom(topic, "Court at seven"));
    await alice.send(topic, "groupchat", "Court at eight", { corrects: own });
    const correction = await bob.waitFor(chatFrom(topic, "Court at eight"));
    assert.equal(correction.correction, copy.id, "names the copy bob got, not alice's own id");

    const mine = await bob.send(topic, "chat", "Count me in");
    const shown = await alice.waitFor(groupchatFrom(`${topic}/${nickOf(bob)}`, "Count me in"));
    await bob.send(topic, "chat", "Count me in, with Dan", { corrects: mine });
    const fixed = await alice.waitFor(groupchatFrom(`${topic}/${nickOf(bob)}`, "Count me in, with Dan"));
    assert.equal(fixed.correction, shown.id, "names bob's message as alice's room showed it");
  });
});
