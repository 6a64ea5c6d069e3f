import type { Clock } from '../runtime/clock.js';

/** Counts are cached at most this long (the issue allows one second); the response says how old. */
export const COUNT_CACHE_MS = 1_000;
/** Distinct filter combinations remembered; beyond it the oldest is dropped. */
const MAX_ENTRIES = 1_000;
/** The response header that says a total came from the cache, and how old it is in milliseconds. */
export const COUNT_AGE_HEADER = 'x-decnet-total-age-ms';

/**
 * Totals of paged listings, cached per filter combination for a second: counting a million rows on
 * every page view would cost more than the page. Concurrent misses for one key share one query.
 */
export class CountCache {
  private readonly entries = new Map<string, { atMs: number; value: Promise<number> }>();

  constructor(private readonly clock: Clock) {}

  /** The total for `key` and its age in milliseconds (0 when just counted). */
  async get(key: string, count: () => Promise<number>): Promise<{ total: number; ageMs: number }> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.atMs < COUNT_CACHE_MS) return { total: await hit.value, ageMs: now - hit.atMs };
    const value = count();
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { atMs: now, value });
    // A failed count is not cached.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return { total: await value, ageMs: 0 };
  }
}
