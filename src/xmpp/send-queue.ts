// A bounded outbound queue that honours socket back-pressure. Stanzas are serialised once on entry,
// written in batches while the socket accepts them, held while it is full or the connection is down,
// and refused (counted) past the bound, so memory stays bounded whatever the fan-out.
import type { Socket } from "node:net";

const BATCH_BYTES = 64 * 1024;

export class SendQueue {
  private items: string[] = [];
  private head = 0;
  private socket: Socket | undefined;
  private waitingForDrain = false;
  private idleWaiters: (() => void)[] = [];
  private drainWaiters: { depth: number; resolve: () => void }[] = [];
  dropped = 0;
  written = 0;

  constructor(private readonly maxStanzas: number) {}

  get depth(): number {
    return this.items.length - this.head;
  }

  /** Queues one serialised stanza; false when the queue is full and the stanza was refused. */
  push(data: string): boolean {
    if (this.depth >= this.maxStanzas) {
      this.dropped++;
      return false;
    }
    this.items.push(data);
    if (!this.waitingForDrain) this.flushSoon();
    return true;
  }

  /** Points the queue at a live socket (after the handshake) or at none (connection down). */
  attach(socket: Socket | undefined): void {
    this.socket?.removeListener("drain", this.onDrain);
    this.socket = socket;
    this.waitingForDrain = false;
    if (socket) {
      socket.on("drain", this.onDrain);
      this.flush();
    }
  }

  /** Removes and returns what waits (a cluster link sends it through another node); whoever
   *  waited for the queue to drain is told it has. */
  takeAll(): string[] {
    const left = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    for (const w of this.drainWaiters.splice(0)) w.resolve();
    return left;
  }

  /** Resolves once everything queued has been handed to the socket (or at once when down). */
  whenIdle(): Promise<void> {
    if (this.depth === 0 || !this.socket || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once at most `depth` stanzas wait (at once if so already): producers that can wait
   * (journaled fan-out) write in chunks behind this instead of filling the queue to its bound. */
  drained(depth: number): Promise<void> {
    if (this.depth <= depth) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ depth, resolve }));
  }

  private scheduled = false;
  private flushSoon(): void {
    // Coalesce a burst of pushes from one handler into a few large writes.
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private readonly onDrain = () => {
    this.waitingForDrain = false;
    this.flush();
  };

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    while (this.depth > 0 && !this.waitingForDrain) {
      let batch = "";
      let count = 0;
      while (this.head < this.items.length && (count === 0 || batch.length < BATCH_BYTES)) {
        batch += this.items[this.head++];
        count++;
      }
      this.written += count;
      if (!socket.write(batch)) this.waitingForDrain = true;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.depth === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    if (this.drainWaiters.length) {
      const ready = this.drainWaiters.filter((w) => this.depth <= w.depth);
      this.drainWaiters = this.drainWaiters.filter((w) => this.depth > w.depth);
      for (const w of ready) w.resolve();
    }
  }
}
