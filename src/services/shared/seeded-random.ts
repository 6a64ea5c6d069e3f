/**
 * Per-decky choices (DESIGN.md "Services": banners, versions and fake data stable per decky, varied
 * across the fleet). The persona's 32-bit seed, mixed with what the choice is for, drives a small PRNG:
 * the same decky makes the same choice on every start, and two purposes on one decky do not move
 * together. Not for secrets.
 */
import { mulberry32 } from '../../runtime/seeded-random.js';

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly [T, ...T[]]): T;
  /** `length` bytes, each in [min, max] (default 0..255). */
  bytes(length: number, min?: number, max?: number): Buffer;
}

/** FNV-1a: spreads the purpose string over 32 bits. */
function hashPurpose(purpose: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) {
    h ^= purpose.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function seededRandom(seed: number, purpose: string): SeededRandom {
  const next = mulberry32((seed ^ hashPurpose(purpose)) >>> 0);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[0],
    bytes(length, min = 0, max = 255) {
      const out = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) out[i] = int(min, max);
      return out;
    },
  };
}
