// Nested groups in the web client (docs/protocol.md, "Nested groups"), through Converse.js in
// chromium as its users would do it: rooms created with "Add groupchat" and made persistent in the
// room configuration dialog, a member added with /member, the request and its approval as ad-hoc
// commands in Converse's settings (Commands tab). Inside the outer room, everyone else sees the
// group as one occupant named after it, never the member behind it.
import assert from "node:assert/strict";
import { WebUser } from "./helpers/browser.js";
import {
  addGroupchat,
  answerDialog,
  configureRoom,
  dialog,
  messages,
  occupant,
  room,
  runCommand,
  send,
} from "./helpers/converse.js";
import { useStack } from "./helpers/stack.js";

const PERSISTENT = "muc#roomconfig_persistentroom";
const MEMBERS_ONLY = "muc#roomconfig_membersonly";

describe("e2e: nested groups in the web client", function () {
  this.timeout(90_000);
  const stack = useStack();

  it("lets a member of Alpha bring it into Beta, where carol sees one occupant Alpha and not bob", async () => {
    const [alice, bob, carol] = await WebUser.loginAll(stack(), "alice", "bob", "carol");
    const alpha = "alpha@groups.localhost";
    const beta = "beta@groups.localhost";

    // Carol's room Beta: persistent and members-only, so only its members and groups get in.
    // A bare name in "Add groupchat" is a room on the groups service, named as typed.
    const carolsBeta = await addGroupchat(carol!, "Beta", beta);
    await configureRoom(carolsBeta, { [PERSISTENT]: true, [MEMBERS_ONLY]: true });

    // Alice's room Alpha (a group must be persistent to join as one), with bob as a member.
    const alicesAlpha = await addGroupchat(alice!, "Alpha", alpha);
    await configureRoom(alicesAlpha, { [PERSISTENT]: true });
    await send(alicesAlpha, `/member ${bob!.jid}`);
    // Converse lists members who are not in the room by address, with the member badge.
    await occupant(alicesAlpha, bob!.jid).locator(".badge", { hasText: "ME" }).waitFor();

    // Bob asks for Alpha to join Beta: ad-hoc command join-as-group on Beta.
    const asked = await runCommand(bob!, beta, "join-as-group", {
      fill: { group: alpha },
      screenshot: "group-ask",
    });
    assert.equal(asked.alert, "Completed");
    assert.match(asked.note, /Your request for Alpha to join Beta was sent to its owners and admins/);

    // Carol approves it: ad-hoc command pending-requests on Beta, Alpha ticked under "approve".
    const answered = await runCommand(carol!, beta, "pending-requests", {
      select: { approve: [alpha] },
      screenshot: "group-approve",
    });
    assert.equal(answered.alert, "Completed");
    assert.equal(answered.note, "Alpha is now a member of Beta.");

    // Bob is invited: Converse understands only the XEP-0249 form that Manifold adds to its
    // mediated invitation, and offers to enter. He accepts and takes part as Alpha.
    await answerDialog(dialog(bob!, `has invited you to join the groupchat "${beta}"`), "Confirm");
    const bobsBeta = room(bob!, beta);
    await occupant(bobsBeta, "Alpha/bob").waitFor();
    await send(bobsBeta, "Hello from Alpha");

    // Carol sees one occupant, Alpha, a member; its message comes from Alpha; bob is nowhere.
    const group = occupant(carolsBeta, "Alpha");
    await group.waitFor();
    await group.locator(".badge", { hasText: "ME" }).waitFor();
    await messages(carolsBeta, "Hello from Alpha", `${beta}/Alpha`).waitFor();
    const nicks = (await carolsBeta.locator("converse-muc-sidebar .occupant-nick").allInnerTexts()).map((n) =>
      n.trim(),
    );
    assert.deepEqual(nicks.sort(), ["Alpha", "carol"]);
    assert.equal(await carolsBeta.getByText("bob", { exact: false }).count(), 0);
    await carol!.screenshot("group-occupant");
    await bob!.screenshot("group-inside");
  });
});
