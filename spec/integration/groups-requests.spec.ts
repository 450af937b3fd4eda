// A group asking to join a room, on a real server with real clients (docs/protocol.md, "Nested
// groups", Asking, approving, adding): join-as-group, the approval form, pending-requests,
// registration with the group field, the admin list, and the refusals the contract names.
import assert from "node:assert/strict";
import type { Element } from "ltx";
import { xml, type TestUser } from "../helpers/users.js";
import { MUC_USER, codes, configure } from "../helpers/rooms.js";
import {
  COMMANDS,
  DATA,
  barrier,
  discoItems,
  executeCommand,
  failsWith,
  formOf,
  isRoomMessage,
  notesOf,
  submitCommand,
} from "../helpers/topics.js";
import {
  APPROVED,
  DENIED,
  GROUP_FIELD,
  GROUP_REQUESTS_CONFIG,
  MANIFOLD,
  addGroup,
  addMembers,
  affiliate,
  affiliationList,
  answerGroupRequest,
  createGroup,
  enterThrough,
  fieldValues,
  freshRoom,
  groupsIn,
  groupsSuite,
  isGroupRequest,
  isInvitationFrom,
  isOutcomeFor,
  joinAsGroup,
  localPart,
  nest,
  refusedEntry,
  registerGroup,
} from "../helpers/groups.js";

