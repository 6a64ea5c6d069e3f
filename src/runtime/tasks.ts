import { isAbortError } from './clock.js';
import type { Logger } from './logger.js';

export type TaskState = 'running' | 'finished' | 'failed' | 'cancelled';

export interface TaskInfo {
  name: string;
  state: TaskState;
  error?: string;
}

/**
 * Every background loop of a process, tracked: each gets the group's abort signal, its end is recorded,
 * and `cancel()` aborts them all and waits until every one has returned. Nothing outlives shutdown.
 */
export class TaskGroup {
  private readonly controller = new AbortController();
  private readonly tasks = new Map<string, { info: TaskInfo; done: Promise<void> }>();

  constructor(
    private readonly logger: Logger,
    private readonly onFailure?: (task: TaskInfo) => void,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  spawn(name: string, run: (signal: AbortSignal) => Promise<void>): void {
    if (this.tasks.has(name) && this.tasks.get(name)!.info.state === 'running') {
      throw new Error(`task ${name} is already running`);
    }
    const info: TaskInfo = { name, state: 'running' };
    const done = Promise.resolve()
      .then(() => run(this.controller.signal))
      .then(
        () => {
          info.state = this.controller.signal.aborted ? 'cancelled' : 'finished';
        },
        (err: unknown) => {
          if (isAbortError(err) || this.controller.signal.aborted) {
            info.state = 'cancelled';
            return;
          }
          info.state = 'failed';
          info.error = (err as Error)?.message ?? String(err);
          this.logger.error({ task: name, err: info.error }, 'background task failed');
          this.onFailure?.(info);
        },
      );
    this.tasks.set(name, { info, done });
  }

  list(): TaskInfo[] {
    return [...this.tasks.values()].map((t) => ({ ...t.info }));
  }

  /** Aborts every task and resolves once all have returned. */
  async cancel(): Promise<void> {
    this.controller.abort();
    await Promise.all([...this.tasks.values()].map((t) => t.done));
  }
}
