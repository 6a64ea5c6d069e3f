import type { Clock } from '../runtime/clock.js';

/** Results are cached at most this long (the issue allows one second for counts); answers say how old. */
export const COUNT_CACHE_MS = 1_000;
/** Distinct keys remembered; beyond it the oldest is dropped. */
const MAX_ENTRIES = 1_000;
/** The response header that says a total (or an aggregate) came from the cache, and its age in ms. */
export const COUNT_AGE_HEADER = 'x-decnet-total-age-ms';

/**
 * Results of expensive aggregate queries, cached per key for a second: counting or bucketing a million
 * rows on every view would cost more than the view, and on SQLite it would hold the event loop for
 * everyone. Concurrent misses for one key share one query; a failed query is not cached.
 */
export class RecentCache<T> {
  private readonly entries = new Map<string, { atMs: number; value: Promise<T> }>();

  constructor(private readonly clock: Clock) {}

  /** The value for `key` and its age in milliseconds (0 when just computed). */
  async get(key: string, compute: () => Promise<T>): Promise<{ value: T; ageMs: number }> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.atMs < COUNT_CACHE_MS) return { value: await hit.value, ageMs: now - hit.atMs };
    const value = compute();
    const entry = { atMs: now, value };
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    // A failed query is not cached.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return { value: await value, ageMs: 0 };
  }
}

/** Totals of paged listings, per filter combination. */
export class CountCache {
  private readonly recent: RecentCache<number>;

  constructor(clock: Clock) {
    this.recent = new RecentCache(clock);
  }

  /** The total for `key` and its age in milliseconds (0 when just counted). */
  async get(key: string, count: () => Promise<number>): Promise<{ total: number; ageMs: number }> {
    const { value, ageMs } = await this.recent.get(key, count);
    return { total: value, ageMs };
  }
}
