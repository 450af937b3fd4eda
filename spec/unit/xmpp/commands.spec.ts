// XEP-0050 execution (xmpp/commands.ts): the actions a one-stage command takes, and the specific
// conditions of §4.6 for those it cannot.
import assert from "node:assert/strict";
import { executeCommand, type Command } from "../../../src/xmpp/commands.js";
import { parseJid } from "../../../src/xmpp/jid.js";
import type { Inbound } from "../../../src/xmpp/router.js";
import { StanzaError } from "../../../src/xmpp/stanza-error.js";
import { parseXml } from "../../../src/xmpp/xml.js";

const COMMANDS = "http://jabber.org/protocol/commands";

const greet: Command = {
  node: "greet",
  name: "Greet",
  allowed: () => true,
  run: ({ form }) =>
    form
      ? { status: "completed", note: "done" }
      : { status: "executing", form: { type: "form", title: "Greet", fields: [] } },
};

function request(attrs: string, inside = ""): Inbound {
  const stanza = parseXml(
    `<iq type="set" id="c1" from="bob@localhost/a" to="lists.localhost"><command xmlns="${COMMANDS}" node="greet" ${attrs}>${inside}</command></iq>`,
  );
  return {
    stanza,
    kind: "iq",
    type: "set",
    from: parseJid("bob@localhost/a")!,
    to: parseJid("lists.localhost")!,
    addressee: "service",
    payload: stanza.getChild("command", COMMANDS),
  };
}

async function refusal(s: Inbound): Promise<StanzaError> {
  try {
    await executeCommand([greet], s);
  } catch (err) {
    if (err instanceof StanzaError) return err;
    throw err;
  }
  assert.fail("the command ran");
}

describe("ad-hoc commands: actions", () => {
  it("answers the first execution with its form, and a cancel with canceled", async () => {
    const first = await executeCommand([greet], request(""));
    assert.equal(first.attrs.status, "executing");
    assert.ok(first.attrs.sessionid);
    assert.equal(
      (await executeCommand([greet], request('action="cancel" sessionid="s"'))).attrs.status,
      "canceled",
    );
  });

  it("refuses prev with bad-action and an action XEP-0050 does not define with malformed-action", async () => {
    const prev = await refusal(request('action="prev" sessionid="s"'));
    assert.equal(prev.condition, "bad-request");
    assert.ok(prev.extra.some((el) => el.is("bad-action", COMMANDS)));
    const unknown = await refusal(request('action="jump" sessionid="s"'));
    assert.ok(unknown.extra.some((el) => el.is("malformed-action", COMMANDS)));
  });

  it("refuses a form that is not submitted with bad-payload", async () => {
    const form = await refusal(
      request('action="complete" sessionid="s"', '<x xmlns="jabber:x:data" type="form"/>'),
    );
    assert.equal(form.condition, "bad-request");
    assert.ok(form.extra.some((el) => el.is("bad-payload", COMMANDS)));
  });
});
