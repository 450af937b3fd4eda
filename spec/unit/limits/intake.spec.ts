// The intake: per-sender rate then size, on every stanza but those of Manifold and the server.
import assert from "node:assert/strict";
import { Intake } from "../../../src/limits/intake.js";
import { parseJid, type Jid } from "../../../src/xmpp/jid.js";
import { xml, type Element } from "../../../src/xmpp/xml.js";

const jid = (text: string): Jid => parseJid(text)!;

function intake(settings: Partial<ConstructorParameters<typeof Intake>[0]["settings"]> = {}) {
  let now = 0;
  const gate = new Intake({
    settings: { stanzasPerSecondPerSender: 1, senderBurst: 2, maxStanzaBytes: 1000, ...settings },
    clock: { now: () => now },
    ownDomains: ["groups.example.org", "lists.example.org"],
    serverDomains: ["example.org"],
  });
  const check = (stanza: Element) => gate.check(stanza, jid(stanza.attrs.from!), jid(stanza.attrs.to!));
  return { check, advance: (ms: number) => (now += ms) };
}

const ping = (from: string, to = "groups.example.org") =>
  xml("iq", { type: "get", from, to, id: "p" }, xml("ping", { xmlns: "urn:xmpp:ping" }));

describe("Intake", () => {
  it("refuses a sender past the burst: the first refusal answered (policy-violation, wait), then dropped", () => {
    const { check } = intake();
    assert.equal(check(ping("alice@example.org/phone")), undefined);
    assert.equal(
      check(ping("alice@example.org/laptop")),
      undefined,
      "all resources share the bare JID's budget",
    );
    const answered = check(ping("alice@example.org/phone"));
    assert.equal(answered?.limit, "sender-rate");
    assert.equal(answered.error?.condition, "policy-violation");
    assert.equal(answered.error.type, "wait");
    assert.match(answered.error.text ?? "", /at most 1 stanzas a second from one user \(bursts of 2\)/);
    const dropped = check(ping("alice@example.org/phone"));
    assert.equal(dropped?.limit, "sender-rate");
    assert.equal(dropped.error, undefined);
  });

  it("refuses a stanza larger than maxStanzaBytes with a text naming the size", () => {
    const { check } = intake({ maxStanzaBytes: 200 });
    const big = xml(
      "message",
      { type: "chat", from: "alice@example.org/phone", to: "room@groups.example.org" },
      xml("body", {}, "x".repeat(300)),
    );
    const refusal = check(big);
    assert.equal(refusal?.limit, "stanza-size");
    assert.equal(refusal.error?.condition, "policy-violation");
    assert.match(refusal.error.text ?? "", /^Stanza larger than 200 bytes/);
  });

  it("limits nothing from Manifold's own domains or from the server itself", () => {
    const { check } = intake({ senderBurst: 1, maxStanzaBytes: 100 });
    const huge = (from: string) => xml("message", { from, to: "room@groups.example.org" }, "x".repeat(500));
    for (let i = 0; i < 5; i++) {
      assert.equal(check(huge("lists.example.org")), undefined);
      assert.equal(check(huge("topic@lists.example.org")), undefined);
      assert.equal(check(huge("other@groups.example.org/nick")), undefined);
      assert.equal(check(ping("example.org")), undefined);
    }
  });

  it("limits the server's users and other servers", () => {
    const { check } = intake({ senderBurst: 1 });
    check(ping("example.org/x"));
    check(ping("remote.example.net"));
    check(ping("bob@example.org"));
    assert.equal(check(ping("remote.example.net"))?.limit, "sender-rate");
    assert.equal(check(ping("bob@example.org"))?.limit, "sender-rate");
  });

  it("always lets a sender leave a room, charging it to their budget", () => {
    const { check } = intake({ senderBurst: 1 });
    const leave = xml("presence", {
      type: "unavailable",
      from: "alice@example.org/phone",
      to: "room@groups.example.org/Alice",
    });
    assert.equal(check(leave), undefined);
    assert.equal(check(leave), undefined, "even with no token left");
    assert.equal(check(ping("alice@example.org/phone"))?.limit, "sender-rate", "the leave spent the token");
  });

  it("regains the sender's budget with time", () => {
    const { check, advance } = intake({ senderBurst: 1 });
    check(ping("alice@example.org/phone"));
    assert.equal(check(ping("alice@example.org/phone"))?.limit, "sender-rate");
    advance(1000);
    assert.equal(check(ping("alice@example.org/phone")), undefined);
  });
});
