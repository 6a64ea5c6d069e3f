import type { Clock } from './clock.js';

/**
 * A wait that ends early when poked: a loop sleeps until its poll interval passes or another part
 * of the process says there is work (`wake()`), whichever comes first.
 */
export class Wakeup {
  private waiter: AbortController | null = null;
  private poked = false;

  constructor(private readonly clock: Clock) {}

  wake(): void {
    this.poked = true;
    this.waiter?.abort();
  }

  /** Resolves after `ms`, on `wake()`, or rejects with AbortError when `signal` aborts. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return;
    }
    const waiter = new AbortController();
    this.waiter = waiter;
    const onAbort = () => waiter.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.clock.sleep(ms, waiter.signal);
    } catch (err) {
      if (signal.aborted) throw err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.waiter = null;
      this.poked = false;
    }
  }
}
