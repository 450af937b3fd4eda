// SendQueue: bounded outbound queue that waits for a socket and honours its back-pressure.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { SendQueue } from "../../../src/xmpp/send-queue.js";
import { isSettled, tick } from "../helpers/ticks.js";

/** A socket stand-in: records writes; `full` makes write() report back-pressure. */
class FakeSocket extends EventEmitter {
  destroyed = false;
  full = false;
  readonly writes: string[] = [];

  write(data: string): boolean {
    this.writes.push(data);
    return !this.full;
  }

  get text(): string {
    return this.writes.join("");
  }

  asSocket(): Socket {
    return this as unknown as Socket;
  }
}

const big = (c: string) => c.repeat(70 * 1024);

describe("SendQueue", () => {
  it("writes nothing while no socket is attached", async () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    queue.push("<a/>");
    await tick();
    assert.equal(queue.depth, 1);
    assert.equal(queue.written, 0);
    assert.deepEqual(socket.writes, []);
  });

  it("writes everything queued while detached, in order, once a socket is attached", () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    for (const s of ["<a/>", "<b/>", "<c/>"]) queue.push(s);
    queue.attach(socket.asSocket());
    assert.equal(socket.text, "<a/><b/><c/>");
    assert.equal(queue.depth, 0);
    assert.equal(queue.written, 3);
  });

  it("writes stanzas pushed to a live socket on the next event-loop turn, in order", async () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    queue.attach(socket.asSocket());
    queue.push("<a/>");
    queue.push("<b/>");
    assert.deepEqual(socket.writes, []);
    await tick();
    assert.equal(socket.text, "<a/><b/>");
  });

  it("stops writing while the socket is full and resumes on drain", async () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    socket.full = true;
    queue.attach(socket.asSocket());
    queue.push("<a/>");
    await tick();
    assert.equal(socket.text, "<a/>");

    queue.push("<b/>");
    queue.push("<c/>");
    await tick();
    assert.equal(socket.text, "<a/>", "nothing more is written before drain");
    assert.equal(queue.depth, 2);

    socket.full = false;
    socket.emit("drain");
    assert.equal(socket.text, "<a/><b/><c/>");
    assert.equal(queue.depth, 0);
  });

  it("splits a large backlog into batches and holds the rest until drain", () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    socket.full = true;
    queue.push(big("a"));
    queue.push(big("b"));
    queue.attach(socket.asSocket());
    assert.deepEqual(socket.writes, [big("a")]);
    socket.emit("drain");
    assert.deepEqual(socket.writes, [big("a"), big("b")]);
  });

  it("refuses the stanza past its bound and counts it as dropped", () => {
    const queue = new SendQueue(3);
    assert.deepEqual(
      ["<1/>", "<2/>", "<3/>"].map((s) => queue.push(s)),
      [true, true, true],
    );
    assert.equal(queue.push("<4/>"), false);
    assert.equal(queue.dropped, 1);
    assert.equal(queue.depth, 3);

    const socket = new FakeSocket();
    queue.attach(socket.asSocket());
    assert.equal(socket.text, "<1/><2/><3/>", "the refused stanza is never written");
    assert.equal(queue.push("<5/>"), true, "room frees up once the queue is written");
  });

  it("writes nothing to a destroyed socket", async () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    socket.destroyed = true;
    queue.attach(socket.asSocket());
    queue.push("<a/>");
    await tick();
    assert.deepEqual(socket.writes, []);
    assert.equal(queue.depth, 1);
  });

  it("stops writing to a socket once it is detached and keeps stanzas for the next one", async () => {
    const queue = new SendQueue(10);
    const first = new FakeSocket();
    queue.attach(first.asSocket());
    queue.attach(undefined);
    queue.push("<a/>");
    await tick();
    assert.deepEqual(first.writes, []);
    first.emit("drain");
    assert.deepEqual(first.writes, [], "a drain on the old socket does not write to it");

    const second = new FakeSocket();
    queue.attach(second.asSocket());
    assert.equal(second.text, "<a/>");
  });

  it("whenIdle resolves at once when nothing is queued", async () => {
    const queue = new SendQueue(10);
    queue.attach(new FakeSocket().asSocket());
    assert.equal(await isSettled(queue.whenIdle()), true);
  });

  it("whenIdle resolves once everything queued has been written", async () => {
    const queue = new SendQueue(10);
    const socket = new FakeSocket();
    socket.full = true;
    queue.attach(socket.asSocket());
    queue.push(big("a"));
    queue.push(big("b"));
    const idle = queue.whenIdle();
    assert.equal(await isSettled(idle), false, "the second batch waits for drain");
    assert.deepEqual(socket.writes, [big("a")]);

    socket.full = false;
    socket.emit("drain");
    assert.equal(await isSettled(idle), true);
    assert.deepEqual(socket.writes, [big("a"), big("b")]);
  });
});
