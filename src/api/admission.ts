/**
 * Requests enter the handler pipeline in slices of at most a few milliseconds per turn of the event loop.
 *
 * Why: libuv (Node 20) accepts one connection per turn of the loop, and a turn lasts as long as the work
 * of every request read in it. Under load with hundreds of keep-alive connections a turn grows to tens
 * of milliseconds, so new connections wait in the kernel's accept queue for seconds (measured: a bare
 * `node:http` server took 3.6 s to accept 500 connections that wrk opened at once, and wrk counted the
 * late ones' first requests as timeouts). The same loop also runs SSE heartbeats and, under `decnet up`,
 * every decky's listeners. Handing requests on in short slices keeps each turn short, so accepts, other
 * connections and timers get their turn, while the requests themselves go on in arrival order.
 *
 * Nothing is refused here: the queue holds at most one request per open connection (Node's HTTP server
 * reads a connection's next request only after answering the last), and connections have their limits
 * and timeouts where they are accepted.
 */
export class TurnAdmission {
  private waiting: (() => void)[] = [];
  private next = 0;
  private scheduled = false;

  /**
   * @param sliceMs how long one turn may spend handing on requests; the slice is checked every few
   *   requests, so a turn can run over by a few requests' synchronous work.
   * @param onError told of an exception thrown by a continuation (the queue goes on regardless).
   */
  constructor(
    private readonly sliceMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Calls `proceed` in this turn's slice or a later one, after every request admitted before it. */
  admit(proceed: () => void): void {
    this.waiting.push(proceed);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  /** Requests admitted and not yet handed on. */
  get pending(): number {
    return this.waiting.length - this.next;
  }

  private readonly drain = (): void => {
    const end = this.now() + this.sliceMs;
    let handed = 0;
    while (this.next < this.waiting.length) {
      const proceed = this.waiting[this.next++]!;
      try {
        proceed();
      } catch (error) {
        // Fastify's continuation does not throw; if it ever did, the requests behind it still go on.
        this.onError(error);
      }
      // Reading the clock costs about as much as a small request's hook: look every few requests.
      if (++handed % CLOCK_EVERY === 0 && this.now() >= end) break;
    }
    if (this.next === this.waiting.length) {
      this.waiting = [];
      this.next = 0;
      this.scheduled = false;
      return;
    }
    if (this.next > COMPACT_AFTER) {
      this.waiting = this.waiting.slice(this.next);
      this.next = 0;
    }
    setImmediate(this.drain);
  };
}

const CLOCK_EVERY = 4;
/** Handed-on entries are dropped from the front of the queue in bulk, not one shift() at a time. */
const COMPACT_AFTER = 1024;
