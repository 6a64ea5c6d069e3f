/**
 * Time as a dependency. Every loop that waits takes a Clock, so tests drive time by hand and never
 * wait on a real timer (STYLE.md: clocks, sleeps, randomness and ids are injected).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or rejects with an AbortError as soon as `signal` aborts.
   * A sleep that is aborted never leaves a timer behind.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Runs `fn` after `ms` milliseconds unless the returned function is called first. Optional: see
   * `schedule()`, which falls back to a sleep for a clock without it.
   */
  after?(ms: number, fn: () => void): () => void;
}

/** Cancels what `schedule()` set up; calling it after the callback ran, or twice, does nothing. */
export type Cancel = () => void;

/** Abort reason of the fallback in `schedule()` (see SLEEP_ABORTED: nothing is built per cancel). */
const CANCELLED = new Error('cancelled');

/**
 * Runs `fn` after `ms` on `clock` unless cancelled first; `fn` must not throw (wrap it as a service
 * guards its handlers). Per-connection deadlines (a login grace, a handshake timeout) use this rather
 * than a sleep with an AbortController: on the system clock it is a bare timer, where a sleep costs a
 * promise, a controller, its signal (an EventTarget) and, on abort, an event dispatch for every
 * connection that closes before its deadline, which is nearly all of them.
 */
export function schedule(clock: Clock, ms: number, fn: () => void): Cancel {
  if (clock.after) return clock.after(ms, fn);
  const stop = new AbortController();
  clock.sleep(ms, stop.signal).then(fn, () => {});
  return () => stop.abort(CANCELLED);
}

export class AbortError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/**
 * What every aborted sleep rejects with. One shared error: building an Error captures a stack trace,
 * and the services abort a sleep on every connection that closes (its login or handshake deadline).
 */
const SLEEP_ABORTED = new AbortError('sleep aborted');

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(SLEEP_ABORTED);
      const onAbort = () => {
        clearTimeout(timer);
        reject(SLEEP_ABORTED);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface PendingSleep {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` wakes every sleeper whose time has come, in
 * wake-time order, and lets their continuations run before returning.
 */
export class ManualClock implements Clock {
  private current: number;
  private pending: PendingSleep[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** How many sleeps are waiting: lets a test know a loop has reached its wait. */
  get sleepers(): number {
    return this.pending.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortError());
      const entry: PendingSleep = { wakeAt: this.current + Math.max(0, ms), resolve };
      this.pending.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.pending = this.pending.filter((p) => p !== entry);
          reject(new AbortError());
        },
        { once: true },
      );
    });
  }

  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.pending.filter((p) => p.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt);
      const next = due[0];
      if (!next) break;
      this.current = Math.max(this.current, next.wakeAt);
      this.pending = this.pending.filter((p) => p !== next);
      next.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Waits (in real microtask/macrotask turns, never real time) until some code is sleeping. */
  async untilSleeping(count = 1, maxTurns = 10_000): Promise<void> {
    for (let i = 0; i < maxTurns; i++) {
      if (this.pending.length >= count) return;
      await new Promise<void>((r) => setImmediate(r));
    }
    throw new Error(`no code reached a sleep after ${maxTurns} turns (sleepers: ${this.pending.length})`);
  }
}

async function flushMicrotasks(): Promise<void> {
  await new Promise<void>((r) => setImmediate(r));
}
