// The per-owner send limit: a burst up to the limit, then refill over the window.
import assert from "node:assert/strict";
import { RateLimiter } from "../../../src/topics/rate-limit.js";

describe("RateLimiter", () => {
  it("allows a burst of `limit`, then refuses until time refills it", () => {
    const limiter = new RateLimiter(3, 60_000);
    const results = [0, 0, 0, 0].map(() => limiter.take("alice", 1000));
    assert.deepEqual(results, [true, true, true, false]);
    assert.equal(limiter.take("alice", 1000 + 20_000), true, "one token back after a third of the window");
    assert.equal(limiter.take("alice", 1000 + 20_000), false);
  });

  it("keeps keys apart", () => {
    const limiter = new RateLimiter(1, 60_000);
    assert.equal(limiter.take("alice", 0), true);
    assert.equal(limiter.take("bob", 0), true);
    assert.equal(limiter.take("alice", 0), false);
  });
});
