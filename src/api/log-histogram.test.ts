import { describe, expect, it } from 'vitest';
import {
  bucketSpan,
  defaultInterval,
  HISTOGRAM_LIMITS,
  intervalSeconds,
  timestampMicros,
} from './log-histogram.js';

const at = (iso: string) => Date.parse(iso) * 1000;

describe('log histogram buckets', () => {
  it.each([
    ['1s', 1],
    ['5m', 300],
    ['15m', 900],
    ['1h', 3600],
    ['1d', 86_400],
    ['99999s', 99_999],
    ['0m', null],
    ['05m', null],
    ['1w', null],
    ['1.5h', null],
    ['m', null],
    ['100000s', null],
  ])('reads interval %s as %s seconds', (text, seconds) => {
    expect(intervalSeconds(text)).toBe(seconds);
  });

  it('aligns the first bucket to a multiple of the interval and covers the end', () => {
    expect(bucketSpan(at('2026-05-10T12:02:00Z'), at('2026-05-10T12:30:00Z'), 300)).toEqual({
      originS: at('2026-05-10T12:00:00Z') / 1e6,
      count: 6,
    });
    // One microsecond past a boundary opens another bucket.
    expect(bucketSpan(at('2026-05-10T12:00:00Z'), at('2026-05-10T12:30:00Z') + 1, 300).count).toBe(7);
    // An empty range still has the bucket it starts in.
    expect(bucketSpan(at('2026-05-10T12:00:00Z'), at('2026-05-10T12:00:00Z'), 300).count).toBe(1);
  });

  it.each([
    ['10 minutes', '2026-05-10T12:00:00Z', '2026-05-10T12:10:00Z', '5s'],
    ['one hour', '2026-05-10T12:00:00Z', '2026-05-10T13:00:00Z', '30s'],
    ['one day', '2026-05-10T00:00:00Z', '2026-05-11T00:00:00Z', '15m'],
    ['a month', '2026-05-01T00:00:00Z', '2026-05-31T00:00:00Z', '6h'],
    ['a year', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '7d'],
  ])('chooses a default interval for %s', (_, start, end, interval) => {
    expect(defaultInterval(at(start), at(end))).toBe(interval);
  });

  it('keeps a default interval under the bucket cap for any range', () => {
    const start = at('0000-01-01T00:00:00Z');
    const end = at('9999-12-31T23:59:59Z');
    const interval = defaultInterval(start, end);
    expect(interval).toMatch(/^\d+d$/);
    expect(bucketSpan(start, end, intervalSeconds(interval)!).count).toBeLessThanOrEqual(
      HISTOGRAM_LIMITS.maxBuckets,
    );
  });

  it('reads stored timestamps to the microsecond', () => {
    expect(timestampMicros('2026-05-10T12:00:01.123456Z')).toBe(at('2026-05-10T12:00:01Z') + 123_456);
  });
});
