// The per-sender rate: over the limit, one error per sender per second and the rest dropped.
import assert from "node:assert/strict";
import { ANSWER_WINDOW_MS, SenderRate } from "../../../src/limits/sender-rate.js";

const settings = { stanzasPerSecondPerSender: 1, senderBurst: 2 };

describe("SenderRate", () => {
  it("passes the burst, answers the first refusal and drops the others within a second", () => {
    const rate = new SenderRate(settings);
    const verdicts = [0, 0, 0, 0, 0].map(() => rate.check("alice@example.org", 0));
    assert.deepEqual(verdicts, ["pass", "pass", "answer", "drop", "drop"]);
  });

  it("answers again once the window has passed, if the sender is still over", () => {
    const rate = new SenderRate({ stanzasPerSecondPerSender: 0.01, senderBurst: 1 });
    rate.check("alice@example.org", 0);
    assert.equal(rate.check("alice@example.org", 10), "answer");
    assert.equal(rate.check("alice@example.org", ANSWER_WINDOW_MS - 1), "drop");
    assert.equal(rate.check("alice@example.org", ANSWER_WINDOW_MS + 10), "answer");
  });

  it("passes again once the bucket has refilled", () => {
    const rate = new SenderRate(settings);
    for (let i = 0; i < 4; i++) rate.check("alice@example.org", 0);
    assert.equal(rate.check("alice@example.org", 1000), "pass");
  });

  it("keeps one sender's flood from refusing another", () => {
    const rate = new SenderRate(settings);
    for (let i = 0; i < 10; i++) rate.check("mallory@example.org", 0);
    assert.equal(rate.check("alice@example.org", 0), "pass");
  });

  it("charges without refusing: a charged stanza spends a token that others then miss", () => {
    const rate = new SenderRate(settings);
    rate.charge("alice@example.org", 0);
    rate.charge("alice@example.org", 0);
    rate.charge("alice@example.org", 0);
    assert.equal(rate.check("alice@example.org", 0), "answer");
  });
});
