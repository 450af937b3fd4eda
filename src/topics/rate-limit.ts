// A token bucket per key: `limit` events per `windowMs`, refilled continuously, so a burst up to
// the limit passes and a steady rate above it is refused. Keys idle for a window are forgotten.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Takes one event for `key` at time `now`; false when over the limit. */
  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.limit, at: now };
    const refill = ((now - bucket.at) * this.limit) / this.windowMs;
    bucket.tokens = Math.min(this.limit, bucket.tokens + Math.max(0, refill));
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forget(now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private forget(now: number): void {
    for (const [key, b] of this.buckets) if (now - b.at > this.windowMs) this.buckets.delete(key);
  }
}
