// A group speaking to an outsider, on a real server with real clients (docs/protocol.md, "Nested
// groups", Speaking to an outsider as the group): contact-as-group, the guest occupant, replies both
// ways as the group, and the two ways it ends.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { TestUser } from "../helpers/users.js";
import { codes, enter } from "../helpers/rooms.js";
import {
  NICK,
  SID,
  admin,
  barrier,
  chat,
  errorOf,
  failsWith,
  isChatFrom,
  isGroupchatFrom,
  isMessageErrorFrom,
  isOccupantPresence,
  isRoomMessage,
  isUnavailableFrom,
  itemOf,
  localPart,
} from "../helpers/topics.js";
import {
  addMembers,
  affiliate,
  assertNoneOf,
  contactAsGroup,
  createGroup,
  freshRoom,
  groupsSuite,
  hex,
  recordAll,
} from "../helpers/groups.js";

/** A message with a body from exactly `from`, of type chat or normal (what F is told). */
const isToldBy = (from: string) => (el: Element) =>
  el.name === "message" &&
  el.attrs.from === from &&
  (el.attrs.type ?? "normal") !== "error" &&
  el.attrs.type !== "groupchat" &&
  el.getChild("body") !== undefined;

describe("groups: speaking to an outsider as the group", function () {
  this.timeout(30000);
  const suite = groupsSuite();
  /** Alice owns A (named `Alpha-…`), bob is a member; both sit in A; fred is an outsider. */
  let alice: TestUser, bob: TestUser, fred: TestUser;
  let a: string, name: string, aliceNick: string, bobNick: string, guest: string;
  let atFred: Element[];

  beforeEach(async () => {
    [alice, bob, fred] = await suite.people("alice", "bob", "fred");
    a = freshRoom("alpha");
    name = `Alpha-${hex()}`;
    aliceNick = `Alicia${hex()}`;
    bobNick = `Bobby${hex()}`;
    guest = localPart(fred.bare);
    await createGroup(alice, a, aliceNick, { name });
    await addMembers(alice, a, bob);
    await enter(bob, a, bobNick);
    atFred = recordAll(fred);
  });

  /** Bob starts the conversation; fred's first chat and the guest's arrival are checked. */
  async function contactFred(): Promise<void> {
    await contactAsGroup(bob, a, fred.bare, "Hello Fred, this is the group");
    const first = await fred.waitFor(isChatFrom(a, "Hello Fred, this is the group"));
    assert.equal(
      first.getChildText("nick", NICK),
      name,
      `the group's name as XEP-0172 nick: ${first.toString()}`,
    );
    for (const member of [alice, bob]) {
      const arrival = await member.waitFor(isOccupantPresence(a, guest));
      assert.equal(itemOf(arrival)?.attrs.affiliation, "none", arrival.toString());
      assert.equal(itemOf(arrival)?.attrs.role, "participant", arrival.toString());
      assert.equal(arrival.getChildText("status"), "Guest", arrival.toString());
      await member.waitFor(isRoomMessage(a, "Hello Fred, this is the group")); // what was said to F
    }
  }

  it("brings F's replies to all of A, and A's private messages to F from the group's JID", async () => {
    await contactFred();

    await chat(fred, a, "Hi group!");
    for (const member of [alice, bob]) {
      const reply = await member.waitFor(isGroupchatFrom(a, guest, "Hi group!"));
      assert.equal(reply.getChild("stanza-id", SID)?.attrs.by, a, `archived: ${reply.toString()}`);
    }

    await chat(alice, `${a}/${guest}`, "Welcome, from all of us");
    await fred.waitFor(isChatFrom(a, "Welcome, from all of us"));
    await chat(bob, `${a}/${guest}`, "And from me");
    await fred.waitFor(isChatFrom(a, "And from me"));
    await barrier(fred, a);
    assertNoneOf(atFred, [alice.bare, bob.bare, aliceNick, bobNick], "fred");
  });

  it("ends it when a moderator of A kicks the guest: F is told, A sees 307", async () => {
    await contactFred();
    await admin(alice, a, { nick: guest, role: "none" });
    for (const member of [alice, bob]) {
      const gone = await member.waitFor(isUnavailableFrom(`${a}/${guest}`));
      assert.ok(codes(gone).includes(307), `a kick: ${gone.toString()}`);
    }
    await fred.waitFor(isToldBy(a));
    await chat(fred, a, "Hello?");
    const refusal = await fred.waitFor(isMessageErrorFrom(a));
    assert.equal(errorOf(refusal).condition, "bad-request", refusal.toString());
  });

  it("ends it when F sends /leave: F is told, the guest leaves A", async () => {
    await contactFred();
    await chat(fred, a, "/leave");
    await fred.waitFor(isToldBy(a));
    for (const member of [alice, bob]) {
      const gone = await member.waitFor(isUnavailableFrom(`${a}/${guest}`));
      assert.ok(!codes(gone).includes(307), `a plain leave: ${gone.toString()}`);
    }
    await chat(fred, a, "Hello?");
    const refusal = await fred.waitFor(isMessageErrorFrom(a));
    assert.equal(errorOf(refusal).condition, "bad-request", refusal.toString());
  });

  it("refuses someone affiliated with A (conflict) and an outcast of A (forbidden)", async () => {
    await assert.rejects(contactAsGroup(alice, a, bob.bare), failsWith("conflict"));
    await affiliate(alice, a, "outcast", fred.bare);
    await assert.rejects(contactAsGroup(bob, a, fred.bare), failsWith("forbidden"));
    await barrier(fred, a);
    assert.ok(!atFred.some(isChatFrom(a)), "fred was not contacted");
  });

  it("keeps answering bad-request to anyone else writing to A's JID", async () => {
    await chat(fred, a, "Who are you?");
    const refusal = await fred.waitFor(isMessageErrorFrom(a));
    assert.equal(errorOf(refusal).condition, "bad-request", refusal.toString());
  });
});
