import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './queue.js';

describe('BoundedQueue', () => {
  it('is first in, first out', () => {
    const q = new BoundedQueue<number>(10);
    for (let i = 0; i < 5; i++) q.push(i);
    expect([q.shift(), q.shift(), q.length]).toEqual([0, 1, 3]);
  });

  it('drops and returns the oldest entry when full', () => {
    const q = new BoundedQueue<number>(2);
    expect(q.push(1)).toBeUndefined();
    expect(q.push(2)).toBeUndefined();
    expect(q.push(3)).toBe(1);
    expect([q.shift(), q.shift(), q.shift()]).toEqual([2, 3, undefined]);
  });

  it('puts an entry back at the front', () => {
    const q = new BoundedQueue<number>(3);
    q.push(1);
    q.push(2);
    const first = q.shift()!;
    q.unshift(first);
    q.unshift(0);
    expect([q.shift(), q.shift(), q.shift(), q.length]).toEqual([0, 1, 2, 0]);
  });

  it('stays correct across compaction of a long run', () => {
    const q = new BoundedQueue<number>(100_000);
    for (let i = 0; i < 50_000; i++) q.push(i);
    for (let i = 0; i < 30_000; i++) expect(q.shift()).toBe(i);
    for (let i = 50_000; i < 60_000; i++) q.push(i);
    expect(q.length).toBe(30_000);
    for (let i = 30_000; i < 60_000; i++) expect(q.shift()).toBe(i);
    expect(q.length).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});
