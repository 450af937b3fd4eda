// The last state each user relayed into each conversation, so an identical repeat within a short
// window is not sent again. Bounded: once the map grows, entries older than the window are swept,
// at most once per window so a busy service does not sweep on every state.
import type { Clock } from "../core/clock.js";

const SWEEP_AT = 10_000;

export class Coalescer {
  private readonly last = new Map<string, { state: string; at: number }>();
  private nextSweep = 0;

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  repeats(sender: string, conversation: string, state: string): boolean {
    const seen = this.last.get(key(sender, conversation));
    return !!seen && seen.state === state && this.clock.now() - seen.at < this.windowMs;
  }

  /** Records what recipients now show for the sender; a message with content (undefined) resets it. */
  remember(sender: string, conversation: string, state: string | undefined): void {
    if (state === undefined) return this.forget(sender, conversation);
    if (this.last.size >= SWEEP_AT && this.clock.now() >= this.nextSweep) this.sweep();
    this.last.set(key(sender, conversation), { state, at: this.clock.now() });
  }

  forget(sender: string, conversation: string): void {
    this.last.delete(key(sender, conversation));
  }

  private sweep(): void {
    const now = this.clock.now();
    this.nextSweep = now + this.windowMs;
    for (const [k, v] of this.last) if (now - v.at >= this.windowMs) this.last.delete(k);
  }
}

function key(sender: string, conversation: string): string {
  return `${conversation}\u0000${sender}`;
}
