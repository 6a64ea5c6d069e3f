import type { Logger } from './logger.js';
import { TaskGroup, type TaskInfo } from './tasks.js';

export type ComponentState = 'starting' | 'up' | 'failed' | 'stopping' | 'stopped';

export interface ComponentHealth {
  state: ComponentState;
  detail?: string;
}

/** What a role gets to run with: the process's task group (for its loops) and a way to report health. */
export interface RoleContext {
  tasks: TaskGroup;
  logger: Logger;
  /** Later readiness (an initial deploy, a catch-up) can flip a role between `starting` and `up`. */
  report(state: ComponentState, detail?: string): void;
}

/**
 * A part of DECNET that runs in a process: fabric, ingest, a worker, the API. `start` resolves once the
 * role is ready (or throws, which stops start-up); long-running loops go in `ctx.tasks`.
 */
export interface Role {
  readonly name: string;
  start(ctx: RoleContext): Promise<void>;
  /** Called after the task group has been cancelled, in reverse start order. */
  stop?(): Promise<void>;
}

export interface Health {
  status: 'starting' | 'ok' | 'degraded' | 'stopping';
  components: Record<string, ComponentHealth>;
  tasks: TaskInfo[];
}

/** Starts roles in order, stops them in reverse, and knows the health of each. */
export class Supervisor {
  readonly tasks: TaskGroup;
  private readonly roles: Role[] = [];
  private readonly started: Role[] = [];
  private readonly components = new Map<string, ComponentHealth>();
  /** Roles that become ready after `start` resolves, by reporting `up` themselves. */
  private readonly deferred = new Set<string>();
  private stopping = false;
  private stopped: Promise<void> | null = null;

  constructor(private readonly logger: Logger) {
    this.tasks = new TaskGroup(logger, (task) => {
      const owner = task.name.split(':')[0]!;
      if (this.components.has(owner))
        this.components.set(owner, { state: 'failed', detail: `${task.name}: ${task.error}` });
    });
  }

  get roleNames(): string[] {
    return this.roles.map((r) => r.name);
  }

  add(role: Role): this {
    if (this.roles.some((r) => r.name === role.name)) throw new Error(`role ${role.name} added twice`);
    this.roles.push(role);
    this.components.set(role.name, { state: 'starting' });
    return this;
  }

  /** Starts every role in order. If one fails, the ones already started are stopped and the error thrown. */
  async start(): Promise<void> {
    for (const role of this.roles) {
      if (this.stopping) return;
      const ctx: RoleContext = {
        tasks: this.tasks,
        logger: this.logger.child({ role: role.name }),
        report: (state, detail) => this.components.set(role.name, detail ? { state, detail } : { state }),
      };
      try {
        await role.start(ctx);
        this.started.push(role);
        if (this.components.get(role.name)?.state === 'starting' && !this.deferred.has(role.name)) {
          this.components.set(role.name, { state: 'up' });
        }
      } catch (err) {
        this.components.set(role.name, { state: 'failed', detail: (err as Error).message });
        await this.stop();
        throw err;
      }
    }
  }

  /** Marks a role as becoming ready later through `ctx.report('up')` (e.g. after an initial deploy). */
  defersReadiness(roleName: string): this {
    this.deferred.add(roleName);
    return this;
  }

  /** Cancels every task, then stops started roles in reverse order. Idempotent. */
  stop(): Promise<void> {
    if (!this.stopped) this.stopped = this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    this.stopping = true;
    for (const [name, c] of this.components)
      if (c.state !== 'failed') this.components.set(name, { state: 'stopping' });
    await this.tasks.cancel();
    for (const role of [...this.started].reverse()) {
      try {
        await role.stop?.();
        if (this.components.get(role.name)?.state !== 'failed')
          this.components.set(role.name, { state: 'stopped' });
      } catch (err) {
        this.logger.error({ role: role.name, err: (err as Error).message }, 'role failed to stop cleanly');
      }
    }
  }

  health(): Health {
    const components = Object.fromEntries(this.components);
    const states = Object.values(components).map((c) => c.state);
    let status: Health['status'];
    if (this.stopping) status = 'stopping';
    else if (states.includes('failed')) status = 'degraded';
    else if (states.every((s) => s === 'up')) status = 'ok';
    else status = 'starting';
    return { status, components, tasks: this.tasks.list() };
  }
}
