// What a message says about chat states: pure functions, checked on examples and on random messages.
import assert from "node:assert/strict";
import fc from "fast-check";
import { isStateOnly, notStored, stateOf, withoutState } from "../../../src/chatstates/states.js";
import { parseXml, xml, type Element } from "../../../src/xmpp/xml.js";

const CS = "http://jabber.org/protocol/chatstates";
const HINTS = "urn:xmpp:hints";
const msg = (inner: string) => parseXml(`<message type="chat" id="m">${inner}</message>`);

describe("chat states: reading a message", () => {
  it("finds the state, and only in the chatstates namespace", () => {
    assert.equal(stateOf(msg(`<paused xmlns="${CS}"/>`)), "paused");
    assert.equal(stateOf(msg(`<paused xmlns="urn:other"/>`)), undefined);
    assert.equal(stateOf(msg(`<typing xmlns="${CS}"/>`)), undefined, "not one of the five states");
  });

  it("tells a state alone from a state that comes with something to keep", () => {
    assert.ok(isStateOnly(msg(`<composing xmlns="${CS}"/><no-store xmlns="${HINTS}"/><thread>t</thread>`)));
    assert.ok(!isStateOnly(msg(`<composing xmlns="${CS}"/><body>hi</body>`)));
    assert.ok(
      !isStateOnly(msg(`<active xmlns="${CS}"/><displayed xmlns="urn:xmpp:chat-markers:0" id="1"/>`)),
    );
    assert.ok(!isStateOnly(msg(`<no-store xmlns="${HINTS}"/>`)), "no state at all");
  });

  it("adds no-store once", () => {
    const once = notStored(msg(`<composing xmlns="${CS}"/>`));
    assert.equal(notStored(once).getChildren("no-store", HINTS).length, 1);
  });

  // Children as descriptions, so each generated message builds its own elements.
  const child = fc.oneof(
    fc.constantFrom("active", "composing", "paused", "inactive", "gone").map((n) => [n, { xmlns: CS }, ""]),
    fc.string({ maxLength: 8 }).map((t) => ["body", {}, t]),
    fc.constant(["no-store", { xmlns: HINTS }, ""]),
    fc.constant(["thread", {}, "t"]),
    fc.constant(["markable", { xmlns: "urn:xmpp:chat-markers:0" }, ""]),
    fc.constant(["origin-id", { xmlns: "urn:xmpp:sid:0", id: "o" }, ""]),
  ) as fc.Arbitrary<[string, Record<string, string>, string]>;
  const message = fc
    .array(child, { maxLength: 6 })
    .map((children): Element =>
      xml("message", { type: "chat", id: "m" }, ...children.map(([n, a, t]) => xml(n, a, ...(t ? [t] : [])))),
    );

  it("removes the state and nothing else, in order, leaving the original untouched", () => {
    fc.assert(
      fc.property(message, (m) => {
        const before = m.toString();
        const stripped = withoutState(m);
        assert.equal(stateOf(stripped), undefined);
        assert.equal(m.toString(), before);
        const kept = m.getChildElements().filter((c) => c.attrs.xmlns !== CS);
        assert.deepEqual(
          stripped.getChildElements().map((c) => c.toString()),
          kept.map((c) => c.toString()),
        );
        assert.equal(stripped.attrs.id, "m");
      }),
    );
  });

  it("calls a message a state alone exactly when stripping the state leaves nothing that matters", () => {
    fc.assert(
      fc.property(message, (m) => {
        const rest = withoutState(m).getChildElements();
        const matters = rest.some((c) => c.name === "body" || c.name === "markable");
        assert.equal(isStateOnly(m), stateOf(m) !== undefined && !matters);
      }),
    );
  });
});
