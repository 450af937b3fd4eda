// StanzaError.toElement (RFC 6120 §8.3) and reading the condition of an incoming error stanza.
import assert from "node:assert/strict";
import { NS } from "../../../src/xmpp/ns.js";
import { StanzaError, errorConditionOf } from "../../../src/xmpp/stanza-error.js";
import { xml } from "../../../src/xmpp/xml.js";

describe("StanzaError", () => {
  const defaults: [ConstructorParameters<typeof StanzaError>[0], string][] = [
    ["bad-request", "modify"],
    ["conflict", "cancel"],
    ["forbidden", "auth"],
    ["item-not-found", "cancel"],
    ["jid-malformed", "modify"],
    ["not-acceptable", "modify"],
    ["not-allowed", "cancel"],
    ["not-authorized", "auth"],
    ["registration-required", "auth"],
    ["resource-constraint", "wait"],
    ["service-unavailable", "cancel"],
    ["internal-server-error", "cancel"],
  ];
  for (const [condition, type] of defaults) {
    it(`gives ${condition} the error type ${type} by default`, () => {
      assert.equal(new StanzaError(condition).toElement().attrs.type, type);
    });
  }

  it("takes an explicit type over the default", () => {
    assert.equal(
      new StanzaError("forbidden", undefined, { type: "cancel" }).toElement().attrs.type,
      "cancel",
    );
  });

  it("puts the condition in the stanzas namespace", () => {
    const el = new StanzaError("item-not-found").toElement();
    assert.equal(el.name, "error");
    const condition = el.getChild("item-not-found", NS.stanzas);
    assert.ok(condition);
    assert.equal(condition.children.length, 0);
  });

  it("adds the text as <text xml:lang='en'> in the stanzas namespace", () => {
    const text = new StanzaError("not-allowed", "Admins cannot do that")
      .toElement()
      .getChild("text", NS.stanzas);
    assert.ok(text);
    assert.equal(text.attrs["xml:lang"], "en");
    assert.equal(text.getText(), "Admins cannot do that");
  });

  it("has no <text/> when no text is given", () => {
    assert.equal(new StanzaError("conflict").toElement().getChild("text"), undefined);
  });

  it("names the entity that raised it with by, and omits by otherwise", () => {
    assert.equal(
      new StanzaError("conflict").toElement("room@groups.example.org").attrs.by,
      "room@groups.example.org",
    );
    assert.doesNotMatch(new StanzaError("conflict").toElement().toString(), /by=/);
  });

  it("appends application-specific conditions after the defined condition", () => {
    const extra = xml("too-many", { xmlns: "urn:example" });
    const children = new StanzaError("policy-violation", "slow down", { extra: [extra] })
      .toElement()
      .getChildElements();
    assert.deepEqual(
      children.map((c) => c.name),
      ["policy-violation", "text", "too-many"],
    );
  });

  it("carries condition and text on the thrown object for logging", () => {
    const err = new StanzaError("forbidden", "Not yours");
    assert.ok(err instanceof Error);
    assert.equal(err.name, "StanzaError");
    assert.equal(err.message, "forbidden: Not yours");
  });
});

describe("errorConditionOf", () => {
  it("reads the defined condition of an error stanza, skipping its text", () => {
    const stanza = xml(
      "message",
      { type: "error" },
      xml(
        "error",
        { type: "cancel" },
        xml("text", { xmlns: NS.stanzas }, "gone away"),
        xml("recipient-unavailable", { xmlns: NS.stanzas }),
      ),
    );
    assert.equal(errorConditionOf(stanza), "recipient-unavailable");
  });

  it("reads what toElement wrote", () => {
    const stanza = xml("iq", { type: "error" }, new StanzaError("not-acceptable", "no").toElement());
    assert.equal(errorConditionOf(stanza), "not-acceptable");
  });

  it("ignores application-specific conditions in other namespaces", () => {
    const stanza = xml("iq", {}, xml("error", {}, xml("custom", { xmlns: "urn:example" })));
    assert.equal(errorConditionOf(stanza), undefined);
  });

  it("is undefined for a stanza without <error/>", () => {
    assert.equal(errorConditionOf(xml("message", {}, xml("body", {}, "hi"))), undefined);
  });
});
