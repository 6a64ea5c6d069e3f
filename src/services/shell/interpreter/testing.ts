/**
 * Test support (not shipped: tsconfig.build.json excludes `testing.ts`): a small in-memory ShellFs,
 * a recording ShellHost, a Machine and users, so the interpreter's tests run without the real virtual
 * filesystem.
 */
import { PassThrough } from 'node:stream';
import { DISTROS, type Distro } from '../../../fabric/catalogue/distros.js';
import { type Clock, ManualClock } from '../../../runtime/clock.js';
import { testPersona } from '../../testing.js';
import type { CommandContext, CommandSpec, Machine, ShellUser, TerminalInfo } from '../command.js';
import { type FileStat, type FileType, FS_ERROR_TEXT, type ShellFs, ShellFsError } from '../filesystem.js';
import type { FetchResult, ShellHost } from '../host.js';
import type { ShellLimits } from '../limits.js';
import { basename, dirname, resolvePath } from '../path.js';
import { ShellSession } from '../session.js';

interface Node {
  type: FileType;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
  ino: number;
  content?: Buffer;
  target?: string;
  children?: Map<string, Node>;
}

const MAX_SYMLINK_HOPS = 40;

/** A Map-based ShellFs: enough POSIX for the interpreter's tests (no quotas, no permissions enforced). */
export class MemoryFs implements ShellFs {
  private readonly root: Node;
  private nextIno = 2;
  readonly writes: Array<{ path: string; data: Buffer; append: boolean }> = [];

  constructor(private readonly now: () => number = () => Date.UTC(2026, 0, 1)) {
    this.root = this.node('dir', 0o755);
  }

  private node(type: FileType, mode: number, uid = 0, gid = 0): Node {
    const n: Node = { type, mode, uid, gid, mtimeMs: this.now(), ino: this.nextIno++ };
    if (type === 'dir') n.children = new Map();
    return n;
  }

