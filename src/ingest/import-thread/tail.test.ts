import { describe, expect, it } from 'vitest';
import { INGEST_LIMITS } from '../limits.js';
import { batchBytesLeft, TAIL_MIN_BYTES } from './tail.js';

describe('batchBytesLeft', () => {
  it('leaves whole batches to the line count far from the end of the file', () => {
    expect(batchBytesLeft(100 * 1024 * 1024, 2)).toBe(INGEST_LIMITS.maxBatchBytes);
  });

  it('gives each batch near the end its share of what is left, halving down to a floor', () => {
    const sizes: number[] = [];
    let remaining = 3 * 1024 * 1024;
    while (remaining > 0) {
      const batch = Math.min(remaining, batchBytesLeft(remaining, 2));
      sizes.push(batch);
      remaining -= batch;
    }
    expect(sizes.slice(0, 3)).toEqual([1536 * 1024, 768 * 1024, 384 * 1024]);
    expect(Math.min(...sizes.slice(0, -1))).toBe(TAIL_MIN_BYTES);
    expect(sizes.length).toBeLessThan(12);
  });
});
