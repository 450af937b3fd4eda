// No group may contain itself, and chains have a depth limit, on a real server with real clients
// (docs/protocol.md, "Nested groups", the refusals of Asking, approving, adding; Limits).
import assert from "node:assert/strict";
import type { TestUser } from "../helpers/users.js";
import { StanzaErrorReply } from "../helpers/users.js";
import {
  addGroup,
  createGroup,
  freshRoom,
  groupsIn,
  groupsSuite,
  joinAsGroup,
  localPart,
} from "../helpers/groups.js";

/** An assert.rejects validator: not-allowed whose text names every room of the cycle, in any form. */
const namesCycle =
  (...rooms: string[]) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof StanzaErrorReply, `a stanza error: ${String(err)}`);
    assert.equal(err.condition, "not-allowed", err.message);
    for (const room of rooms)
      assert.ok(err.text?.includes(localPart(room)), `the text names ${room}: ${err.message}`);
    return true;
  };

describe("groups: no cycles, bounded depth", function () {
  this.timeout(30000);
  const suite = groupsSuite();
  let alice: TestUser;

  beforeEach(async () => {
    [alice] = await suite.people("alice");
  });

  /** Rooms alice owns (so she may add any of them to any other at once). */
  async function rooms(count: number, base: string): Promise<string[]> {
    const made: string[] = [];
    for (let i = 0; i < count; i++) {
      const room = freshRoom(`${base}${i}`);
      await createGroup(alice, room, "Alice");
      made.push(room);
    }
    return made;
  }

  it("refuses a room as a member of itself, by command and by the admin list", async () => {
    const [a] = (await rooms(1, "self")) as [string];
    await assert.rejects(joinAsGroup(alice, a, a), namesCycle(a));
    await assert.rejects(addGroup(alice, a, a), namesCycle(a));
    assert.deepEqual(await groupsIn(alice, a), []);
  });

  it("refuses B into A when A is in B (depth 1)", async () => {
    const [a, b] = (await rooms(2, "one")) as [string, string];
    await joinAsGroup(alice, b, a);
    assert.deepEqual(await groupsIn(alice, b), [a], "A is in B (added at once: alice owns B)");
    await assert.rejects(joinAsGroup(alice, a, b), namesCycle(a, b));
    await assert.rejects(addGroup(alice, a, b), namesCycle(a, b));
    assert.deepEqual(await groupsIn(alice, a), []);
  });

  it("refuses D into A when A is in B in C in D (depth 3), naming the cycle", async () => {
    const [a, b, c, d] = (await rooms(4, "three")) as [string, string, string, string];
    await addGroup(alice, b, a);
    await addGroup(alice, c, b);
    await addGroup(alice, d, c);
    await assert.rejects(joinAsGroup(alice, a, d), namesCycle(a, b, c, d));
    await assert.rejects(addGroup(alice, a, d), namesCycle(a, b, c, d));
    assert.deepEqual(await groupsIn(alice, a), []);
  });

  it("refuses a chain deeper than 5 rooms (not-allowed naming the limit)", async () => {
    const chain = await rooms(6, "deep");
    for (let i = 0; i < 4; i++) await addGroup(alice, chain[i + 1]!, chain[i]!); // 5 rooms in a chain
    await assert.rejects(addGroup(alice, chain[5]!, chain[4]!), (err: unknown) => {
      assert.ok(err instanceof StanzaErrorReply, String(err));
      assert.equal(err.condition, "not-allowed", err.message);
      assert.match(err.text ?? "", /\b5\b/, `the text names the limit: ${err.message}`);
      return true;
    });
    assert.deepEqual(await groupsIn(alice, chain[5]!), []);
  });
});
