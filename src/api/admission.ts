/**
 * Requests enter the handler pipeline a bounded number per turn of the event loop, in arrival order.
 *
 * Why: libuv (Node 20) accepts one connection per turn of the loop, and a turn lasts as long as the work
 * of every request read in it. Under load with hundreds of keep-alive connections a turn grows to tens
 * of milliseconds, so new connections wait in the kernel's accept queue for seconds (measured: a bare
 * `node:http` server took 3.6 s to accept 500 connections that wrk opened at once, and wrk counted the
 * late ones' first requests as timeouts). The same loop also runs SSE heartbeats and, under `decnet up`,
 * every decky's listeners. Handing on only what fits in a short turn keeps turns short, so accepts,
 * other connections and timers get their turn (with it, the API accepted those 500 connections within
 * 0.73 s and wrk saw no timeouts).
 *
 * Nothing is refused here: the queue holds at most one request per open connection (Node's HTTP server
 * reads a connection's next request only after answering the last), and the API server caps its
 * connections and times out idle and slow ones (app.ts).
 */
export class TurnAdmission {
  private waiting: (() => void)[] = [];
  private next = 0;
  private scheduled = false;
  /** Whether the last turn also handed requests on (then its length says what they cost). */
  private chained = false;
  private lastStartMs = 0;
  private lastHanded = 0;
  /** What one handed-on request costs the loop in all, averaged over recent turns (ms). */
  private costMs = INITIAL_COST_MS;

  /**
   * @param turnMs how long a whole turn of the loop should last while requests wait. Handing a request
   *   on runs only its first, synchronous part: its answer (after a database read, say) and the reading
   *   of the connection's next request fall in later turns. So the queue measures what a request costs
   *   the loop in all (turn length over requests handed on, averaged) and hands on as many per turn as
   *   fit in `turnMs`, and at least a few, so it always moves.
   * @param onError told of an exception thrown by a continuation (the queue goes on regardless).
   */
  constructor(
    private readonly turnMs: number,
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
    const start = this.now();
    if (this.chained && this.lastHanded > 0) {
      const sample = (start - this.lastStartMs) / this.lastHanded;
      this.costMs += (sample - this.costMs) * COST_SMOOTHING;
    }
    const quota = Math.max(MIN_PER_TURN, Math.floor(this.turnMs / this.costMs));
    // The first parts alone may not overrun the turn either (a burst of expensive ones).
    const end = start + this.turnMs;
    let handed = 0;
    while (this.next < this.waiting.length && handed < quota) {
      const proceed = this.waiting[this.next++]!;
      try {
        proceed();
      } catch (error) {
        // Fastify's continuation does not throw; if it ever did, the requests behind it still go on.
        this.onError(error);
      }
      // Reading the clock costs about as much as a small request's hook: look every few requests.
      if (++handed % MIN_PER_TURN === 0 && this.now() >= end) break;
    }
    this.lastStartMs = start;
    this.lastHanded = handed;
    if (this.next === this.waiting.length) {
      this.waiting = [];
      this.next = 0;
      this.scheduled = false;
      this.chained = false;
      return;
    }
    if (this.next > COMPACT_AFTER) {
      this.waiting = this.waiting.slice(this.next);
      this.next = 0;
    }
    this.chained = true;
    setImmediate(this.drain);
  };
}

/** Requests handed on per turn at the least (also how often the slice's clock is read). */
const MIN_PER_TURN = 4;
/** Weight of the newest turn in the cost average. */
const COST_SMOOTHING = 0.2;
/** The cost assumed before any turn was measured: a small JSON answer. */
const INITIAL_COST_MS = 0.05;
/** Handed-on entries are dropped from the front of the queue in bulk, not one shift() at a time. */
const COMPACT_AFTER = 1024;
