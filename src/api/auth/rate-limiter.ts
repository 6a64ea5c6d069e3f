import type { Clock } from '../../runtime/clock.js';

/**
 * Counts attempts per key in a fixed window that starts at a key's first attempt. Bounded: beyond
 * `maxKeys` the oldest key is forgotten (Map iteration is insertion order), so a flood of distinct
 * keys costs memory once, not forever.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedMs: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  /** Records one attempt; returns null when allowed, else the seconds until the key may try again. */
  hit(key: string): number | null {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedMs >= this.windowMs) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
      window = { startedMs: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.max)
      return Math.max(1, Math.ceil((window.startedMs + this.windowMs - now) / 1000));
    window.count++;
    return null;
  }

  get trackedKeys(): number {
    return this.windows.size;
  }
}
