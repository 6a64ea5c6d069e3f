import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, isAbortError, ManualClock, schedule, systemClock } from './clock.js';

describe('schedule', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the callback once its time has come on the system clock, and not before', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    schedule(systemClock, 1_000, fn);
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('leaves no timer behind on the system clock once cancelled, and a second cancel is harmless', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const cancel = schedule(systemClock, 1_000, fn);
    cancel();
    expect(vi.getTimerCount()).toBe(0);
    cancel();
    vi.advanceTimersByTime(5_000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('falls back to a sleep on a clock without after(): runs on time, or never once cancelled', async () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    schedule(clock, 100, () => ran.push('kept'));
    const cancel = schedule(clock, 100, () => ran.push('cancelled'));
    cancel();
    await clock.advance(99);
    expect(ran).toEqual([]);
    await clock.advance(1);
    expect(ran).toEqual(['kept']);
    expect(clock.sleepers).toBe(0);
  });

  it('uses the clock’s own after() when it has one', () => {
    const scheduled: number[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: () => Promise.reject(new Error('schedule() must not sleep')),
      after(ms) {
        scheduled.push(ms);
        return () => {};
      },
    };
    schedule(clock, 42, () => {});
    expect(scheduled).toEqual([42]);
  });
});

describe('systemClock.sleep', () => {
  it('rejects with an AbortError when its signal aborts, whatever the abort reason', async () => {
    const stop = new AbortController();
    const sleeping = systemClock.sleep(60_000, stop.signal);
    stop.abort(new Error('connection closed'));
    const err = await sleeping.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    await expect(systemClock.sleep(60_000, stop.signal)).rejects.toSatisfy(isAbortError);
  });
});
