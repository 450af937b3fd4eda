// parseJid/bareOf: RFC 7622 addresses as Manifold compares them (case-folded, resource kept).
import assert from "node:assert/strict";
import fc from "fast-check";
import { bareOf, makeJid, parseJid } from "../../../src/xmpp/jid.js";

describe("parseJid", () => {
  it("splits a full JID into local part, domain and resource", () => {
    assert.deepEqual(parseJid("alice@example.org/phone"), {
      local: "alice",
      domain: "example.org",
      resource: "phone",
      bare: "alice@example.org",
      full: "alice@example.org/phone",
    });
  });

  it("case-folds the local part and domain but keeps the resource as sent", () => {
    const jid = parseJid("Alice@Example.ORG/Phone");
    assert.equal(jid?.bare, "alice@example.org");
    assert.equal(jid?.full, "alice@example.org/Phone");
  });

  it("reads a domain-only JID as a service address", () => {
    const jid = parseJid("groups.example.org");
    assert.equal(jid?.local, "");
    assert.equal(jid?.bare, "groups.example.org");
    assert.equal(jid?.full, "groups.example.org");
  });

  it("keeps slashes and at-signs inside the resource", () => {
    const jid = parseJid("room@groups.example.org/a/b@c");
    assert.equal(jid?.resource, "a/b@c");
    assert.equal(jid?.bare, "room@groups.example.org");
  });

  it("drops a trailing dot from the domain", () => {
    assert.equal(parseJid("alice@example.org.")?.bare, "alice@example.org");
  });

  const malformed: [string, string | undefined][] = [
    ["a missing address", undefined],
    ["an empty string", ""],
    ["an empty local part", "@example.org"],
    ["two at-signs", "alice@bob@example.org"],
    ["an empty resource after the slash", "alice@example.org/"],
    ["an empty domain", "alice@"],
    ["only a resource", "/phone"],
    ["a space in the local part", "ali ce@example.org"],
    ["a space in the domain", "alice@exa mple.org"],
    ["a forbidden character in the local part", "al<ice@example.org"],
    ["a local part longer than 1023 characters", `${"a".repeat(1024)}@example.org`],
    ["a domain longer than 1023 characters", `alice@${"d".repeat(1024)}`],
    ["a resource longer than 1023 characters", `alice@example.org/${"r".repeat(1024)}`],
  ];
  for (const [what, text] of malformed) {
    it(`returns undefined for ${what}`, () => {
      assert.equal(parseJid(text), undefined);
    });
  }

  it("accepts parts of exactly 1023 characters", () => {
    const text = `${"a".repeat(1023)}@${"d".repeat(1023)}/${"r".repeat(1023)}`;
    assert.equal(parseJid(text)?.full, text);
  });

  it("round-trips any valid local part, domain and resource through makeJid(...).full", () => {
    const localChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789._-+=!#$%éü");
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const local = fc.oneof(fc.constant(""), fc.string({ unit: localChar, minLength: 1, maxLength: 30 }));
    const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
    const resource = fc.oneof(fc.constant(""), fc.string({ minLength: 1, maxLength: 40 }));
    fc.assert(
      fc.property(local, domain, resource, (l, d, r) => {
        assert.deepEqual(parseJid(makeJid(l, d, r).full), makeJid(l, d, r));
      }),
    );
  });

  it("normalises mixed-case JIDs to the same bare JID, whatever the case", () => {
    const letters = fc.string({
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(letters, letters, (l, d) => {
        assert.equal(parseJid(`${l}@${d}.org`)?.bare, `${l.toLowerCase()}@${d.toLowerCase()}.org`);
      }),
    );
  });
});

describe("bareOf", () => {
  it("gives the normalised bare JID of a full JID", () => {
    assert.equal(bareOf("Bob@Example.org/Laptop"), "bob@example.org");
  });

  it("gives undefined for a malformed or missing JID", () => {
    assert.equal(bareOf("bob@@example.org"), undefined);
    assert.equal(bareOf(undefined), undefined);
  });
});
