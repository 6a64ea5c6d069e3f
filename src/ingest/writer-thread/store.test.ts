import { describe, expect, it } from 'vitest';
import { DIALECTS, openScratch } from '../../../test/support/databases.js';
import { openIngestStore } from './store.js';

describe.each(DIALECTS)('an ingest store on %s', (dialect) => {
  it('says how long the write-ahead log was when it checkpoints, and the log starts over once copied', async () => {
    const { scratch, cleanup } = await openScratch(dialect);
    const store = await openIngestStore(scratch.target);
    try {
      const write = (n: number) =>
        store.transaction((tx) =>
          tx.setState(`k${n}`, { n, pad: 'x'.repeat(50_000) }, '2026-01-01T00:00:00Z'),
        );
      await write(1);
      await write(2);
      const afterTwo = await store.checkpoint();
      if (dialect === 'postgres') {
        expect(afterTwo).toBe(0);
        return;
      }
      // Two commits of a 50 kB value each: at least that much sits in the log.
      expect(afterTwo).toBeGreaterThan(100_000);
      // Everything was copied; the log keeps its length until the next commit starts it over.
      expect(await store.checkpoint()).toBe(afterTwo);
      await write(3);
      const afterThree = await store.checkpoint();
      expect(afterThree).toBeGreaterThan(50_000);
      expect(afterThree).toBeLessThan(afterTwo!);
    } finally {
      await store.close();
      await cleanup();
    }
  });
});
