// Who may enter a room that holds groups, on a real server with real clients (docs/protocol.md,
// "Nested groups", Who may enter B, Delivery, Remove / ban): members of groups at any depth enter,
// each message reaches each occupant once, and removals take effect at once.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import type { TestUser } from "../helpers/users.js";
import { codes, enter } from "../helpers/rooms.js";
import {
  admin,
  archive,
  barrier,
  groupchat,
  isGroupchatFrom,
  isOccupantPresence,
  isUnavailableFrom,
} from "../helpers/topics.js";
import {
  addGroup,
  addMembers,
  affiliate,
  createGroup,
  enterThrough,
  freshRoom,
  groupInRoom,
  groupsIn,
  groupsSuite,
  hex,
  isInvitationFrom,
  isUnavailableWith,
  joinAsGroup,
  occupantsSeen,
  recordAll,
  refusedEntry,
} from "../helpers/groups.js";

const hasBody = (body: string) => (el: Element) => el.name === "message" && el.getChildText("body") === body;

describe("groups: who may enter a room that holds groups", function () {
  this.timeout(30000);
  const suite = groupsSuite();

  it("lets members at any depth in, through the first group in JID order, and delivers each message once", async () => {
    const [alice, bob, dave, erin] = await suite.people("alice", "bob", "dave", "erin");
    // B holds C and A2; C holds A. Bob is in A, C and A2 (three paths); dave is in A only (depth 2).
    const b = freshRoom("bravo");
    const c = freshRoom("p1charlie"); // sorts before a2: bob enters through C
    const a2 = freshRoom("p2alpha");
    const a = freshRoom("alpha");
    const cName = `Charlie-${hex()}`;
    await createGroup(alice, b, "Alice");
    await createGroup(alice, c, "Alice", { name: cName });
    await createGroup(alice, a2, "Alice");
    await createGroup(alice, a, "Alice");
    await addMembers(alice, a, bob, dave);
    await addMembers(alice, c, bob);
    await addMembers(alice, a2, bob);
    await addMembers(alice, b, erin);
    await addGroup(alice, c, a);

    await addGroup(alice, b, c); // members of C and of A are invited, each once
    await bob.waitFor(isInvitationFrom(b));
    await dave.waitFor(isInvitationFrom(b));
    await barrier(bob, b);
    assert.deepEqual(bob.inbox.filter(isInvitationFrom(b)), [], "bob, in A and in C, is invited once");
    await addGroup(alice, b, a2);
    assert.deepEqual(await groupsIn(alice, b), [a2, c].sort());

    const atErin = recordAll(erin);
    await enter(erin, b, "Erin");
    await enter(bob, c, "Bob"); // bob also sits in C itself: nothing is relayed room to room
    await enterThrough(bob, b, cName, "Bob");
    await enterThrough(dave, b, cName, "Dave"); // through A in C: shown as C, the group directly in B
    await erin.waitFor(isOccupantPresence(b, cName));
    await barrier(erin, b);
    assert.deepEqual(occupantsSeen(atErin, b), [`${b}/Alice`, `${b}/${cName}`, `${b}/Erin`].sort());

    for (const body of ["one", "two", "marker"]) await groupchat(alice, b, body);
    for (const user of [bob, dave, erin]) {
      for (const body of ["one", "two", "marker"]) await user.waitFor(isGroupchatFrom(b, "Alice", body));
      assert.deepEqual(user.inbox.filter(hasBody("one")), [], `${user.bare} got "one" once`);
      assert.deepEqual(user.inbox.filter(hasBody("two")), [], `${user.bare} got "two" once`);
    }

    const archived = (await archive(dave, b)).map((m) => m.getChildText("body"));
    assert.deepEqual(
      archived.filter((body) => body === "one" || body === "two"),
      ["one", "two"],
      "dave (two levels down) may read B's archive",
    );
  });

  describe("removal", () => {
    let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, erin: TestUser;
    let a: string, b: string, name: string;

    /** A (bob, dave) in B; erin in B as herself; all three in B. */
    beforeEach(async () => {
      [alice, bob, carol, dave, erin] = await suite.people("alice", "bob", "carol", "dave", "erin");
      ({ a, b, name } = await groupInRoom(alice, carol, [bob, dave], [erin]));
      await enter(erin, b, "Erin");
      await enterThrough(bob, b, name, "Bob");
      await enterThrough(dave, b, name, "Dave");
      await erin.waitFor(isOccupantPresence(b, name));
    });

    it("sends everyone who entered through A away with 321 when A is removed; outsiders see the group leave", async () => {
      await affiliate(carol, b, "none", a);
      await bob.waitFor(isUnavailableWith(`${b}/${name}/Bob`, 321));
      await dave.waitFor(isUnavailableWith(`${b}/${name}/Dave`, 321));
      await erin.waitFor(isUnavailableFrom(`${b}/${name}`));
      assert.deepEqual(await groupsIn(carol, b), []);
      assert.equal(await refusedEntry(bob, b, "Bob"), "registration-required");
    });

    it("sends them away with 301 when A is banned, and A cannot ask again", async () => {
      await affiliate(carol, b, "outcast", a);
      await bob.waitFor(isUnavailableWith(`${b}/${name}/Bob`, 301));
      await dave.waitFor(isUnavailableWith(`${b}/${name}/Dave`, 301));
      await erin.waitFor(isUnavailableFrom(`${b}/${name}`));
      assert.ok(await refusedEntry(bob, b, "Bob"), "bob cannot enter");
      await assert.rejects(joinAsGroup(alice, b, a), (err: Error & { condition?: string }) => {
        assert.equal(err.condition, "forbidden", err.message);
        return true;
      });
    });

    it("kicks every fellow (307) when the group occupant is kicked", async () => {
      await admin(carol, b, { nick: name, role: "none" });
      await bob.waitFor(isUnavailableWith(`${b}/${name}/Bob`, 307));
      await dave.waitFor(isUnavailableWith(`${b}/${name}/Dave`, 307));
      await erin.waitFor(isUnavailableFrom(`${b}/${name}`));
    });

    it("keeps out a user who is an outcast of B, whatever group leads to them", async () => {
      await affiliate(carol, b, "outcast", dave.bare);
      await dave.waitFor(isUnavailableWith(`${b}/${name}/Dave`, 301));
      assert.equal(await refusedEntry(dave, b, "Dave"), "forbidden");
      await groupchat(carol, b, "still here");
      await bob.waitFor(isGroupchatFrom(b, "Carol", "still here"));
      await erin.waitFor(isGroupchatFrom(b, "Carol", "still here"));
      assert.ok(!erin.inbox.some(isUnavailableFrom(`${b}/${name}`)), "the group is still in B through bob");
    });

    it("removes a user removed from A from B at once (321); a new member of A enters at once", async () => {
      const [frank] = await suite.people("frank");
      await affiliate(alice, a, "none", bob.bare);
      const gone = await bob.waitFor(isUnavailableWith(`${b}/${name}/Bob`, 321));
      assert.ok(codes(gone).includes(110), `bob's own presence: ${gone.toString()}`);
      await groupchat(carol, b, "after bob");
      await dave.waitFor(isGroupchatFrom(b, "Carol", "after bob"));
      await erin.waitFor(isGroupchatFrom(b, "Carol", "after bob"));
      assert.ok(!dave.inbox.some(isUnavailableWith(`${b}/${name}/Dave`, 321)), "dave stays");
      assert.ok(!erin.inbox.some(isUnavailableFrom(`${b}/${name}`)), "the group stays while dave is in B");
      assert.equal(await refusedEntry(bob, b, "Bob"), "registration-required");

      await addMembers(alice, a, frank);
      await enterThrough(frank, b, name, "Frank");
    });

    it("lets a user affiliated with B enter as themselves, and keeps them when they leave A", async () => {
      const [gina] = await suite.people("gina");
      await addMembers(alice, a, gina);
      await addMembers(carol, b, gina);
      const self = await enter(gina, b, "Gina");
      assert.ok(!codes(self).includes(210), `gina's nick is her own: ${self.toString()}`);
      await affiliate(alice, a, "none", gina.bare);
      await groupchat(carol, b, "still with us");
      await gina.waitFor(isGroupchatFrom(b, "Carol", "still with us"));
      assert.ok(!gina.inbox.some(isUnavailableFrom(`${b}/Gina`)), "gina stays in B");
    });
  });
});
