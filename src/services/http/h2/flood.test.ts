import { describe, expect, it } from 'vitest';
import { FloodBucket } from './flood.js';

describe('FloodBucket', () => {
  it('allows the burst, refuses the next, and refills at its rate', () => {
    let now = 0;
    const bucket = new FloodBucket({ burst: 3, perSecond: 2 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true]);
    expect(bucket.take()).toBe(false);
    now += 1000;
    // One token overdrawn, two refilled: one left.
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than its burst however long it rests', () => {
    let now = 0;
    const bucket = new FloodBucket({ burst: 2, perSecond: 100 }, () => now);
    now += 3_600_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