  /** Walks to `path`, following symlinks (the last one too when `followLast`). */
  private lookup(path: string, followLast: boolean, hops = 0): Node | null {
    if (hops > MAX_SYMLINK_HOPS) throw new ShellFsError('ELOOP', path);
    const parts = path.split('/').filter((p) => p !== '');
    let current = this.root;
    let walked = '';
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i] as string;
      if (current.type !== 'dir') return null;
      const child = current.children?.get(name);
      if (!child) return null;
      const last = i === parts.length - 1;
      if (child.type === 'symlink' && (!last || followLast)) {
        const target = child.target ?? '';
        const base = target.startsWith('/') ? target : `${walked}/${target}`;
        const rest = parts.slice(i + 1).join('/');
        return this.lookup(normalise(rest ? `${base}/${rest}` : base), followLast, hops + 1);
      }
      walked += `/${name}`;
      current = child;
    }
    return current;
  }

  private statOf(n: Node): FileStat {
    const stat: FileStat = {
      type: n.type,
      mode: n.mode,
      uid: n.uid,
      gid: n.gid,
      size: n.type === 'dir' ? 4096 : (n.content?.length ?? n.target?.length ?? 0),
      mtimeMs: n.mtimeMs,
      nlink: n.type === 'dir' ? 2 : 1,
      ino: n.ino,
    };
    if (n.target !== undefined) stat.target = n.target;
    return stat;
  }

  private parentOf(path: string): Node {
    const parent = this.lookup(dirname(path), true);
    if (!parent) throw new ShellFsError('ENOENT', path);
    if (parent.type !== 'dir') throw new ShellFsError('ENOTDIR', path);
    return parent;
  }

  stat(path: string): FileStat | null {
    const n = this.lookup(path, true);
    return n ? this.statOf(n) : null;
  }

  lstat(path: string): FileStat | null {
    const n = this.lookup(path, false);
    return n ? this.statOf(n) : null;
  }

  readFile(path: string): Buffer {
    const n = this.lookup(path, true);
    if (!n) throw new ShellFsError('ENOENT', path);
    if (n.type === 'dir') throw new ShellFsError('EISDIR', path);
    return n.content ?? Buffer.alloc(0);
  }

  writeFile(path: string, data: Buffer, options: { append?: boolean; mode?: number } = {}): void {
    const existing = this.lookup(path, true);
    if (existing?.type === 'dir') throw new ShellFsError('EISDIR', path);
    this.writes.push({ path, data, append: options.append ?? false });
    if (existing) {
      existing.content = options.append ? Buffer.concat([existing.content ?? Buffer.alloc(0), data]) : data;
      existing.mtimeMs = this.now();
      return;
    }
    const parent = this.parentOf(path);
    const file = this.node('file', options.mode ?? 0o644);
    file.content = data;
    parent.children?.set(basename(path), file);
  }

  readdir(path: string): string[] {
    const n = this.lookup(path, true);
    if (!n) throw new ShellFsError('ENOENT', path);
    if (n.type !== 'dir') throw new ShellFsError('ENOTDIR', path);
    return [...(n.children?.keys() ?? [])].sort();
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): void {
    if (options.parents) {
      let walked = '';
      for (const part of path.split('/').filter((p) => p !== '')) {
        walked += `/${part}`;
        const n = this.lookup(walked, true);
        if (!n) this.mkdir(walked, { mode: options.mode ?? 0o755 });
        else if (n.type !== 'dir') throw new ShellFsError('ENOTDIR', walked);
      }
      return;
    }
    if (this.lookup(path, false)) throw new ShellFsError('EEXIST', path);
    this.parentOf(path).children?.set(basename(path), this.node('dir', options.mode ?? 0o755));
  }

  remove(path: string, options: { recursive?: boolean } = {}): void {
    const n = this.lookup(path, false);
    if (!n) throw new ShellFsError('ENOENT', path);
    if (n.type === 'dir' && (n.children?.size ?? 0) > 0 && !options.recursive) {
      throw new ShellFsError('ENOTEMPTY', path);
    }
    this.parentOf(path).children?.delete(basename(path));
  }

  rename(from: string, to: string): void {
    const n = this.lookup(from, false);
    if (!n) throw new ShellFsError('ENOENT', from);
    this.parentOf(to).children?.set(basename(to), n);
    this.parentOf(from).children?.delete(basename(from));
  }

  chmod(path: string, mode: number): void {
    const n = this.lookup(path, true);
    if (!n) throw new ShellFsError('ENOENT', path);
    n.mode = mode & 0o7777;
  }

  chown(path: string, uid: number, gid: number): void {
    const n = this.lookup(path, true);
    if (!n) throw new ShellFsError('ENOENT', path);
    n.uid = uid;
    n.gid = gid;
  }

  symlink(target: string, path: string): void {
    if (this.lookup(path, false)) throw new ShellFsError('EEXIST', path);
    const link = this.node('symlink', 0o777);
    link.target = target;
    this.parentOf(path).children?.set(basename(path), link);
  }

  realpath(path: string): string {
    const parts = path.split('/').filter((p) => p !== '');
    let resolved = '';
    for (let i = 0; i < parts.length; i++) {
      const candidate = `${resolved}/${parts[i]}`;
      const n = this.lookup(candidate, false);
      if (!n) throw new ShellFsError('ENOENT', path);
      if (n.type === 'symlink') {
        const target = n.target ?? '';
        resolved = this.realpath(normalise(target.startsWith('/') ? target : `${resolved}/${target}`));
        resolved = resolved === '/' ? '' : resolved;
      } else resolved = candidate;
    }
    return resolved === '' ? '/' : resolved;
  }

  utimes(path: string, mtimeMs: number): void {
    const n = this.lookup(path, true);
    if (!n) throw new ShellFsError('ENOENT', path);
    n.mtimeMs = mtimeMs;
  }

  // Test conveniences.

  /** Creates a file (and its parents). */
  put(path: string, content: string | Buffer, mode = 0o644, uid = 0, gid = 0): this {
    this.mkdir(dirname(path), { parents: true });
    this.writeFile(path, typeof content === 'string' ? Buffer.from(content) : content, { mode });
    const n = this.lookup(path, true) as Node;
    n.mode = mode;
    n.uid = uid;
    n.gid = gid;
    this.writes.length = 0;
    return this;
  }

  dir(path: string, mode = 0o755, uid = 0, gid = 0): this {
    this.mkdir(path, { parents: true });
    const n = this.lookup(path, true) as Node;
    n.mode = mode;
    n.uid = uid;
    n.gid = gid;
    return this;
  }

  text(path: string): string {
    return this.readFile(path).toString('utf8');
  }
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export const ROOT: ShellUser = {
  name: 'root',
  uid: 0,
  gid: 0,
  home: '/root',
  shell: '/bin/bash',
  groups: [{ name: 'root', gid: 0 }],
};

