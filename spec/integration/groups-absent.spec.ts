// Absent members reached, on a real server with real clients (docs/protocol.md, "Absent members"):
// a message in room B reaches B's members and group A's members who are not in B — logged out
// (from the server's offline storage at log-in) or online elsewhere (live) — once each, as a message
// from the groups service naming B; never someone removed, nor a member who turned it off with
// `preferences`.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { TestUser } from "../helpers/users.js";
import { SID, groupchat, isGroupchatFrom, reconnect, runCommand } from "../helpers/topics.js";
import {
  DELAY,
  affiliate,
  assertNoneOf,
  enterThrough,
  groupInRoom,
  groupsSuite,
  recordAll,
} from "../helpers/groups.js";

const SERVICE = "groups.localhost";

/** A normal message: ejabberd leaves out type="normal", the default (RFC 6121 §5.2.2). */
const isNormal = (el: Element) => (el.attrs.type ?? "normal") === "normal";

/** A chat from the service naming room `room` (by its name: here its local part) with this text:
 *  what a member who is not in the room gets. */
const isAbsentCopy = (room: string, text: string) => (el: Element) =>
  el.name === "message" &&
  isNormal(el) &&
  el.attrs.from === SERVICE &&
  el.getChildText("body") === `[${room.split("@")[0]}] ${text}`;

const fromService = (el: Element) => el.name === "message" && el.attrs.from === SERVICE && isNormal(el);

describe("groups: absent members reached", function () {
  this.timeout(30000);
  const suite = groupsSuite();
  const again: TestUser[] = [];
  afterEach(() => Promise.all(again.splice(0).map((u) => u.stop())));

  /** Logs `user` in again; their server hands over what it kept meanwhile. */
  const back = async (user: TestUser) => {
    const session = await reconnect(suite.server, user);
    again.push(session);
    return session;
  };

  it("gives a member who was logged out the room's message at log-in, from the server's offline storage", async () => {
    const [alice, bob, carol, dave, erin] = await suite.people("alice", "bob", "carol", "dave", "erin");
    const { b } = await groupInRoom(alice, carol, [bob, dave], [erin]);
    await Promise.all([erin.stop(), bob.stop()]);

    await groupchat(carol, b, "Meeting at six");
    const reflection = await carol.waitFor(isGroupchatFrom(b, "Carol", "Meeting at six"));
    const sid = reflection.getChild("stanza-id", SID)!.attrs.id!;
    // Dave and alice are online but not in B: it reaches them at once.
    for (const user of [dave, alice]) {
      const live = await user.waitFor(isAbsentCopy(b, "Carol: Meeting at six"));
      assert.equal(live.getChild("delay", DELAY), undefined, "live, not kept");
    }
    for (const user of [erin, bob]) {
      const session = await back(user);
      const kept = await session.waitFor(isAbsentCopy(b, "Carol: Meeting at six"));
      assert.ok(kept.getChild("delay", DELAY), `${user.bare} got it from offline storage, with its delay`);
      assert.equal(kept.attrs.id, sid, "the copy's id is the room's stanza-id");
    }
    assert.ok(!carol.inbox.some(isAbsentCopy(b, "Carol: Meeting at six")), "the sender is in the room");
  });

  it("reaches each user once, shows a fellow's message to outsiders as the group, and skips whoever is inside", async () => {
    const [alice, bob, carol, dave, erin] = await suite.people("alice", "bob", "carol", "dave", "erin");
    const { b, name } = await groupInRoom(alice, carol, [bob, dave], [erin]);
    // Dave is both a member of B and of A: two paths, one copy.
    await affiliate(carol, b, "member", dave.bare);
    await enterThrough(bob, b, name, "bobby");
    const [atBob, atDave, atErin] = [recordAll(bob), recordAll(dave), recordAll(erin)];

    await groupchat(bob, b, "from inside the group");
    await bob.waitFor(isGroupchatFrom(b, `${name}/bobby`, "from inside the group"));
    await erin.waitFor(isAbsentCopy(b, `${name}: from inside the group`));
    // Dave is a member of B in his own right: he sees the group, as he would in the room.
    await dave.waitFor(isAbsentCopy(b, `${name}: from inside the group`));
    await alice.waitFor(isAbsentCopy(b, `${name}/bobby: from inside the group`));

    // A second message, waited for, closes the first one's delivery: then count.
    await groupchat(carol, b, "marker");
    for (const user of [erin, dave, alice]) await user.waitFor(isAbsentCopy(b, "Carol: marker"));
    const copies = (seen: Element[]) => seen.filter(fromService);
    assert.equal(copies(atDave).length, 2, "one copy of each message for dave");
    assert.equal(copies(atBob).length, 0, "bob is in the room");
    assert.equal(copies(atErin).length, 2);
    assertNoneOf(atErin, ["bobby", bob.bare], "erin");
  });

  it("never reaches someone removed, nor a member who turned it off with preferences", async () => {
    const [alice, bob, carol, dave, erin] = await suite.people("alice", "bob", "carol", "dave", "erin");
    const { a, b, name } = await groupInRoom(alice, carol, [bob, dave], [erin]);
    await affiliate(alice, a, "none", bob.bare);
    const done = await runCommand(erin, "groups.localhost", "preferences", { "absent-messages": "none" });
    assert.match(done.getChildText("note") ?? "", /absent-messages none/);
    await enterThrough(alice, b, name, "Alice");
    const seen = new Map([bob, erin, alice].map((user) => [user, recordAll(user)]));

    await groupchat(carol, b, "first");
    await groupchat(carol, b, "marker");
    await dave.waitFor(isAbsentCopy(b, "Carol: marker"));
    await alice.waitFor(isGroupchatFrom(b, "Carol", "marker")); // in the room: no copy
    for (const [user, stanzas] of seen) {
      assert.ok(!stanzas.some(fromService), `nothing for ${user.bare}`);
    }
  });
});
