// Nested groups across a Manifold restart (docs/protocol.md, "Nested groups": requests are stored and
// survive restarts until answered; a guest is stored, so it survives restarts).
import assert from "node:assert/strict";
import type { XmppServer } from "../../scripts/lib/xmpp-server.js";
import { useServer } from "../helpers/server.js";
import { startManifold, type RunningManifold } from "../helpers/manifold.js";
import type { TestUser } from "../helpers/users.js";
import { codes, enter } from "../helpers/rooms.js";
import {
  chat,
  executeCommand,
  formOf,
  isChatFrom,
  isGroupchatFrom,
  isOccupantPresence,
  localPart,
  people,
  submitCommand,
} from "../helpers/topics.js";
import {
  APPROVED,
  addMembers,
  contactAsGroup,
  createGroup,
  enterThrough,
  freshRoom,
  groupsIn,
  isGroupRequest,
  isInvitationFrom,
  isOutcomeFor,
  isUnavailableWith,
  joinAsGroup,
} from "../helpers/groups.js";

describe("groups: a Manifold restart", function () {
  this.timeout(30000);
  let server: XmppServer;
  let manifold: RunningManifold | undefined;
  let users: TestUser[] = [];

  before(async () => {
    server = await useServer();
  });
  afterEach(async () => {
    await Promise.all(users.map((u) => u.stop()));
    await manifold?.stop();
    manifold = undefined;
  });

  /** Stops Manifold and starts it again on the same data. */
  async function restart(): Promise<void> {
    const dataDir = manifold!.dataDir;
    await manifold!.stop();
    manifold = undefined;
    manifold = await startManifold(server, { dataDir });
  }

  it("keeps a pending request; the owner approves it with pending-requests afterwards", async () => {
    manifold = await startManifold(server);
    users = await people(server, "alice", "bob", "carol");
    const [alice, bob, carol] = users as [TestUser, TestUser, TestUser];
    const a = freshRoom("alpha");
    const b = freshRoom("bravo");
    await createGroup(alice, a, "Alice");
    await addMembers(alice, a, bob);
    await createGroup(carol, b, "Carol");
    await joinAsGroup(bob, b, a, "before the restart");
    await carol.waitFor(isGroupRequest(b, a));

    await restart();

    const first = await executeCommand(carol, b, "pending-requests");
    const approve = formOf(first)
      ?.getChildren("field")
      .find((f) => f.attrs.var === "approve");
    const options = (approve?.getChildren("option") ?? []).map((o) => o.getChildText("value"));
    assert.deepEqual(options, [a], `the request survived: ${first.toString()}`);
    const done = await submitCommand(carol, b, first, { approve: [a] });
    assert.equal(done.attrs.status, "completed", done.toString());

    await bob.waitFor(isOutcomeFor(b, APPROVED));
    assert.deepEqual(await groupsIn(carol, b), [a]);
    await bob.waitFor(isInvitationFrom(b));
    await enterThrough(bob, b, localPart(a), "Bob");
  });

  it("keeps a guest: F's reply after the restart still reaches A", async () => {
    manifold = await startManifold(server);
    users = await people(server, "alice", "fred");
    const [alice, fred] = users as [TestUser, TestUser];
    const a = freshRoom("alpha");
    const guest = localPart(fred.bare);
    await createGroup(alice, a, "Alice");
    await contactAsGroup(alice, a, fred.bare, "Hello Fred");
    await fred.waitFor(isChatFrom(a, "Hello Fred"));
    await alice.waitFor(isOccupantPresence(a, guest));

    await restart();
    await alice.waitFor(isUnavailableWith(`${a}/Alice`, 332)); // the clean stop sent her out of A

    const self = await enter(alice, a, "Alice");
    assert.ok(!codes(self).includes(201), "A was not created again");
    await chat(fred, a, "Still there?");
    await alice.waitFor(isGroupchatFrom(a, guest, "Still there?"));
    await chat(alice, `${a}/${guest}`, "Yes");
    await fred.waitFor(isChatFrom(a, "Yes"));
  });
});
