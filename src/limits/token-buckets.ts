// Token buckets by key: each key may spend up to `capacity` at once (the burst), and regains
// `perSecond` tokens a second, continuously. Keys whose bucket has filled up again are the same
// as absent ones, so they are forgotten when the map grows: memory follows active keys only.
export interface BucketSettings {
  /** Most tokens a key can hold: the burst it may spend at once. */
  readonly capacity: number;
  /** Tokens regained per second. */
  readonly perSecond: number;
}

/** Past this many keys, full buckets are swept (at most once per refill time). */
const SWEEP_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillMs: number;
  private sweptAt = -Infinity;

  constructor(private readonly settings: BucketSettings) {
    this.refillMs = (settings.capacity / settings.perSecond) * 1000;
  }

  /** Spends one token of `key` at time `now` (ms); false, spending nothing, when none is left. */
  take(key: string, now: number): boolean {
    const bucket = this.buckets.get(key);
    if (!bucket) {
      this.buckets.set(key, { tokens: this.settings.capacity - 1, at: now });
      this.sweep(now);
      return true;
    }
    const regained = (Math.max(0, now - bucket.at) * this.settings.perSecond) / 1000;
    bucket.tokens = Math.min(this.settings.capacity, bucket.tokens + regained);
    bucket.at = Math.max(bucket.at, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Keys currently remembered (for specs of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (this.buckets.size <= SWEEP_ABOVE || now - this.sweptAt < this.refillMs) return;
    this.sweptAt = now;
    for (const [key, b] of this.buckets) if (now - b.at >= this.refillMs) this.buckets.delete(key);
  }
}
