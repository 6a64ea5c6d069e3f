import { describe, expect, it } from 'vitest';
import { isAbortError, ManualClock } from '../../runtime/clock.js';
import { CloseSignal } from './close-signal.js';

describe('CloseSignal', () => {
  it('ends a wait on its signal when the connection closes', async () => {
    const clock = new ManualClock();
    const stop = new CloseSignal();
    const waiting = clock.sleep(1_000, stop.signal).catch((err: unknown) => err);
    stop.close();
    expect(isAbortError(await waiting)).toBe(true);
    expect(clock.sleepers).toBe(0);
  });

  it('hands out an aborted signal once closed, so a late wait ends at once', async () => {
    const stop = new CloseSignal();
    stop.close();
    expect(stop.signal.aborted).toBe(true);
    await expect(new ManualClock().sleep(1_000, stop.signal)).rejects.toSatisfy(isAbortError);
  });

  it('gives the same live signal to every wait until the close', () => {
    const stop = new CloseSignal();
    const first = stop.signal;
    expect(stop.signal).toBe(first);
    expect(first.aborted).toBe(false);
    stop.close();
    expect(first.aborted).toBe(true);
  });
});
