// Token buckets by key: a burst up to the capacity, then the steady rate; memory only for active keys.
import assert from "node:assert/strict";
import { TokenBuckets } from "../../../src/limits/token-buckets.js";

describe("TokenBuckets", () => {
  it("lets a burst of `capacity` through at once, then refuses", () => {
    const buckets = new TokenBuckets({ capacity: 3, perSecond: 1 });
    const results = [0, 1, 2, 3].map(() => buckets.take("alice", 0));
    assert.deepEqual(results, [true, true, true, false]);
  });

  it("regains tokens at the steady rate, never past the capacity", () => {
    const buckets = new TokenBuckets({ capacity: 2, perSecond: 4 });
    buckets.take("alice", 0);
    buckets.take("alice", 0);
    assert.equal(buckets.take("alice", 200), false, "0.8 of a token after 200 ms");
    assert.equal(buckets.take("alice", 250), true, "one token after 250 ms");
    assert.equal(buckets.take("alice", 10_000), true);
    assert.equal(buckets.take("alice", 10_000), true);
    assert.equal(buckets.take("alice", 10_000), false, "a long pause refills to the capacity only");
  });

  it("takes rates below one a second (one token every 100 s at 0.01)", () => {
    const buckets = new TokenBuckets({ capacity: 1, perSecond: 0.01 });
    assert.equal(buckets.take("alice", 0), true);
    assert.equal(buckets.take("alice", 99_000), false);
    assert.equal(buckets.take("alice", 100_000), true);
  });

  it("keeps keys apart", () => {
    const buckets = new TokenBuckets({ capacity: 1, perSecond: 1 });
    assert.equal(buckets.take("alice", 0), true);
    assert.equal(buckets.take("bob", 0), true);
    assert.equal(buckets.take("alice", 0), false);
  });

  it("does not refill when the clock goes back", () => {
    const buckets = new TokenBuckets({ capacity: 1, perSecond: 1 });
    buckets.take("alice", 5000);
    assert.equal(buckets.take("alice", 1000), false);
  });

  it("forgets keys whose buckets are full again once many keys are remembered", () => {
    const buckets = new TokenBuckets({ capacity: 2, perSecond: 1 });
    for (let i = 0; i <= 10_000; i++) buckets.take(`user${i}`, 0);
    assert.equal(buckets.size, 10_001);
    buckets.take("busy", 1000);
    buckets.take("late", 2000);
    assert.deepEqual(buckets.size, 2, "only the keys used within the refill time are left");
    assert.equal(buckets.take("busy", 2000), true, "a remembered key keeps its state");
    assert.equal(buckets.take("busy", 2000), true);
    assert.equal(buckets.take("busy", 2000), false);
  });
});
