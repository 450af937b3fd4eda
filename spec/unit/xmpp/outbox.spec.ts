// Outbox: one serialisation, one written stanza per recipient address.
import assert from "node:assert/strict";
import * as ltx from "ltx";
import { Outbox, template, type Transport } from "../../../src/xmpp/outbox.js";
import { xml } from "../../../src/xmpp/xml.js";

function recorder(): Transport & { writes: string[] } {
  const writes: string[] = [];
  return { writes, write: (data) => (writes.push(data), true) };
}

describe("Outbox", () => {
  it("send writes the serialised element and reports the transport's answer", () => {
    const writes: string[] = [];
    const outbox = new Outbox({ write: (data) => (writes.push(data), false) });
    assert.equal(outbox.send(xml("message", { to: "a@x" }, xml("body", {}, "hi"))), false);
    assert.deepEqual(writes, ['<message to="a@x"><body>hi</body></message>']);
  });

  it("sendEach writes one stanza per address, each with its own to", () => {
    const transport = recorder();
    const message = xml("message", { from: "room@groups.x/Al", type: "groupchat" }, xml("body", {}, "hello"));
    new Outbox(transport).sendEach(message, ["a@x/1", "b@x/2", "c@y"]);
    const sent = transport.writes.map((w) => ltx.parse(w));
    assert.deepEqual(
      sent.map((s) => s.attrs.to),
      ["a@x/1", "b@x/2", "c@y"],
    );
    for (const s of sent) {
      assert.equal(s.attrs.from, "room@groups.x/Al");
      assert.equal(s.attrs.type, "groupchat");
      assert.equal(s.getChildText("body"), "hello");
    }
  });

  it("escapes addresses containing & and ' so each stanza stays well-formed", () => {
    const transport = recorder();
    const address = "o'brien&co@example.org/r\"1<";
    new Outbox(transport).sendEach(xml("presence", { from: "room@x/Nick" }), [address]);
    assert.equal(transport.writes.length, 1);
    assert.doesNotMatch(transport.writes[0]!, /o'brien&co/);
    assert.equal(ltx.parse(transport.writes[0]!).attrs.to, address);
  });

  it("leaves the element's own to unchanged", () => {
    const message = xml("message", { to: "original@x" }, xml("body", {}, "hi"));
    new Outbox(recorder()).sendEach(message, ["a@x", "b@x"]);
    assert.equal(message.attrs.to, "original@x");
    assert.equal(message.toString(), '<message to="original@x"><body>hi</body></message>');
  });

  it("leaves an element without to still without to", () => {
    const message = xml("message", {}, xml("body", {}, "hi"));
    new Outbox(recorder()).sendEach(message, ["a@x"]);
    assert.equal(message.attrs.to, undefined);
    assert.equal(message.toString(), "<message><body>hi</body></message>");
  });

  it("writes nothing for an empty address list", () => {
    const transport = recorder();
    new Outbox(transport).sendEach(xml("message"), []);
    assert.deepEqual(transport.writes, []);
  });
});

describe("template", () => {
  it("splits a stanza where its to goes, keeping its attributes in order", () => {
    const message = xml("message", { from: "t@lists.x", type: "chat" }, xml("body", {}, "a < b"));
    const { head, tail } = template(message);
    assert.equal(
      head + "bob@x" + tail,
      '<message from="t@lists.x" type="chat" to="bob@x"><body>a &lt; b</body></message>',
    );
  });

  it("puts the address where an existing to stands", () => {
    const { head, tail } = template(xml("presence", { to: "old@x", from: "t@lists.x" }));
    assert.equal(head + "new@x" + tail, '<presence to="new@x" from="t@lists.x"/>');
  });

  it("leaves the element unchanged, down to its attribute keys and children", () => {
    const body = xml("body", {}, "hi");
    const message = xml("message", { from: "t@lists.x", id: "m1" }, body);
    const children = message.children;
    template(message);
    assert.deepEqual(Object.keys(message.attrs), ["from", "id"]);
    assert.equal(message.children, children);
    assert.deepEqual(message.children, [body]);
    assert.equal(body.parent, message);
    assert.equal(message.toString(), '<message from="t@lists.x" id="m1"><body>hi</body></message>');
  });
});
