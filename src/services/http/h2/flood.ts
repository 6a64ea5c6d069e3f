/**
 * A token bucket over an injected clock: `burst` events at once, refilled at `perSecond`. One per kind
 * of abuse an HTTP/2 connection can be flooded with (see H2_LIMITS); running dry ends the connection
 * with ENHANCE_YOUR_CALM (RFC 9113 §10.5).
 */
export class FloodBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly limit: { burst: number; perSecond: number },
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.at = now();
  }

  /** Spends `count` tokens; false once the bucket has run dry. */
  take(count = 1): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.at);
    this.at = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed / 1000) * this.limit.perSecond);
    this.tokens -= count;
    return this.tokens >= 0;
  }
}
