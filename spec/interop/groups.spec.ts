// A group joining a room, through Gajim's ad-hoc command window (nbxmpp's AdHoc module): a member
// of group A runs `join-as-group` on room B, B's owner answers with `pending-requests`, and A's
// member enters B as the group (PROTOCOL.md §2).
import assert from "node:assert/strict";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import {
  createRoom,
  fieldOf,
  formMessageFrom,
  freshRoom,
  invitationFrom,
  localPart,
  outcomeFor,
  valuesOf,
} from "./helpers/flows.js";

const GROUP_REQUEST = "urn:x-manifold:0#group-request";
const STANDING = { "muc#roomconfig_persistentroom": true, "muc#roomconfig_membersonly": true };

describe("interop (nbxmpp): a group joins a room", function () {
  this.timeout(30000);
  const suite = interopSuite();
  let alice: InteropUser, bob: InteropUser, carol: InteropUser;
  /** Group A (alice owns it, bob is a member) and room B (carol owns it). */
  let a: string, b: string;

  beforeEach(async () => {
    [alice, bob, carol] = await suite.people("alice", "bob", "carol");
    a = freshRoom("alpha");
    b = freshRoom("bravo");
    await createRoom(alice, a, "Alice", STANDING);
    await alice.setAffiliation(a, { jid: bob.bare, affiliation: "member" });
    await createRoom(carol, b, "Carol", STANDING);
  });

  it("asks with join-as-group, is approved with pending-requests, and enters as the group", async () => {
    const offered = await bob.listCommands(b);
    assert.ok(
      offered.some((c) => c.node === "join-as-group"),
      `B offers join-as-group: ${JSON.stringify(offered)}`,
    );
    const ask = await bob.executeCommand(b, "join-as-group");
    assert.equal(ask.status, "executing", JSON.stringify(ask));
    fieldOf(ask.form, "group");
    const asked = await bob.submitCommand(ask.sessionid!, { group: a });
    assert.equal(asked.status, "completed", JSON.stringify(asked));
    assert.ok(asked.notes.length > 0, `a note says the request is stored: ${JSON.stringify(asked)}`);

    const request = await carol.waitFor(formMessageFrom(b, GROUP_REQUEST));
    const requestForm = request.forms.find((f) => f?.formType === GROUP_REQUEST);
    assert.deepEqual(valuesOf(fieldOf(requestForm, "group")), [a]);
    assert.deepEqual(valuesOf(fieldOf(requestForm, "requester")), [bob.bare]);
    assert.equal(fieldOf(requestForm, "approve").type, "boolean");

    const pending = await carol.executeCommand(b, "pending-requests");
    assert.equal(pending.status, "executing", JSON.stringify(pending));
    for (const name of ["approve", "deny"]) {
      const field = fieldOf(pending.form, name);
      assert.equal(field.type, "list-multi", `${name}: ${JSON.stringify(field)}`);
      const option = field.options?.find((o) => o.value === a);
      assert.ok(option, `${name} offers A: ${JSON.stringify(field)}`);
      assert.ok(option.label.includes(localPart(a)), `labelled with A's name: ${option.label}`);
      assert.ok(option.label.includes(bob.bare), `and the requester: ${option.label}`);
    }
    const settled = await carol.submitCommand(pending.sessionid!, { approve: [a] });
    assert.equal(settled.status, "completed", JSON.stringify(settled));
    assert.ok(
      settled.notes.some((n) => n.text.includes(localPart(a))),
      JSON.stringify(settled.notes),
    );

    await bob.waitFor(outcomeFor(b, /approv|accept/i));
    const members = await carol.getAffiliation(b, "member");
    assert.ok(
      members.some((m) => m.jid === a),
      `B's member list holds A: ${JSON.stringify(members)}`,
    );
    const invitation = await bob.waitFor(invitationFrom(b));
    assert.equal(invitation.invite?.from, a, `invited on behalf of the group: ${JSON.stringify(invitation)}`);

    const entered = await bob.join(b, "Bob");
    assert.equal(entered.self.from, `${b}/${localPart(a)}/Bob`, "the nick shows the group");
    assert.ok(entered.self.mucStatusCodes.includes(210), "status 210: the room changed the nick");
  });
});
