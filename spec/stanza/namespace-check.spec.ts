// The namespace check every stanza spec runs under (helpers/namespace-check.ts) catches what a
// namespace-aware client would trip over, and leaves alone what is correct or is a client's own payload.
import assert from "node:assert/strict";
import { namespaceProblems } from "../helpers/namespace-check.js";

const none = () => false;
const problemsOf = (stanza: string, relayed: (xml: string) => boolean = none) =>
  namespaceProblems(stanza, relayed).map((p) => `${p.path}: ${p.problem}`);

const mamResult = (inner: string) =>
  `<message from="tea@groups.localhost" to="bob@localhost/a"><result xmlns="urn:xmpp:mam:2" id="1">` +
  `<forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-01-01T00:00:00Z"/>` +
  `${inner}</forwarded></result></message>`;

describe("namespace check of emitted stanzas", () => {
  it("accepts a MAM result whose forwarded message is in jabber:client", () => {
    const inner = `<message xmlns="jabber:client" type="groupchat" from="tea@groups.localhost/Al"><body>hi</body></message>`;
    assert.deepEqual(problemsOf(mamResult(inner)), []);
  });

  it("rejects a forwarded message that names no namespace of its own (it is in urn:xmpp:forward:0)", () => {
    const inner = `<message type="groupchat" from="tea@groups.localhost/Al"><body>hi</body></message>`;
    assert.deepEqual(problemsOf(mamResult(inner)), [
      "message > result > forwarded > message: <message/> in urn:xmpp:forward:0, not jabber:client",
      "message > result > forwarded > message > body: <body/> is not an element of urn:xmpp:forward:0",
    ]);
  });

  it("rejects a payload element its namespace does not have, and elements in no namespace", () => {
    const stanza =
      `<presence from="tea@groups.localhost/Al" to="bob@localhost/a"><x xmlns="http://jabber.org/protocol/muc#user">` +
      `<item affiliation="member" role="participant"/><code status="110"/></x><weird xmlns=""/></presence>`;
    assert.deepEqual(problemsOf(stanza), [
      "presence > x > code: <code/> is not an element of http://jabber.org/protocol/muc#user",
      "presence > weird: <weird/> is in no namespace at all",
    ]);
  });

  it("rejects stanza children outside their stanza, and a top-level stanza in jabber:client", () => {
    assert.deepEqual(
      problemsOf(`<message xmlns="jabber:client" to="bob@localhost"><body>x</body></message>`),
      ["message: <message/> in jabber:client, not jabber:component:accept"],
    );
    assert.deepEqual(
      problemsOf(
        `<message to="bob@localhost"><x xmlns="http://jabber.org/protocol/muc#user"><body xmlns="jabber:component:accept">x</body></x></message>`,
      ),
      ["message > x > body: <body/> of jabber:component:accept outside a stanza of that namespace"],
    );
  });

  it("leaves alone payloads in namespaces Manifold does not speak, and payloads relayed as they came", () => {
    const reaction = `<reactions xmlns="urn:xmpp:reactions:0" id="m1"><reaction>👍</reaction></reactions>`;
    assert.deepEqual(problemsOf(`<message to="bob@localhost">${reaction}</message>`), []);
    const junk = `<n><n/></n>`;
    const stanza = `<message to="bob@localhost"><body>x</body>${junk}</message>`;
    assert.equal(problemsOf(stanza).length, 2);
    assert.deepEqual(
      problemsOf(stanza, (xml) => xml === junk),
      [],
    );
  });
});
