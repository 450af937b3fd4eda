// The per-topic rate: messages into one topic per minute, whoever writes, refused with their error.
import assert from "node:assert/strict";
import { LimitError } from "../../../src/limits/limit-error.js";
import { TopicRate, checkTopicRate } from "../../../src/limits/topic-rate.js";

const BADMINTON = "badminton@lists.example.org";

function refusal(fn: () => void): LimitError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LimitError, String(err));
    return err;
  }
  assert.fail("expected a refusal");
}

describe("TopicRate", () => {
  it("takes `messagesPerMinute` at once, then refuses with policy-violation (wait) naming the rate", () => {
    const rate = new TopicRate(3);
    for (let i = 0; i < 3; i++) rate.take(BADMINTON, 0);
    const err = refusal(() => rate.take(BADMINTON, 0));
    assert.equal(err.limit, "topic-rate");
    assert.equal(err.condition, "policy-violation");
    assert.equal(err.type, "wait");
    assert.match(err.text ?? "", /at most 3 messages a minute/);
  });

  it("takes one more message every 60/N seconds", () => {
    const rate = new TopicRate(3);
    for (let i = 0; i < 3; i++) rate.take(BADMINTON, 0);
    refusal(() => rate.take(BADMINTON, 19_000));
    rate.take(BADMINTON, 20_000);
  });

  it("keeps topics apart", () => {
    const rate = new TopicRate(1);
    rate.take(BADMINTON, 0);
    rate.take("chess@lists.example.org", 0);
    refusal(() => rate.take(BADMINTON, 0));
  });

  it("checkTopicRate reads the topic's JID and the context's clock", () => {
    const ctx = { clock: { now: () => 0 }, topics: { rate: new TopicRate(1) } };
    checkTopicRate(ctx, { jid: BADMINTON });
    refusal(() => checkTopicRate(ctx, { jid: BADMINTON }));
  });
});