export const ADMIN: ShellUser = {
  name: 'admin',
  uid: 1000,
  gid: 1000,
  home: '/home/admin',
  shell: '/bin/bash',
  groups: [
    { name: 'admin', gid: 1000 },
    { name: 'sudo', gid: 27 },
  ],
};

export function distro(name: string): Distro {
  const found = DISTROS.find((d) => d.name === name);
  if (!found) throw new Error(`no distro ${name} in the catalogue`);
  return found;
}

export function testMachine(distroName = 'ubuntu22', hostname = 'web-01'): Machine {
  const d = distro(distroName);
  return {
    persona: testPersona({ distro: d.name, hostname, osProfile: d.osProfile }),
    distro: d,
    hostname,
    bootMs: Date.UTC(2025, 11, 1),
    cpu: {
      model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz',
      vendor: 'GenuineIntel',
      cores: 2,
      mhz: 2400,
      cacheKiB: 35840,
      flags: 'fpu vme de pse',
    },
    memoryKiB: 4_028_440,
    disk: { device: '/dev/sda1', blocks: 41_152_736, usedBlocks: 9_876_544 },
    network: {
      iface: 'eth0',
      ip: '10.0.0.5',
      prefixLength: 24,
      mac: '52:54:00:12:34:56',
      gateway: '10.0.0.1',
    },
  };
}

/** A ShellHost that records what the shell reports and refuses every download. */
export class RecordingHost implements ShellHost {
  readonly commands: Array<{ line: string; cwd: string; user: string; uid: number }> = [];
  readonly files: Array<{ path: string; content: Buffer }> = [];
  readonly fetches: string[] = [];

  commandEntered(line: string, state: { cwd: string; user: string; uid: number }): void {
    this.commands.push({ line, ...state });
  }

  fileWritten(path: string, content: Buffer): void {
    this.files.push({ path, content });
  }

  async fetch(request: { url: string; tool: string }): Promise<FetchResult> {
    this.fetches.push(request.url);
    return { ok: false, error: 'refused' };
  }
}

