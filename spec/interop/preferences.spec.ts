// The chat-state privacy switch through Gajim's ad-hoc command window (nbxmpp's AdHoc module):
// `preferences` on either service JID, one setting for both (PROTOCOL.md §3).
import assert from "node:assert/strict";
import type { InteropUser } from "./helpers/user.js";
import { interopSuite } from "./helpers/suite.js";
import { GROUPS_DOMAIN, LISTS_DOMAIN, fieldOf } from "./helpers/flows.js";
import type { CommandAnswer } from "./helpers/parsed.js";

const SEND = "send-chat-states";
const RECEIVE = "receive-chat-states";

describe("interop (nbxmpp): preferences", function () {
  this.timeout(30000);
  const suite = interopSuite();
  let bob: InteropUser;

  beforeEach(async () => {
    [bob] = await suite.people("bob");
  });

  /** Runs `preferences` up to its form and reads the two switches as nbxmpp's BooleanField does. */
  async function show(service: string): Promise<{ answer: CommandAnswer; send: unknown; receive: unknown }> {
    const answer = await bob.executeCommand(service, "preferences");
    assert.equal(answer.status, "executing", `the first stage shows a form: ${JSON.stringify(answer)}`);
    const [send, receive] = [SEND, RECEIVE].map((name) => {
      const field = fieldOf(answer.form, name);
      assert.equal(field.type, "boolean", `${name} is a boolean: ${JSON.stringify(field)}`);
      return field.value;
    });
    return { answer, send, receive };
  }

  it("is offered on both service JIDs, with both switches on by default", async () => {
    for (const service of [LISTS_DOMAIN, GROUPS_DOMAIN]) {
      const offered = await bob.listCommands(service);
      assert.ok(
        offered.some((c) => c.node === "preferences"),
        `${service} offers preferences: ${JSON.stringify(offered)}`,
      );
      const { send, receive } = await show(service);
      assert.deepEqual([send, receive], [true, true], `the defaults on ${service}`);
    }
  });

  it("stores a submitted switch, says what is in force, and shows it on the other service", async () => {
    const shown = await show(LISTS_DOMAIN);
    const done = await bob.submitCommand(shown.answer.sessionid!, { [SEND]: false, [RECEIVE]: true });
    assert.equal(done.status, "completed", JSON.stringify(done));
    const note = done.notes.map((n) => n.text).join(" ");
    assert.match(note, new RegExp(`${SEND}\\W{0,3}(?:is\\W{1,3})?(off|false|no|disabled)\\b`, "i"));

    const onGroups = await show(GROUPS_DOMAIN);
    assert.deepEqual([onGroups.send, onGroups.receive], [false, true], "the same setting on groups");
  });
});
