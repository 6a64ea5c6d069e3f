/**
 * Test support for the emulated programs (not shipped: tsconfig.build.json excludes `testing.ts`): a
 * real CommandContext over a real session filesystem on a real decky base tree, with a minimal command
 * runner (words split on blanks with quotes honoured, `|` pipelines) standing in for the interpreter,
 * a clock that moves only when a program sleeps, and a host that records fetches and written files.
 */
import type { CommandContext, CommandSpec, Machine, ShellUser, ShellVariables } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import type { FetchRequest, FetchResult, ShellHost } from '../host.js';
import { machineFor } from '../machine.js';
import { resolvePath } from '../path.js';
import { accountFor } from '../vfs/accounts.js';
import { type BaseTree, baseTreeFor } from '../vfs/base-tree.js';
import { createSessionFs, type SessionFsLimits } from '../vfs/session-fs.js';
import { COMMANDS } from './index.js';

export interface TestShellOptions {
  distro?: string;
  archetype?: string | null;
  /** Account the session starts as (default root). */
  user?: string;
  /** Epoch milliseconds the clock starts at. */
  now?: number;
  fetch?: (request: FetchRequest) => Promise<FetchResult>;
  tty?: boolean;
  columns?: number;
  env?: Record<string, string>;
  limits?: Partial<SessionFsLimits>;
  /** Reuse a base tree (to test two sessions over one decky). */
  base?: BaseTree;
  hostname?: string;
  ip?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** The default test decky: a web server in a private /24, seeded like a fabric decky. */
export function testMachine(
  distro = 'ubuntu22',
  archetype: string | null = 'web-server',
  now = TEST_NOW,
  extra: { hostname?: string; ip?: string } = {},
): Machine {
  return machineFor(
    {
      name: 'decky-07',
      hostname: extra.hostname ?? 'web-01',
      ip: extra.ip ?? '10.20.30.17',
      distro,
      osProfile: distro === 'busybox' ? 'embedded' : 'linux',
      archetype,
      seed: 0x5eed_1234,
    },
    now,
  );
}

/** 2026-01-10 12:00:00 UTC. */
export const TEST_NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

const BASES = new Map<string, BaseTree>();

function sharedBase(
  distro: string,
  archetype: string | null,
  now: number,
  extra: { hostname?: string; ip?: string },
): BaseTree {
  const key = `${distro}:${archetype}:${now}:${extra.hostname}:${extra.ip}`;
  let base = BASES.get(key);
  if (!base) {
    base = baseTreeFor(testMachine(distro, archetype, now, extra), COMMANDS);
    BASES.set(key, base);
  }
  return base;
}

class Variables implements ShellVariables {
  private readonly values = new Map<string, string>();
  private readonly exportedNames = new Set<string>();

  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  unset(name: string): void {
    this.values.delete(name);
    this.exportedNames.delete(name);
  }
  export(name: string, value?: string): void {
    if (value !== undefined) this.values.set(name, value);
    this.exportedNames.add(name);
  }
  exported(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const name of this.exportedNames) {
      const v = this.values.get(name);
      if (v !== undefined) out.set(name, v);
    }
    return out;
  }
}

/** Splits a command line into words (single and double quotes, backslashes) and `|` stages. */
export function splitPipeline(line: string): string[][] {
  const stages: string[][] = [[]];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (
        c === '\\' &&
        quote === '"' &&
        (line[i + 1] === '"' || line[i + 1] === '\\' || line[i + 1] === '$')
      )
        word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '|') {
      if (inWord) stages[stages.length - 1]!.push(word);
      word = '';
      inWord = false;
      if (c === '|') stages.push([]);
      continue;
    }
    word += c;
    inWord = true;
  }
  if (inWord) stages[stages.length - 1]!.push(word);
  return stages.filter((s) => s.length > 0);
}

export class TestShell {
  readonly machine: Machine;
  readonly base: BaseTree;
  readonly fs: ShellFs;
  user!: ShellUser;
  cwd: string;
  readonly env = new Variables();
  readonly history: string[] = [];
  readonly fetches: FetchRequest[] = [];
  readonly written: Array<{ path: string; content: Buffer }> = [];
  exitCode: number | null = null;
  now: number;
  private readonly options: TestShellOptions;

  constructor(options: TestShellOptions = {}) {
    this.options = options;
    this.now = options.now ?? TEST_NOW;
    const extra = { hostname: options.hostname, ip: options.ip };
    this.base =
      options.base ??
      sharedBase(
        options.distro ?? 'ubuntu22',
        options.archetype === undefined ? 'web-server' : options.archetype,
        this.now,
        extra,
      );
    this.machine = this.base.machine;
    this.fs = createSessionFs(this.base, {
      clock: { now: () => this.now },
      onFileWritten: (path, content) => this.written.push({ path, content }),
      // Root until the session's account is known (the lookup below reads /etc/passwd as root).
      user: () =>
        this.user
          ? { uid: this.user.uid, gid: this.user.gid, groups: this.user.groups.map((g) => g.gid) }
          : { uid: 0, gid: 0 },
      limits: options.limits,
      random: (n) => Buffer.alloc(n, 0x5a),
    });
    const user = accountFor(this.fs, options.user ?? 'root');
    if (!user) throw new Error(`test shell: no account ${options.user}`);
    this.user = user;
    this.cwd = user.home;
    this.setUserEnv();
    this.env.export(
      'PATH',
      user.uid === 0
        ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
        : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games',
    );
    this.env.export('SHELL', user.shell);
    this.env.export('TERM', 'xterm-256color');
    this.env.export('SSH_CLIENT', '203.0.113.5 51514 22');
    this.env.export('SSH_CONNECTION', `203.0.113.5 51514 ${this.machine.network.ip} 22`);
    for (const [k, v] of Object.entries(options.env ?? {})) this.env.export(k, v);
  }

