// Hooks: handlers run from the highest priority down, a returned value ends the event, a throw
// vetoes it (nothing after the thrower runs).
import assert from "node:assert/strict";
import { Hooks } from "../../../src/core/hooks.js";

interface Events {
  check: { payload: { seen: string[] }; result: never };
  pick: { payload: { seen: string[] }; result: string };
}

describe("Hooks", () => {
  it("runs handlers from the highest priority down, equal priorities in the order added", async () => {
    const hooks = new Hooks<Events>();
    hooks.on("check", ({ seen }) => void seen.push("default 0"));
    hooks.on("check", ({ seen }) => void seen.push("high 10"), 10);
    hooks.on("check", ({ seen }) => void seen.push("second 0"));
    hooks.on("check", ({ seen }) => void seen.push("low -5"), -5);
    const payload = { seen: [] as string[] };
    assert.equal(await hooks.run("check", payload), undefined);
    assert.deepEqual(payload.seen, ["high 10", "default 0", "second 0", "low -5"]);
  });

  it("ends the event with the first value a handler returns", async () => {
    const hooks = new Hooks<Events>();
    hooks.on("pick", () => "the default", -100);
    hooks.on("pick", ({ seen }) => {
      seen.push("looked");
      return undefined;
    });
    hooks.on("pick", async () => Promise.resolve("taken over"), 50);
    const payload = { seen: [] as string[] };
    assert.equal(await hooks.run("pick", payload), "taken over");
    assert.deepEqual(payload.seen, []);
  });

  it("stops at a handler that throws, and passes its error on", async () => {
    const hooks = new Hooks<Events>();
    hooks.on(
      "check",
      () => {
        throw new Error("vetoed");
      },
      5,
    );
    hooks.on("check", ({ seen }) => void seen.push("after"));
    const payload = { seen: [] as string[] };
    await assert.rejects(hooks.run("check", payload), /vetoed/);
    assert.deepEqual(payload.seen, []);
  });

  it("answers undefined, and says so with has(), for an event nobody handles", async () => {
    const hooks = new Hooks<Events>();
    assert.equal(hooks.has("pick"), false);
    assert.equal(await hooks.run("pick", { seen: [] }), undefined);
    hooks.on("pick", () => "x");
    assert.equal(hooks.has("pick"), true);
  });
});
