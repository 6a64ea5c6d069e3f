import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TurnAdmission } from './admission.js';

describe('TurnAdmission', () => {
  it('hands requests on in arrival order, in a later turn than the one that admitted them', async () => {
    const admission = new TurnAdmission(2, () => {
      throw new Error('unexpected');
    });
    const order: number[] = [];
    for (let i = 0; i < 5; i++) admission.admit(() => order.push(i));
    expect(order).toEqual([]);
    expect(admission.pending).toBe(5);
    await nextTurn();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(admission.pending).toBe(0);
  });

  it('stops a turn once its slice is spent and goes on in the next turns', async () => {
    let clockMs = 0;
    const admission = new TurnAdmission(
      2,
      () => {},
      () => clockMs,
    );
    const handed: number[] = [];
    // Each request's synchronous part takes 1 ms of the fake clock.
    for (let i = 0; i < 20; i++) {
      admission.admit(() => {
        handed.push(i);
        clockMs += 1;
      });
    }
    const perTurn: number[] = [];
    while (admission.pending > 0) {
      const before = handed.length;
      await nextTurn();
      perTurn.push(handed.length - before);
    }
    // The clock is read every 4 requests: 4 requests (4 ms) overrun the 2 ms slice, then the turn ends.
    expect(perTurn).toEqual([4, 4, 4, 4, 4]);
    expect(handed).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('reports a continuation that throws and hands on the requests behind it', async () => {
    const errors: unknown[] = [];
    const admission = new TurnAdmission(2, (error) => errors.push(error));
    const handed: string[] = [];
    admission.admit(() => handed.push('a'));
    admission.admit(() => {
      throw new Error('boom');
    });
    admission.admit(() => handed.push('c'));
    await nextTurn();
    expect(handed).toEqual(['a', 'c']);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('hands on thousands of requests across many slices (the queue is compacted as it goes)', async () => {
    let clockMs = 0;
    const admission = new TurnAdmission(
      1,
      () => {},
      () => clockMs,
    );
    let handed = 0;
    for (let i = 0; i < 5000; i++) {
      admission.admit(() => {
        handed++;
        clockMs += 0.1;
      });
    }
    while (admission.pending > 0) await nextTurn();
    expect(handed).toBe(5000);
    // Admitted after the queue drained: handed on in the next turn.
    admission.admit(() => handed++);
    await nextTurn();
    expect(handed).toBe(5001);
  });
});
