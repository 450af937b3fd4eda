// Absent members reached, as Gajim gets them (nbxmpp's Message module): a member who is online but
// not in the room gets its messages as normal messages from the groups service, led by the room's
// name and the author (Gajim shows them in a chat with the service); the room's form and the member's
// `preferences` carry the settings as nbxmpp reads list-single fields (docs/protocol.md, "Absent
// members").
import assert from "node:assert/strict";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import {
  GROUPS_DOMAIN,
  createRoom,
  fieldOf,
  freshRoom,
  localPart,
  messageFrom,
  say,
} from "./helpers/flows.js";

const ROOM_FIELD = "urn:x-manifold:0#absent_delivery";
const CHOICE = "absent-messages";

describe("interop (nbxmpp): absent members reached", function () {
  this.timeout(30000);
  const suite = interopSuite();
  let alice: InteropUser, bob: InteropUser;
  let room: string;

  beforeEach(async () => {
    [alice, bob] = await suite.people("alice", "bob");
    room = freshRoom("club");
    await createRoom(alice, room, "Alice", {
      "muc#roomconfig_persistentroom": true,
      "muc#roomconfig_membersonly": true,
    });
    await alice.setAffiliation(room, { jid: bob.bare, affiliation: "member" });
  });

  // nbxmpp reads a message without a type (ejabberd leaves the default out) as normal too.
  const copy = (text: string) => messageFrom("normal", GROUPS_DOMAIN, `[${localPart(room)}] Alice: ${text}`);

  it("brings a member who is not in the room each message as a message from the service, not a room's", async () => {
    await say(alice, room, "Alice", "Meeting at six");
    const got = await bob.waitFor(copy("Meeting at six"));
    assert.equal(got.fromMuc, false, "not taken for a room message");
    assert.equal(got.mucPrivateMessage, false, "nor for a private message");
    assert.equal(got.chatstate, null);
  });

  it("offers the room's setting and the member's choice as list-single fields", async () => {
    const form = await alice.getConfig(room);
    const field = fieldOf(form, ROOM_FIELD);
    assert.equal(field.type, "list-single");
    assert.equal(field.value, "all", "every message, in a members-only room");
    assert.deepEqual(
      field.options?.map((o) => o.value),
      ["all", "mentions"],
    );

    const shown = await bob.executeCommand(GROUPS_DOMAIN, "preferences");
    const choice = fieldOf(shown.form, CHOICE);
    assert.equal(choice.type, "list-single");
    assert.equal(choice.value, "room");
    const done = await bob.submitCommand(shown.sessionid!, { [CHOICE]: "none" });
    assert.equal(done.status, "completed", JSON.stringify(done));

    await say(alice, room, "Alice", "not for bob");
    const again = await bob.executeCommand(GROUPS_DOMAIN, "preferences");
    await bob.submitCommand(again.sessionid!, { [CHOICE]: "room" });
    await say(alice, room, "Alice", "for bob again");
    await bob.waitFor(copy("for bob again"));
    assert.ok(!bob.inbox.some(copy("not for bob")), "nothing while he chose none");
  });
});
