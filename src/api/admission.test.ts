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

  it('stops a turn once its first parts alone fill it, and goes on in the next turns', async () => {
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

  it('hands on as many requests per turn as their whole cost fits in the turn, as it measures it', async () => {
    let clockMs = 0;
    const admission = new TurnAdmission(
      2,
      () => {},
      () => clockMs,
    );
    // Each request's first part is free; what it leaves for a later turn (its answer) costs 1 ms.
    const handedAt: number[] = [];
    for (let i = 0; i < 80; i++) {
      admission.admit(() => {
        handedAt.push(clockMs);
        setImmediate(() => {
          clockMs += 1;
        });
      });
    }
    while (admission.pending > 0) await nextTurn();
    await nextTurn();
    const perTurn = [...new Set(handedAt)].map((at) => handedAt.filter((t) => t === at).length);
    // 2 ms at an assumed 0.05 ms each, then the measured 1 ms pulls the average up turn by turn until
    // only the minimum of 4 go per turn.
    expect(perTurn.slice(0, 5)).toEqual([40, 8, 5, 4, 4]);
    expect(perTurn.reduce((a, b) => a + b)).toBe(80);
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
