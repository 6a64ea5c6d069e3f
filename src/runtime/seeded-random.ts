/**
 * Seeded randomness for per-decky choices (hostnames, banners, versions, fake data): the same decky
 * makes the same choice on every start, and two deckies differ. Not for secrets.
 */
import { createHash } from 'node:crypto';

/** mulberry32 (Tommy Ettinger): 32 bits of state, full period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A stable 32-bit seed for a piece of text: the first four bytes of its SHA-256, big-endian. */
export function seedOf(text: string): number {
  return createHash('sha256').update(text, 'utf8').digest().readUInt32BE(0);
}
