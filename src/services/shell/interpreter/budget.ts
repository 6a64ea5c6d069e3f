/**
 * What one command line may spend (SHELL_LIMITS): steps, wall time, expansion bytes and output bytes.
 * Every loop iteration, command and function call takes a step; past any bound the line is stopped by
 * throwing LineStop, which unwinds to the line's top and never leaves the session.
 */
import type { Clock } from '../../../runtime/clock.js';
import type { ShellLimits } from '../limits.js';
import type { OutputSink } from './io.js';

export type StopReason = 'interrupt' | 'limit' | 'closed';

/** Thrown (not an Error: nothing should catch it by accident) to unwind a stopped command line. */
export class LineStop {
  constructor(readonly reason: StopReason) {}
}

/** How many steps run between turns given back to the event loop (other sessions, Ctrl-C, timers). */
const STEPS_PER_TURN = 512;

export class LineBudget {
  private steps = 0;
  private expanded = 0;
  private matched = 0;
  private written = 0;
  private reason: StopReason | null = null;
  private readonly controller = new AbortController();
  private readonly timer = new AbortController();
  readonly deadline: number;

  constructor(
    readonly limits: ShellLimits,
    private readonly clock: Clock,
    /** The session's signal: closing the connection stops the line. */
    parent?: AbortSignal,
  ) {
    this.deadline = clock.now() + limits.maxWallMsPerLine;
    if (parent) {
      if (parent.aborted) this.stop('closed');
      else
        parent.addEventListener('abort', () => this.stop('closed'), {
          once: true,
          signal: this.timer.signal,
        });
    }
    clock.sleep(limits.maxWallMsPerLine, this.timer.signal).then(
      () => this.stop('limit'),
      () => {},
    );
  }

  /** Aborts when the line is stopped (Ctrl-C, a bound, the connection closing). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopped(): StopReason | null {
    return this.reason;
  }

  get remainingMs(): number {
    return Math.max(0, this.deadline - this.clock.now());
  }

  stop(reason: StopReason): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller.abort();
    this.timer.abort();
  }

  /** Releases the deadline timer (the line finished). */
  dispose(): void {
    this.timer.abort();
  }

  /** Throws LineStop when the line has been stopped. */
  check(): void {
    if (this.reason !== null) throw new LineStop(this.reason);
  }

  /** One step; now and then a turn of the event loop so a busy loop cannot starve the process. */
  async step(): Promise<void> {
    this.check();
    this.steps++;
    if (this.steps > this.limits.maxStepsPerLine || this.clock.now() > this.deadline) this.stop('limit');
    if (this.steps % STEPS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }

  /** Counts bytes produced by expansion; stops the line past the bound. */
  chargeExpansion(bytes: number): void {
    this.expanded += bytes;
    if (this.expanded > this.limits.maxExpansionBytesPerLine) {
      this.stop('limit');
      this.check();
    }
  }

  /** Counts pattern-matching work (positions visited); stops the line past the bound. */
  chargeMatching(units: number): void {
    this.matched += units;
    if (this.matched > this.limits.maxMatchStepsPerLine) {
      this.stop('limit');
      this.check();
    }
  }

  /** A sink to the terminal (or the exec channel) that drops what passes the line's output bound. */
  outputTo(target: OutputSink): OutputSink {
    return {
      write: (data) => {
        if (this.reason !== null) return;
        const room = this.limits.maxOutputBytesPerLine - this.written;
        if (room <= 0) {
          this.stop('limit');
          return;
        }
        if (data.length > room) {
          target.write(data.subarray(0, room));
          this.written = this.limits.maxOutputBytesPerLine;
          this.stop('limit');
          return;
        }
        this.written += data.length;
        target.write(data);
      },
    };
  }
}
