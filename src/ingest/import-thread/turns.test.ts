import { describe, expect, it } from 'vitest';
import { BatchTurns } from './turns.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Two views of one buffer stand in for two threads (waitAsync works the same within one). */
function twoThreads(): [BatchTurns, BatchTurns] {
  const buffer = BatchTurns.create();
  return [new BatchTurns(buffer), new BatchTurns(buffer)];
}

describe('BatchTurns', () => {
  it('passes reads and commits on in batch order, whichever thread is ready first', async () => {
    const [first, second] = twoThreads();
    first.startAt(100);
    const order: string[] = [];
    const later = (async () => {
      order.push(`read 1 from ${await second.awaitRead(1)}`);
      second.passRead(1, 300);
      expect(await second.awaitCommit(1)).toBe(true);
      order.push('commit 1');
      second.passCommit(1);
    })();
    await tick();
    expect(order).toEqual([]);
    order.push(`read 0 from ${await first.awaitRead(0)}`);
    first.passRead(0, 200);
    await tick();
    // Batch 1 is read (and would be planned) while batch 0 is not yet committed, but not committed.
    expect(order).toEqual(['read 0 from 100', 'read 1 from 200']);
    expect(await first.awaitCommit(0)).toBe(true);
    order.push('commit 0');
    first.passCommit(0);
    await later;
    expect(order).toEqual(['read 0 from 100', 'read 1 from 200', 'commit 0', 'commit 1']);
    expect(await first.awaitRead(2)).toBe(300);
  });

  it('lets a batch append while the one before it commits, but not before that one has appended', async () => {
    const [first, second] = twoThreads();
    const order: string[] = [];
    const later = (async () => {
      expect(await second.awaitAppend(1)).toBe(true);
      order.push('append 1');
      second.passAppend(1);
      expect(await second.awaitCommit(1)).toBe(true);
      order.push('commit 1');
    })();
    await tick();
    expect(order).toEqual([]);
    expect(await first.awaitAppend(0)).toBe(true);
    order.push('append 0');
    first.passAppend(0);
    await tick();
    // Batch 1 has appended its rows; it commits only after batch 0.
    expect(order).toEqual(['append 0', 'append 1']);
    expect(await first.awaitCommit(0)).toBe(true);
    order.push('commit 0');
    first.passCommit(0);
    await later;
    expect(order).toEqual(['append 0', 'append 1', 'commit 0', 'commit 1']);
  });

  it('stops the threads waiting to read at the end of the file, not those with a batch to commit', async () => {
    const [first, second] = twoThreads();
    expect(await first.awaitRead(0)).toBe(0);
    first.passRead(0, 50);
    const reader = second.awaitRead(3);
    second.endInput();
    expect(await reader).toBeNull();
    expect(await first.awaitAppend(0)).toBe(true);
    expect(await first.awaitCommit(0)).toBe(true);
  });

  it('stops every waiting thread when one fails, and an end of input does not undo that', async () => {
    const [first, second] = twoThreads();
    const reader = first.awaitRead(2);
    const committer = second.awaitCommit(1);
    const appender = first.awaitAppend(2);
    second.fail();
    first.endInput();
    expect(await reader).toBeNull();
    expect(await committer).toBe(false);
    expect(await appender).toBe(false);
    expect(first.failed).toBe(true);
  });
});
