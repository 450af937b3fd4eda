// The stanza size estimate: the serialised size, escapes included, counted only up to the limit.
import assert from "node:assert/strict";
import { largerThan } from "../../../src/limits/stanza-size.js";
import { parseXml, xml, type Element } from "../../../src/xmpp/xml.js";

const bytes = (el: Element) => Buffer.byteLength(el.toString(), "utf8");

describe("largerThan (stanza size)", () => {
  it("measures a stanza exactly as it is written, empty elements and attributes included", () => {
    const stanza = parseXml(
      `<message type="chat" to="bob@example.org" id="m1"><body>Hello there</body><active xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    const size = bytes(stanza);
    assert.equal(largerThan(stanza, size), false);
    assert.equal(largerThan(stanza, size - 1), true);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const stanza = xml("message", {}, xml("body", {}, "é€😀".repeat(10)));
    const size = bytes(stanza);
    assert.ok(size > stanza.toString().length, "the text has multi-byte characters");
    assert.equal(largerThan(stanza, size), false);
    assert.equal(largerThan(stanza, size - 1), true);
  });

  it("counts escapes as written: a text of & < > and attributes with quotes take more bytes than characters", () => {
    const stanza = xml("message", { to: `"bob's"@example.org` }, xml("body", {}, "<>&\"'".repeat(1000)));
    const size = bytes(stanza);
    assert.ok(size > 3 * 5000, `escaped: ${size} bytes for 5000 characters`);
    assert.equal(largerThan(stanza, size), false);
    assert.equal(largerThan(stanza, size - 1), true);
  });

  it("refuses a long text without measuring past the limit", () => {
    const stanza = xml("message", {}, xml("body", {}, "x".repeat(300 * 1024)));
    assert.equal(largerThan(stanza, 256 * 1024), true);
    assert.equal(largerThan(stanza, 512 * 1024), false);
  });

  it("stops visiting children once the limit is passed", () => {
    const query = xml("query", { xmlns: "http://jabber.org/protocol/muc#admin" });
    for (let i = 0; i < 100_000; i++) query.append(xml("item", { jid: `u${i}@example.org` }));
    let visited = 0;
    // Count reads of the items as the estimate walks them.
    query.children = new Proxy(query.children, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) visited++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const iq = xml("iq", { type: "set", id: "big" }, query);
    assert.equal(largerThan(iq, 1000), true);
    assert.ok(visited < 1000, `visited ${visited} of 100000 items`);
  });

  it("takes a stanza of nested elements deeper than the call stack would allow", () => {
    let inner = xml("x");
    for (let i = 0; i < 50_000; i++) inner = xml("x", {}, inner);
    assert.equal(largerThan(inner, 1_000_000), false);
    assert.equal(largerThan(inner, 10_000), true);
  });
});
