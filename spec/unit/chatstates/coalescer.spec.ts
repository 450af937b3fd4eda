// Repeated identical states within a window are recognised per sender and conversation.
import assert from "node:assert/strict";
import { Coalescer } from "../../../src/chatstates/coalescer.js";

describe("chat states: coalescing", () => {
  let now = 0;
  const clock = { now: () => now };
  beforeEach(() => (now = 1_000_000));

  it("recognises a repeat within the window only, per sender and conversation", () => {
    const c = new Coalescer(5000, clock);
    c.remember("bob", "room", "composing");
    assert.ok(c.repeats("bob", "room", "composing"));
    assert.ok(!c.repeats("bob", "room", "paused"));
    assert.ok(!c.repeats("carol", "room", "composing"));
    assert.ok(!c.repeats("bob", "other", "composing"));
    now += 5000;
    assert.ok(!c.repeats("bob", "room", "composing"));
  });

  it("forgets on a message with content", () => {
    const c = new Coalescer(5000, clock);
    c.remember("bob", "room", "composing");
    c.remember("bob", "room", undefined);
    assert.ok(!c.repeats("bob", "room", "composing"));
  });

  it("stays bounded: old entries are swept as new ones arrive", () => {
    const c = new Coalescer(5000, clock);
    for (let i = 0; i < 10_000; i++) c.remember(`u${i}`, "room", "composing");
    now += 5000;
    c.remember("late", "room", "composing");
    assert.ok(!c.repeats("u1", "room", "composing"));
    assert.equal((c as unknown as { last: Map<string, unknown> }).last.size, 1);
  });
});