describe("groups: asking for a group to join a room", function () {
  this.timeout(30000);
  const suite = groupsSuite();
  let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;
  /** Group A (alice owns it, bob is a member) and room B (carol owns it), both persistent and members-only. */
  let a: string, b: string;

  beforeEach(async () => {
    [alice, bob, carol, dave] = await suite.people("alice", "bob", "carol", "dave");
    a = freshRoom("alpha");
    b = freshRoom("bravo");
    await createGroup(alice, a, "Alice");
    await addMembers(alice, a, bob);
    await createGroup(carol, b, "Carol");
  });

  describe("request and approval by message", () => {
    it("asks with join-as-group; the owner approves with the request's form and A's members are invited", async () => {
      const done = await joinAsGroup(bob, b, a, "We would like to join");
      assert.ok(notesOf(done).length > 0, `the command says the request is stored: ${done.toString()}`);

      const request = await carol.waitFor(isGroupRequest(b, a));
      assert.equal(request.attrs.type ?? "normal", "normal", `a normal message: ${request.toString()}`);
      assert.ok(request.getChildText("body"), `a body in words: ${request.toString()}`);
      const form = request.getChild("x", DATA);
      assert.deepEqual(fieldValues(form, "group"), [a]);
      assert.deepEqual(fieldValues(form, "requester"), [bob.bare]);
      assert.deepEqual(fieldValues(form, "reason"), ["We would like to join"]);
      const approve = form?.getChildren("field").find((f) => f.attrs.var === "approve");
      assert.equal(approve?.attrs.type, "boolean", `approve is a boolean: ${request.toString()}`);
      assert.deepEqual(fieldValues(form, "approve"), ["0"], "approve defaults to 0");
      assert.deepEqual(await groupsIn(carol, b), [], "nothing is added before approval");

      await answerGroupRequest(carol, b, request, true);
      await bob.waitFor(isOutcomeFor(b, APPROVED));
      const [item, ...others] = (await affiliationList(carol, b, "member")).filter((i) => i.attrs.jid === a);
      assert.ok(item && others.length === 0, "B's member list holds A once");
      assert.equal(item.attrs.affiliation, "member");
      assert.ok(item.getChild("group", MANIFOLD), `marked as a group: ${item.toString()}`);

      for (const member of [alice, bob]) {
        const invitation = await member.waitFor(isInvitationFrom(b));
        const invite = invitation.getChild("x", MUC_USER)!.getChild("invite")!;
        assert.equal(invite.attrs.from, a, `invited on behalf of the group: ${invitation.toString()}`);
        assert.ok(invitation.getChildText("body"), `an invitation with a body: ${invitation.toString()}`);
      }
      await alice.waitFor(isRoomMessage(a, localPart(b))); // A's occupants see a room message
      await enterThrough(bob, b, localPart(a), "Bob");
    });

    it("tells the requester of a denial, adds nothing and invites nobody", async () => {
      await joinAsGroup(bob, b, a);
      const request = await carol.waitFor(isGroupRequest(b, a));
      await answerGroupRequest(carol, b, request, false);
      await bob.waitFor(isOutcomeFor(b, DENIED));
      assert.deepEqual(await groupsIn(carol, b), []);
      assert.equal(await refusedEntry(bob, b, "Bob"), "registration-required");
      await barrier(alice, b);
      assert.ok(!alice.inbox.some(isInvitationFrom(b)), "no invitation for A's members");
    });
  });

  describe("the pending-requests command", () => {
    it("approves one group and denies another in one submission, and says what was done", async () => {
      const a2 = freshRoom("alpha");
      await createGroup(alice, a2, "Alice");
      await joinAsGroup(bob, b, a);
      await joinAsGroup(alice, b, a2);

      const first = await executeCommand(carol, b, "pending-requests");
      assert.equal(first.attrs.status, "executing", first.toString());
      const form = formOf(first);
      for (const name of ["approve", "deny"]) {
        const field = form?.getChildren("field").find((f) => f.attrs.var === name);
        assert.equal(field?.attrs.type, "list-multi", `${name} is a list-multi: ${first.toString()}`);
        const options: Element[] = field?.getChildren("option") ?? [];
        assert.deepEqual(options.map((o) => o.getChildText("value")).sort(), [a, a2].sort());
        const forA = options.find((o) => o.getChildText("value") === a)!;
        assert.ok(forA.attrs.label?.includes(localPart(a)), `labelled with A's name: ${forA.toString()}`);
        assert.ok(forA.attrs.label?.includes(bob.bare), `labelled with the requester: ${forA.toString()}`);
      }

      const done = await submitCommand(carol, b, first, { approve: [a], deny: [a2] });
      assert.equal(done.attrs.status, "completed", done.toString());
      const note = notesOf(done).join(" ");
      assert.ok(
        note.includes(localPart(a)) && note.includes(localPart(a2)),
        `the note says what was done: ${note}`,
      );

      await bob.waitFor(isOutcomeFor(b, APPROVED));
      await alice.waitFor(isOutcomeFor(b, DENIED));
      assert.deepEqual(await groupsIn(carol, b), [a]);
      await bob.waitFor(isInvitationFrom(b));
      await enterThrough(bob, b, localPart(a), "Bob");

      const again = await executeCommand(carol, b, "pending-requests");
      assert.equal(
        again.attrs.status,
        "completed",
        `nothing pending: completes at once: ${again.toString()}`,
      );
      assert.ok(notesOf(again).join(" ").length > 0, "and says so");
    });

    it("is offered to owners and admins of B only", async () => {
      const carols = await discoItems(carol, b, COMMANDS);
      assert.ok(carols.includes("pending-requests"), carols.join(", "));
      const bobs = await discoItems(bob, b, COMMANDS).catch((): string[] => []);
      assert.ok(!bobs.includes("pending-requests"), bobs.join(", "));
      await assert.rejects(executeCommand(bob, b, "pending-requests"));
    });
  });

  it("asks by registration with the group field, without a nickname", async () => {
    const offered = await bob.iq(
      xml("iq", { type: "get", to: b }, xml("query", { xmlns: "jabber:iq:register" })),
    );
    const registration = offered.getChild("query", "jabber:iq:register")?.getChild("x", DATA);
    const field = registration?.getChildren("field").find((f) => f.attrs.var === GROUP_FIELD);
    assert.ok(field, `the registration form offers ${GROUP_FIELD}: ${offered.toString()}`);
    assert.ok(!field.getChild("required"), `the group field is optional: ${field.toString()}`);

    await registerGroup(bob, b, a); // the IQ result: request stored
    const request = await carol.waitFor(isGroupRequest(b, a));
    assert.deepEqual(fieldValues(request.getChild("x", DATA), "requester"), [bob.bare]);
    await answerGroupRequest(carol, b, request, true);
    await bob.waitFor(isOutcomeFor(b, APPROVED));
    assert.deepEqual(await groupsIn(carol, b), [a]);
    await enterThrough(bob, b, localPart(a), "Bob");
  });

  describe("adding directly", () => {
    it("adds a group when B's owner puts it on the admin list, with the same invitations", async () => {
      await addMembers(alice, a, carol); // carol may speak for A
      await addGroup(carol, b, a);
      const [item] = (await affiliationList(carol, b, "member")).filter((i) => i.attrs.jid === a);
      assert.ok(item?.getChild("group", MANIFOLD), `A is listed as a group: ${String(item)}`);
      for (const member of [alice, bob]) {
        const invitation = await member.waitFor(isInvitationFrom(b));
        const invite = invitation.getChild("x", MUC_USER)!.getChild("invite")!;
        assert.equal(invite.attrs.from, a, `invited on behalf of the group: ${invitation.toString()}`);
      }
      const self = await enterThrough(bob, b, localPart(a), "Bob");
      assert.ok(codes(self).includes(110));
    });

    it("adds a group at once when the asker owns B", async () => {
      await addMembers(alice, a, carol);
      await joinAsGroup(carol, b, a);
      assert.deepEqual(await groupsIn(carol, b), [a], "no approval needed");
      await bob.waitFor(isInvitationFrom(b));
    });

    it("lets a group be a member or an outcast only: admin and owner answer not-allowed", async () => {
      await addMembers(alice, a, carol);
      await assert.rejects(affiliate(carol, b, "admin", a), failsWith("not-allowed"));
      await assert.rejects(affiliate(carol, b, "owner", a), failsWith("not-allowed"));
      assert.deepEqual(await groupsIn(carol, b), []);
    });
  });

  describe("refusals", () => {
    it("refuses a group that does not exist (item-not-found) or is temporary (not-allowed)", async () => {
      await assert.rejects(joinAsGroup(bob, b, freshRoom("nowhere")), failsWith("item-not-found"));
      const temporary = freshRoom("temp");
      await createGroup(alice, temporary, "Alice", { fields: { "muc#roomconfig_persistentroom": "0" } });
      await assert.rejects(joinAsGroup(alice, b, temporary), failsWith("not-allowed"));
      assert.ok(!carol.inbox.some(isGroupRequest(b)), "no request reached the owner");
    });

    it("refuses an asker who may not speak for A (forbidden), also when A says admins only", async () => {
      await assert.rejects(joinAsGroup(dave, b, a), failsWith("forbidden"), "dave is not a member of A");
      await configure(alice, a, { [GROUP_REQUESTS_CONFIG]: "admins" });
      await assert.rejects(joinAsGroup(bob, b, a), failsWith("forbidden"), "bob is a plain member of A");
      await joinAsGroup(alice, b, a); // A's owner still may
      await carol.waitFor(isGroupRequest(b, a));
    });

    it("refuses a second request for the same group (conflict) and a group already in B (conflict)", async () => {
      await joinAsGroup(bob, b, a);
      await assert.rejects(joinAsGroup(alice, b, a), failsWith("conflict"), "a request is already pending");
      const request = await carol.waitFor(isGroupRequest(b, a));
      await answerGroupRequest(carol, b, request, true);
      await bob.waitFor(isOutcomeFor(b, APPROVED));
      await assert.rejects(joinAsGroup(bob, b, a), failsWith("conflict"), "A is already a member of B");
    });

    it("refuses a banned group (forbidden)", async () => {
      await nest(bob, carol, b, a);
      await affiliate(carol, b, "outcast", a);
      await assert.rejects(joinAsGroup(bob, b, a), failsWith("forbidden"));
      await assert.rejects(registerGroup(bob, b, a), failsWith("forbidden"));
    });
  });
});