  private setUserEnv(): void {
    this.env.export('USER', this.user.name);
    this.env.export('LOGNAME', this.user.name);
    this.env.export('HOME', this.user.home);
  }

  /** Runs a command line (or one argv) and collects its output. */
  async run(line: string | readonly string[], stdin: string | Buffer = ''): Promise<RunResult> {
    if (typeof line === 'string') this.history.push(line);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const status = await this.execute(
      line,
      typeof stdin === 'string' ? Buffer.from(stdin) : stdin,
      (d) => out.push(Buffer.from(d)),
      (d) => err.push(Buffer.from(d)),
      true,
    );
    return {
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
      status,
    };
  }

  private async execute(
    line: string | readonly string[],
    stdin: Buffer,
    stdout: (d: string | Buffer) => void,
    stderr: (d: string | Buffer) => void,
    isTerminal: boolean,
  ): Promise<number> {
    const stages = typeof line === 'string' ? splitPipeline(line) : [[...line]];
    let input = stdin;
    let status = 0;
    for (let i = 0; i < stages.length; i++) {
      const last = i === stages.length - 1;
      const chunks: Buffer[] = [];
      const write = last ? stdout : (d: string | Buffer) => chunks.push(Buffer.from(d));
      status = await this.runOne(
        stages[i]!,
        input,
        write,
        stderr,
        last && isTerminal && (this.options.tty ?? true),
      );
      input = Buffer.concat(chunks);
    }
    return status;
  }

  private async runOne(
    argv: string[],
    stdin: Buffer,
    stdout: (d: string | Buffer) => void,
    stderr: (d: string | Buffer) => void,
    tty: boolean,
  ): Promise<number> {
    const name = argv[0]!;
    if (name === 'cd') {
      try {
        this.chdir(argv[1] ?? this.user.home);
        return 0;
      } catch {
        stderr(`-bash: cd: ${argv[1]}: No such file or directory\n`);
        return 1;
      }
    }
    const spec = this.find(name);
    if (!spec) {
      stderr(`-bash: ${name}: command not found\n`);
      return 127;
    }
    return spec.run(this.context(argv, stdin, stdout, stderr, tty));
  }

  /** The program a name runs, as the interpreter would find it (a path's basename, then the registry). */
  find(name: string): CommandSpec | undefined {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const spec = COMMANDS.find((c) => c.name === base);
    if (!spec) return undefined;
    if (spec.availableOn && !spec.availableOn(this.machine.distro)) return undefined;
    if (name.includes('/')) return this.fs.stat(resolvePath(this.cwd, name)) ? spec : undefined;
    return this.which(base) ? spec : undefined;
  }

  which(name: string): string | null {
    for (const dir of (this.env.get('PATH') ?? '').split(':')) {
      if (!dir) continue;
      const path = `${dir}/${name}`;
      try {
        const st = this.fs.stat(path);
        if (st && st.type !== 'dir' && st.mode & 0o111) return path;
      } catch {
        // Unreadable directory in PATH: keep looking, as bash does.
      }
    }
    return null;
  }

  chdir(path: string): void {
    const target = resolvePath(this.cwd, path);
    const st = this.fs.stat(target);
    if (!st) throw new Error('ENOENT');
    this.cwd = target;
  }

  context(
    argv: string[],
    stdin: Buffer,
    stdout: (d: string | Buffer) => void,
    stderr: (d: string | Buffer) => void,
    tty = true,
  ): CommandContext {
    const host: ShellHost = {
      commandEntered: () => {},
      fileWritten: (path, content) => this.written.push({ path, content }),
      fetch: async (request) => {
        this.fetches.push(request);
        return this.options.fetch ? this.options.fetch(request) : { ok: false, error: 'unresolved' };
      },
    };
    const shell = this;
    return {
      argv,
      stdin,
      stdout,
      stderr,
      fs: this.fs,
      get cwd() {
        return shell.cwd;
      },
      chdir: (path) => this.chdir(path),
      env: this.env,
      get user() {
        return shell.user;
      },
      machine: this.machine,
      host,
      terminal: { isTty: tty, columns: this.options.columns ?? 80, rows: 24, term: 'xterm-256color' },
      history: this.history,
      clock: {
        now: () => this.now,
        sleep: async (ms) => {
          this.now += ms;
        },
      },
      signal: new AbortController().signal,
      sleep: async (ms) => {
        this.now += ms;
      },
      run: (line, options) => this.execute(line, options?.stdin ?? Buffer.alloc(0), stdout, stderr, false),
      which: (name) => this.which(name),
      switchUser: (name) => {
        const user = accountFor(this.fs, name);
        if (!user) return false;
        this.user = user;
        this.setUserEnv();
        return true;
      },
      exit: (code) => {
        this.exitCode = code;
      },
    };
  }
}

export function testShell(options: TestShellOptions = {}): TestShell {
  return new TestShell(options);
}
