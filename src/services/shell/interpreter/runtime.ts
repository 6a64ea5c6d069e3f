/**
 * What every shell of one session shares: the machine, the filesystem, the commands, the history and
 * the jobs. A subshell or a script gets its own ShellState but the same runtime.
 */
import type { Distro } from '../../../fabric/catalogue/distros.js';
import type { Clock } from '../../../runtime/clock.js';
import type { CommandSpec, Machine, ShellUser, TerminalInfo } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import type { ShellHost } from '../host.js';
import type { ShellLimits } from '../limits.js';
import type { LineBudget } from './budget.js';
import type { ShellDialect } from './dialect.js';
import type { ShellState } from './state.js';

/** The commands a distro ships, found by the path they live at or by name. */
export class CommandTable {
  private readonly paths = new Map<string, CommandSpec>();
  private readonly names = new Map<string, CommandSpec>();

  constructor(specs: readonly CommandSpec[], distro: Distro) {
    for (const spec of specs) {
      if (spec.availableOn && !spec.availableOn(distro)) continue;
      if (!this.paths.has(spec.path)) this.paths.set(spec.path, spec);
      if (!this.names.has(spec.name)) this.names.set(spec.name, spec);
    }
  }

  byPath(path: string): CommandSpec | undefined {
    return this.paths.get(path);
  }

  byName(name: string): CommandSpec | undefined {
    return this.names.get(name);
  }

  get all(): IterableIterator<CommandSpec> {
    return this.names.values();
  }
}

/** Command lines entered so far, oldest first, as text (bounded like HISTSIZE). */
export class History {
  readonly entries: string[] = [];
  /** The number the oldest kept entry had (history numbers keep counting when old ones drop). */
  private base = 1;

  constructor(private readonly max: number) {}

  add(line: string): void {
    this.entries.push(line);
    while (this.entries.length > this.max) {
      this.entries.shift();
      this.base++;
    }
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Removes the entry with this history number; false when there is none. */
  delete(number: number): boolean {
    const index = number - this.base;
    if (index < 0 || index >= this.entries.length) return false;
    this.entries.splice(index, 1);
    return true;
  }

  get firstNumber(): number {
    return this.base;
  }
}

export interface Job {
  id: number;
  pid: number;
  command: string;
  done: boolean;
  status: number;
  /** Whether the interactive shell has printed its `Done` line. */
  reported: boolean;
  finished: Promise<number>;
  budget: LineBudget;
  /**
   * The pid of the background job whose shell started this one; null when the session's own shell did.
   * A background job is a forked shell: it numbers, lists and waits for only the jobs it started.
   */
  parent: number | null;
}

/** Background jobs (`cmd &`), numbered from 1 like bash's job table. */
export class Jobs {
  private readonly list: Job[] = [];

  get running(): number {
    return this.list.filter((j) => !j.done).length;
  }

  add(pid: number, parent: number | null, command: string, budget: LineBudget, run: Promise<number>): Job {
    const id =
      this.list
        .filter((j) => j.parent === parent && (!j.reported || !j.done))
        .reduce((max, j) => Math.max(max, j.id), 0) + 1;
    const job: Job = {
      id,
      pid,
      command,
      done: false,
      status: 0,
      reported: false,
      finished: run,
      budget,
      parent,
    };
    job.finished = run.then((status) => {
      job.done = true;
      job.status = status;
      return status;
    });
    this.list.push(job);
    return job;
  }

  /** Every job not yet reported as done, whoever started it, oldest first. */
  get active(): Job[] {
    return this.list.filter((j) => !j.reported);
  }

  /** The jobs `parent` started (null: the session's shell) not yet reported as done (`jobs`, `wait`). */
  startedBy(parent: number | null): Job[] {
    return this.list.filter((j) => !j.reported && j.parent === parent);
  }

  /** A job named as bash names it (`%1`, `%%`, a pid) among those `parent` started. */
  find(spec: string, parent: number | null): Job | undefined {
    const own = this.startedBy(parent);
    const id = /^%(\d+)$/.exec(spec);
    if (id) return own.find((j) => j.id === Number(id[1]));
    if (spec === '%%' || spec === '%+' || spec === '%') return own.at(-1);
    if (/^\d+$/.test(spec)) return own.find((j) => j.pid === Number(spec));
    return undefined;
  }

  /**
   * The session's finished jobs whose `Done` line is due, marked reported. Finished jobs of a job that
   * has itself finished are dropped with them: nothing can ask for them any more.
   */
  takeFinished(): Job[] {
    const running = new Set(this.list.filter((j) => !j.done).map((j) => j.pid));
    const finished: Job[] = [];
    for (const job of this.list) {
      if (!job.done || job.reported) continue;
      if (job.parent === null) finished.push(job);
      else if (running.has(job.parent)) continue;
      job.reported = true;
    }
    this.prune();
    return finished;
  }

  /** Stops every job (the session ended). */
  stopAll(): void {
    for (const job of this.list) job.budget.stop('closed');
  }

  private prune(): void {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]?.reported) this.list.splice(i, 1);
  }

  /** The marker bash prints after a job number: `+` current, `-` previous. */
  marker(job: Job): string {
    const active = this.list.filter((j) => j.parent === job.parent && (!j.reported || j === job));
    const index = active.indexOf(job);
    if (index === active.length - 1) return '+';
    if (index === active.length - 2) return '-';
    return ' ';
  }
}

export interface ShellRuntime {
  readonly fs: ShellFs;
  readonly machine: Machine;
  readonly host: ShellHost;
  readonly clock: Clock;
  readonly limits: ShellLimits;
  readonly terminal: TerminalInfo;
  readonly dialect: ShellDialect;
  readonly commands: CommandTable;
  readonly history: History;
  readonly jobs: Jobs;
  /** $$ */
  readonly pid: number;
  /** When the session started (SECONDS). */
  readonly startMs: number;
  /** Aborts when the session ends. */
  readonly signal: AbortSignal;
  /** A new process id (background jobs, $!). */
  nextPid(): number;
  /** $RANDOM: 0–32767. */
  random(): number;
  /** Logs an error a command handler threw (never shown to the attacker). */
  internalError(err: unknown): void;
  /** An account by name, for `~user` and `su`. */
  accountFor(name: string): ShellUser | null;
  /** Continues the session as another account (`su`, `sudo -i`); false when there is none. */
  switchUser(state: ShellState, name: string): boolean;
}
