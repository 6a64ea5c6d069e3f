import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and purpose', () => {
    const a = seededRandom(42, 'ssh');
    const b = seededRandom(42, 'ssh');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives different purposes and different seeds different sequences', () => {
    const first = (seed: number, purpose: string) => seededRandom(seed, purpose).next();
    expect(first(42, 'ssh')).not.toBe(first(42, 'http'));
    expect(first(42, 'ssh')).not.toBe(first(43, 'ssh'));
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const r = seededRandom(7, 'bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = r.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws bytes within the asked range', () => {
    const bytes = seededRandom(1, 'bytes').bytes(500, 0x21, 0x7e);
    expect(bytes).toHaveLength(500);
    expect(Math.min(...bytes)).toBeGreaterThanOrEqual(0x21);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(0x7e);
  });

  it('spreads picks across a fleet', () => {
    const picks = new Set(
      Array.from({ length: 64 }, (_, seed) => seededRandom(seed, 'p').pick(['a', 'b', 'c'])),
    );
    expect(picks.size).toBe(3);
  });
});
