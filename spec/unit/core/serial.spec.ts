// KeyedSerializer: one task at a time per key, keys independent, idle() waits for everything.
import assert from "node:assert/strict";
import { KeyedSerializer } from "../../../src/core/serial.js";
import { deferred, isSettled } from "../helpers/ticks.js";

/** A task that does its work without waiting. */
const task = (work: () => void) => () => {
  work();
  return Promise.resolve();
};

describe("KeyedSerializer", () => {
  it("runs tasks for one key one after another in the order they were queued", async () => {
    const serializer = new KeyedSerializer();
    const gate = deferred();
    const log: string[] = [];
    const first = serializer.run("room", async () => {
      log.push("start 1");
      await gate.promise;
      log.push("end 1");
    });
    const second = serializer.run(
      "room",
      task(() => log.push("run 2")),
    );
    const third = serializer.run(
      "room",
      task(() => log.push("run 3")),
    );
    assert.equal(await isSettled(second), false);
    assert.deepEqual(log, ["start 1"]);
    gate.resolve();
    await Promise.all([first, second, third]);
    assert.deepEqual(log, ["start 1", "end 1", "run 2", "run 3"]);
  });

  it("runs tasks for different keys concurrently", async () => {
    const serializer = new KeyedSerializer();
    const gate = deferred();
    const log: string[] = [];
    const slow = serializer.run("a", async () => {
      await gate.promise;
      log.push("a");
    });
    await serializer.run(
      "b",
      task(() => log.push("b")),
    );
    assert.deepEqual(log, ["b"]);
    gate.resolve();
    await slow;
    assert.deepEqual(log, ["b", "a"]);
  });

  it("reports a failing task to its caller and still runs the next task for that key", async () => {
    const serializer = new KeyedSerializer();
    const failing = serializer.run("room", async () => {
      await Promise.resolve();
      throw new Error("disk full");
    });
    let ran = false;
    const next = serializer.run(
      "room",
      task(() => (ran = true)),
    );
    await assert.rejects(failing, /disk full/);
    await next;
    assert.equal(ran, true);
  });

  it("idle resolves at once when nothing was queued", async () => {
    assert.equal(await isSettled(new KeyedSerializer().idle()), true);
  });

  it("idle waits for every queued task, on every key, including ones queued while waiting", async () => {
    const serializer = new KeyedSerializer();
    const gateA = deferred();
    const gateB = deferred();
    const finished: string[] = [];
    void serializer.run("a", async () => {
      await gateA.promise;
      finished.push("a");
    });
    void serializer.run("b", async () => {
      await gateB.promise;
      finished.push("b");
    });
    const idle = serializer.idle();
    gateA.resolve();
    assert.equal(await isSettled(idle), false);
    void serializer.run(
      "c",
      task(() => finished.push("c")),
    );
    gateB.resolve();
    await idle;
    assert.deepEqual(finished.sort(), ["a", "b", "c"]);
  });

  it("idle is not held up by a failed task", async () => {
    const serializer = new KeyedSerializer();
    serializer.run("room", () => Promise.reject(new Error("boom"))).catch(() => undefined);
    await serializer.idle();
  });
});