/** A filesystem laid out like a small Linux install, with a file at each command's path. */
export function seededFs(
  commands: readonly CommandSpec[] = [],
  users: readonly ShellUser[] = [ROOT, ADMIN],
): MemoryFs {
  const fs = new MemoryFs();
  for (const d of [
    '/bin',
    '/sbin',
    '/usr/bin',
    '/usr/sbin',
    '/usr/local/bin',
    '/usr/local/sbin',
    '/etc',
    '/var/log',
  ]) {
    fs.dir(d);
  }
  fs.dir('/tmp', 0o1777);
  fs.dir('/dev');
  fs.put('/dev/null', '', 0o666);
  for (const user of users) fs.dir(user.home, 0o750, user.uid, user.gid);
  fs.put(
    '/etc/passwd',
    users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${u.shell}\n`).join(''),
  );
  fs.put('/etc/hostname', 'web-01\n');
  for (const command of commands) fs.put(command.path, '\x7fELF\x02\x01\x01\0\0\0', 0o755);
  return fs;
}

// ---- stub commands: just enough of each program for the interpreter's tests ----------------------

function files(ctx: CommandContext, name: string): Buffer | null {
  const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
  if (args.length === 0) return ctx.stdin;
  const out: Buffer[] = [];
  let failed = false;
  for (const arg of args) {
    if (arg === '-') {
      out.push(ctx.stdin);
      continue;
    }
    try {
      out.push(ctx.fs.readFile(resolvePath(ctx.cwd, arg)));
    } catch (err) {
      if (!(err instanceof ShellFsError)) throw err;
      ctx.stderr(`${name}: ${arg}: ${FS_ERROR_TEXT[err.code]}\n`);
      failed = true;
    }
  }
  const data = Buffer.concat(out);
  return failed && data.length === 0 ? null : data;
}

function lines(data: Buffer): string[] {
  const text = data.toString('utf8');
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export const STUB_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'cat',
    path: '/bin/cat',
    run(ctx) {
      const data = files(ctx, 'cat');
      if (data) ctx.stdout(data);
      return data ? 0 : 1;
    },
  },
  {
    name: 'grep',
    path: '/bin/grep',
    run(ctx) {
      const [pattern = '', ...rest] = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
      const invert = ctx.argv.includes('-v');
      const data =
        rest.length > 0
          ? Buffer.concat(rest.map((f) => ctx.fs.readFile(resolvePath(ctx.cwd, f))))
          : ctx.stdin;
      const found = lines(data).filter((l) => l.includes(pattern) !== invert);
      for (const l of found) ctx.stdout(`${l}\n`);
      return found.length > 0 ? 0 : 1;
    },
  },
  {
    name: 'uname',
    path: '/bin/uname',
    run(ctx) {
      const d = ctx.machine.distro;
      const fields: Record<string, string> = {
        s: 'Linux',
        n: ctx.machine.hostname,
        r: d.kernel,
        v: d.kernelVersion,
        m: d.arch,
        o: 'GNU/Linux',
      };
      const flags = ctx.argv.slice(1).join('').replace(/-/g, '');
      const wanted = flags === '' ? 's' : flags.includes('a') ? 'snrvmo' : flags;
      ctx.stdout(
        `${[...'snrvmo']
          .filter((f) => wanted.includes(f))
          .map((f) => fields[f])
          .join(' ')}\n`,
      );
      return 0;
    },
  },
  {
    name: 'wc',
    path: '/usr/bin/wc',
    run(ctx) {
      ctx.stdout(`${lines(ctx.stdin).length}\n`);
      return 0;
    },
  },
  {
    name: 'head',
    path: '/usr/bin/head',
    run(ctx) {
      const n = Number(
        /^-n?(\d+)$/.exec(ctx.argv[1] ?? '')?.[1] ?? (ctx.argv[1] === '-n' ? ctx.argv[2] : '10'),
      );
      for (const l of lines(ctx.stdin).slice(0, n)) ctx.stdout(`${l}\n`);
      return 0;
    },
  },
  {
    name: 'sleep',
    path: '/bin/sleep',
    async run(ctx) {
      await ctx.sleep(Number(ctx.argv[1] ?? '0') * 1000);
      return 0;
    },
  },
  {
    name: 'yes',
    path: '/usr/bin/yes',
    run(ctx) {
      const line = `${ctx.argv[1] ?? 'y'}\n`.repeat(512);
      while (!ctx.signal.aborted) ctx.stdout(line);
      return 141;
    },
  },
  {
    name: 'hang',
    path: '/usr/bin/hang',
    run: () => new Promise<number>(() => {}),
  },
  {
    name: 'boom',
    path: '/usr/bin/boom',
    run() {
      throw new Error('secret internal detail');
    },
  },
  {
    name: 'busybox',
    path: '/bin/busybox',
    async run(ctx) {
      const applet = basename(ctx.argv[0] ?? '') === 'busybox' ? ctx.argv[1] : basename(ctx.argv[0] ?? '');
      if (applet === undefined) {
        ctx.stdout('BusyBox v1.36.1 multi-call binary.\n');
        return 0;
      }
      if (basename(ctx.argv[0] ?? '') === 'busybox') return ctx.run(ctx.argv.slice(1));
      ctx.stdout(`busybox ${applet}\n`);
      return 0;
    },
  },
  {
    name: 'sh',
    path: '/bin/sh',
    run(ctx) {
      if (ctx.argv[1] === '-c') return ctx.run(ctx.argv[2] ?? '', { stdin: ctx.stdin });
      return ctx.run(ctx.stdin.toString('utf8'));
    },
  },
  {
    name: 'sudo',
    path: '/usr/bin/sudo',
    run: (ctx) => ctx.run(ctx.argv.slice(1), { stdin: ctx.stdin }),
  },
  {
    name: 'su',
    path: '/bin/su',
    run(ctx) {
      const name = ctx.argv.slice(1).find((a) => !a.startsWith('-')) ?? 'root';
      if (ctx.switchUser(name)) return 0;
      ctx.stderr(
        `su: user ${name} does not exist or the user entry does not contain all the required fields\n`,
      );
      return 1;
    },
  },
  {
    name: 'whoami',
    path: '/usr/bin/whoami',
    run(ctx) {
      ctx.stdout(`${ctx.user.name}\n`);
      return 0;
    },
  },
  {
    name: 'printenv',
    path: '/usr/bin/printenv',
    run(ctx) {
      const name = ctx.argv[1];
      if (name !== undefined) {
        const value = ctx.env.get(name);
        if (value === undefined) return 1;
        ctx.stdout(`${value}\n`);
        return 0;
      }
      for (const [k, v] of ctx.env.exported()) ctx.stdout(`${k}=${v}\n`);
      return 0;
    },
  },
  {
    name: 'ls',
    path: '/bin/ls',
    run(ctx) {
      const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
      for (const arg of args.length > 0 ? args : ['.']) {
        const path = resolvePath(ctx.cwd, arg);
        const stat = ctx.fs.stat(path);
        if (!stat) {
          ctx.stderr(`ls: cannot access '${arg}': No such file or directory\n`);
          return 2;
        }
        if (stat.type === 'dir') ctx.stdout(`${ctx.fs.readdir(path).join('\n')}\n`);
        else ctx.stdout(`${arg}\n`);
      }
      return 0;
    },
  },
  {
    name: 'exitcode',
    path: '/usr/bin/exitcode',
    run: (ctx) => Number(ctx.argv[1] ?? '0'),
  },
  {
    name: 'argv',
    path: '/usr/bin/argv',
    run(ctx) {
      ctx.stdout(
        `${ctx.argv
          .slice(1)
          .map((a) => `<${a}>`)
          .join('')}\n`,
      );
      return 0;
    },
  },
];

// ---- sessions -------------------------------------------------------------------------------------

export interface TestShellOptions {
  distro?: string;
  user?: ShellUser;
  fs?: MemoryFs;
  tty?: boolean;
  term?: string;
  commands?: readonly CommandSpec[];
  limits?: Partial<ShellLimits>;
  clock?: Clock;
  env?: Record<string, string>;
}

export interface TestShell {
  session: ShellSession;
  fs: MemoryFs;
  host: RecordingHost;
  clock: Clock;
  internalErrors: unknown[];
}

export function testShell(options: TestShellOptions = {}): TestShell {
  const commands = options.commands ?? STUB_COMMANDS;
  const fs = options.fs ?? seededFs(commands);
  const host = new RecordingHost();
  const clock = options.clock ?? new ManualClock();
  const internalErrors: unknown[] = [];
  const user = options.user ?? ROOT;
  const accounts = [ROOT, ADMIN];
  const terminal: TerminalInfo = {
    isTty: options.tty ?? false,
    columns: 80,
    rows: 24,
    term: options.term ?? 'xterm-256color',
  };
  const session = new ShellSession({
    fs,
    user,
    machine: testMachine(options.distro ?? 'ubuntu22'),
    host,
    clock,
    terminal,
    env: options.env ?? {},
    commands,
    accountFor: (name) => accounts.find((a) => a.name === name) ?? null,
    limits: options.limits ?? {},
    onInternalError: (err) => internalErrors.push(err),
    pid: 4242,
  });
  return { session, fs, host, clock, internalErrors };
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs a command line through `ShellSession.exec`, collecting output as text. */
export async function execIn(shell: TestShell, line: string, stdin?: string): Promise<ExecResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const status = await shell.session.exec(line, {
    stdin: stdin === undefined ? undefined : Buffer.from(stdin),
    stdout: (d) => out.push(Buffer.from(d)),
    stderr: (d) => err.push(Buffer.from(d)),
  });
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status };
}

/** A fresh session running one command line. */
export async function run(line: string, options: TestShellOptions = {}): Promise<ExecResult & TestShell> {
  const shell = testShell(options);
  return { ...(await execIn(shell, line)), ...shell };
}

/** An interactive session driven by writes; `output` collects everything it printed. */
export function interactive(options: TestShellOptions = {}) {
  const shell = testShell({ tty: true, ...options });
  const input = new PassThrough();
  const chunks: Buffer[] = [];
  const finished = shell.session.interact(input, (d) => chunks.push(Buffer.from(d)));
  return {
    ...shell,
    input,
    finished,
    output: () => Buffer.concat(chunks).toString('utf8'),
    type(text: string) {
      input.write(Buffer.from(text, 'utf8'));
    },
    /** Lets the session process what was written (turns of the event loop, never real time). */
    async settle(turns = 20) {
      for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
    },
  };
}
