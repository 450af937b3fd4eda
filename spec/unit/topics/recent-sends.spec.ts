// The owner's recent messages, findable by any of their ids, per topic and bounded.
import assert from "node:assert/strict";
import { RecentSends } from "../../../src/topics/recent-sends.js";

describe("topics: recent sends for receipts and markers", () => {
  it("finds a message by stanza-id, own id or origin-id, in its topic only", () => {
    const recent = new RecentSends();
    const ids = { own: "mine", stanzaId: "s1" };
    recent.remember("t@lists", ids, "o1");
    for (const alias of ["s1", "mine", "o1"]) assert.deepEqual(recent.find("t@lists", alias), ids);
    assert.equal(recent.find("u@lists", "s1"), undefined);
  });

  it("keeps the newest 100 messages of a topic", () => {
    const recent = new RecentSends();
    for (let i = 0; i < 101; i++) recent.remember("t", { own: `m${i}`, stanzaId: `s${i}` }, `o${i}`);
    assert.equal(recent.find("t", "s0"), undefined);
    assert.equal(recent.find("t", "o0"), undefined);
    assert.deepEqual(recent.find("t", "o1"), { own: "m1", stanzaId: "s1" });
    recent.forget("t");
    assert.equal(recent.find("t", "s100"), undefined);
  });
});
