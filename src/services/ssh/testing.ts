/**
 * Test support for the SSH service (not shipped: tsconfig.build.json excludes `testing.ts`): a shell glue
 * whose sessions run on a small in-memory filesystem and answer commands with fixed text, so the
 * transport, SFTP and scp are tested on their own. The real glue is exercised by test/e2e/ssh.test.ts.
 */
import { spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import type { KexInit } from '../../fingerprint/ssh-kexinit.js';
import type { ShellUser, TerminalInfo } from '../shell/command.js';
import { type FileStat, type ShellFs, ShellFsError } from '../shell/filesystem.js';
import { basename, dirname } from '../shell/path.js';
import type { InteractiveSession, LoginInfo, SshShellGlue } from './interactive.js';
import { ClientPreamble } from './preamble.js';
import { defineSshService } from './service.js';

interface Node {
  stat: FileStat;
  content: Buffer;
  children: Map<string, Node> | null;
}

/** A POSIX-like tree in memory: enough of ShellFs for SFTP and scp (no permission checks but /proc). */
export class MemoryFs implements ShellFs {
  private readonly root: Node;
  private ino = 1;

  constructor(private readonly now: () => number = () => Date.UTC(2026, 0, 1)) {
    this.root = this.node('dir', 0o755);
  }

  private node(type: FileStat['type'], mode: number, content = Buffer.alloc(0)): Node {
    return {
      stat: {
        type,
        mode,
        uid: 0,
        gid: 0,
        size: content.length,
        mtimeMs: this.now(),
        nlink: 1,
        ino: this.ino++,
      },
      content,
      children: type === 'dir' ? new Map() : null,
    };
  }

  private find(path: string, follow = true, depth = 0): Node | null {
    if (depth > 8) throw new ShellFsError('ELOOP', path);
    let node: Node = this.root;
    const parts = path.split('/').filter((p) => p !== '');
    for (let i = 0; i < parts.length; i++) {
      if (node.children === null) return null;
      const next = node.children.get(parts[i] as string);
      if (next === undefined) return null;
      const last = i === parts.length - 1;
      if (next.stat.type === 'symlink' && (follow || !last)) {
        const target = next.stat.target ?? '';
        const base = `/${parts.slice(0, i).join('/')}`;
        const resolved = target.startsWith('/') ? target : `${base}/${target}`;
        const rest = parts.slice(i + 1).join('/');
        return this.find(rest ? `${resolved}/${rest}` : resolved, follow, depth + 1);
      }
      node = next;
    }
    return node;
  }

  private parentOf(path: string): Node {
    const parent = this.find(dirname(path));
    if (parent === null) throw new ShellFsError('ENOENT', path);
    if (parent.children === null) throw new ShellFsError('ENOTDIR', path);
    return parent;
  }

  stat(path: string): FileStat | null {
    const node = this.find(path);
    return node ? { ...node.stat, size: node.children ? 4096 : node.content.length } : null;
  }

  lstat(path: string): FileStat | null {
    const node = this.find(path, false);
    return node ? { ...node.stat, size: node.children ? 4096 : node.content.length } : null;
  }

  readFile(path: string): Buffer {
    const node = this.find(path);
    if (node === null) throw new ShellFsError('ENOENT', path);
    if (node.children !== null) throw new ShellFsError('EISDIR', path);
    if (path.startsWith('/root/secret')) throw new ShellFsError('EACCES', path);
    return Buffer.from(node.content);
  }

  writeFile(path: string, data: Buffer, options: { append?: boolean; mode?: number } = {}): void {
    if (path.startsWith('/proc/')) throw new ShellFsError('EACCES', path);
    const parent = this.parentOf(path);
    const existing = parent.children?.get(basename(path));
    if (existing?.children) throw new ShellFsError('EISDIR', path);
    if (existing) {
      existing.content = options.append ? Buffer.concat([existing.content, data]) : Buffer.from(data);
      existing.stat.mtimeMs = this.now();
      return;
    }
    parent.children?.set(basename(path), this.node('file', options.mode ?? 0o644, Buffer.from(data)));
  }

  readdir(path: string): string[] {
    const node = this.find(path);
    if (node === null) throw new ShellFsError('ENOENT', path);
    if (node.children === null) throw new ShellFsError('ENOTDIR', path);
    return [...node.children.keys()].sort();
  }

  mkdir(path: string, options: { parents?: boolean; mode?: number } = {}): void {
    if (options.parents && this.find(dirname(path)) === null) this.mkdir(dirname(path), options);
    const parent = this.parentOf(path);
    if (parent.children?.has(basename(path))) {
      if (options.parents) return;
      throw new ShellFsError('EEXIST', path);
    }
    parent.children?.set(basename(path), this.node('dir', options.mode ?? 0o755));
  }

  remove(path: string, options: { recursive?: boolean } = {}): void {
    const parent = this.parentOf(path);
    const node = parent.children?.get(basename(path));
    if (node === undefined) throw new ShellFsError('ENOENT', path);
    if (node.children && node.children.size > 0 && !options.recursive)
      throw new ShellFsError('ENOTEMPTY', path);
    parent.children?.delete(basename(path));
  }

  rename(from: string, to: string): void {
    const source = this.parentOf(from);
    const node = source.children?.get(basename(from));
    if (node === undefined) throw new ShellFsError('ENOENT', from);
    const target = this.parentOf(to);
    source.children?.delete(basename(from));
    target.children?.set(basename(to), node);
  }

  chmod(path: string, mode: number): void {
    const node = this.find(path);
    if (node === null) throw new ShellFsError('ENOENT', path);
    node.stat.mode = mode & 0o7777;
  }

  chown(path: string, uid: number, gid: number): void {
    const node = this.find(path);
    if (node === null) throw new ShellFsError('ENOENT', path);
    node.stat.uid = uid;
    node.stat.gid = gid;
  }

  symlink(target: string, path: string): void {
    const parent = this.parentOf(path);
    if (parent.children?.has(basename(path))) throw new ShellFsError('EEXIST', path);
    const link = this.node('symlink', 0o777);
    link.stat.target = target;
    parent.children?.set(basename(path), link);
  }

  realpath(path: string): string {
    const parts = path.split('/').filter((p) => p !== '');
    let resolved = '';
    for (const part of parts) {
      const candidate = `${resolved}/${part}`;
      const node = this.find(candidate, false);
      if (node === null) throw new ShellFsError('ENOENT', path);
      resolved = node.stat.type === 'symlink' ? this.realpath(this.linkTarget(candidate, node)) : candidate;
    }
    return resolved === '' ? '/' : resolved;
  }

  private linkTarget(at: string, node: Node): string {
    const target = node.stat.target ?? '';
    return target.startsWith('/') ? target : `${dirname(at)}/${target}`;
  }

  utimes(path: string, mtimeMs: number): void {
    const node = this.find(path);
    if (node === null) throw new ShellFsError('ENOENT', path);
    node.stat.mtimeMs = mtimeMs;
  }
}

export interface ReceivedFile {
  path: string;
  content: Buffer;
  method: 'sftp' | 'scp';
}

/** A session on a MemoryFs: `exec` prints what it was given, `interact` echoes lines until `exit`. */
export class FakeSession implements InteractiveSession {
  readonly sid: string;
  readonly user: ShellUser;
  /** Calls of end() (idempotent in the real glue; counted here). */
  ended = 0;
  /** Resolves at the first end(). */
  readonly whenEnded: Promise<void>;
  private markEnded: () => void = () => {};
  readonly execs: Array<{ line: string; stdin: Buffer | undefined }> = [];
  readonly resizes: Array<[number, number]> = [];

  constructor(
    readonly fs: MemoryFs,
    readonly login: LoginInfo,
    readonly terminal: TerminalInfo,
    readonly env: Readonly<Record<string, string>>,
    private readonly received: ReceivedFile[],
    index: number,
  ) {
    this.sid = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    this.whenEnded = new Promise((resolve) => {
      this.markEnded = resolve;
    });
    const root = login.username === 'root';
    this.user = {
      name: login.username,
      uid: root ? 0 : 1000,
      gid: root ? 0 : 1000,
      home: root ? '/root' : `/home/${login.username}`,
      shell: '/bin/bash',
      groups: [{ name: login.username, gid: root ? 0 : 1000 }],
    };
  }

  loginBanner(): string {
    return 'Welcome to the test decky\nLast login: never\n';
  }

  interact(input: NodeJS.ReadableStream, output: (d: Buffer) => void): Promise<number> {
    return new Promise((resolve) => {
      let pending = '';
      output(Buffer.from('$ '));
      const done = (status: number) => {
        input.removeListener('data', onData);
        resolve(status);
      };
      const onData = (chunk: Buffer) => {
        pending += chunk.toString('utf8');
        let lf = pending.search(/[\r\n]/);
        while (lf !== -1) {
          const line = pending.slice(0, lf);
          pending = pending.slice(lf + 1);
          if (line === 'exit') return done(0);
          if (line !== '') output(Buffer.from(`ran: ${line}\r\n`));
          output(Buffer.from('$ '));
          lf = pending.search(/[\r\n]/);
        }
      };
      input.on('data', onData);
      input.once('end', () => done(0));
    });
  }

  async exec(
    line: string,
    io: { stdin?: Buffer; stdout(d: Buffer): void; stderr(d: Buffer): void },
  ): Promise<number> {
    this.execs.push({ line, stdin: io.stdin });
    if (line === 'fail') {
      io.stderr(Buffer.from('failed\n'));
      return 3;
    }
    io.stdout(Buffer.from(`exec: ${line}\nstdin: ${io.stdin?.length ?? 0}\n`));
    return 0;
  }

  resize(columns: number, rows: number): void {
    this.resizes.push([columns, rows]);
  }

  receiveFile(path: string, content: Buffer, method: 'sftp' | 'scp'): void {
    this.fs.writeFile(path, content);
    this.received.push({ path, content: Buffer.from(content), method });
  }

  end(): void {
    this.ended++;
    this.markEnded();
  }
}

/** A shell glue for tests: one MemoryFs shared by all sessions (so a test can seed and inspect it). */
export class FakeGlue implements SshShellGlue {
  readonly fs = new MemoryFs();
  readonly sessionsOpened: FakeSession[] = [];
  readonly received: ReceivedFile[] = [];
  readonly fields = [];
  /** Passwords accepted, by user. */
  passwords = new Map<string, string>([['root', '123456']]);

  constructor() {
    for (const dir of ['/root', '/home', '/tmp', '/etc', '/proc']) this.fs.mkdir(dir);
    this.fs.writeFile('/etc/passwd', Buffer.from('root:x:0:0:root:/root:/bin/bash\n'));
    this.fs.writeFile('/etc/group', Buffer.from('root:x:0:\n'));
  }

  sessions() {
    return {
      open: (login: LoginInfo, terminal: TerminalInfo, env: Readonly<Record<string, string>> = {}) => {
        const session = new FakeSession(
          this.fs,
          login,
          terminal,
          env,
          this.received,
          this.sessionsOpened.length,
        );
        this.sessionsOpened.push(session);
        return session;
      },
      closeAll: () => {
        for (const s of this.sessionsOpened) s.end();
      },
    };
  }

  loginPolicy() {
    return { check: (username: string, password: string) => this.passwords.get(username) === password };
  }
}

/** The ssh service on a fake glue. */
export function fakeSshService(glue = new FakeGlue()) {
  return { glue, definition: defineSshService(glue) };
}

export interface CapturedPreamble {
  ident: string;
  kexinit: KexInit;
  /** The ident line and the KEXINIT packet as the client sent them. */
  bytes: Buffer;
}

/**
 * Runs a real SSH client (`command`, with `args(port)`) against a listener that only sends a server
 * ident and records what the client sends until its KEXINIT is whole; then the client is stopped.
 */
export async function captureClientPreamble(
  command: string,
  args: (port: number) => string[],
  serverIdent = 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10',
): Promise<CapturedPreamble> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const child = spawn(command, args(port), { stdio: 'ignore' });
  try {
    return await new Promise<CapturedPreamble>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`${command} exited (${code}) before its KEXINIT was whole`)),
      );
      server.once('connection', (socket) => {
        socket.on('error', () => {});
        socket.write(`${serverIdent}\r\n`);
        const preamble = new ClientPreamble();
        socket.on('data', (chunk: Buffer) => {
          const phase = preamble.push(chunk);
          if (phase === 'complete' && preamble.kexinit && preamble.ident) {
            resolve({ ident: preamble.ident, kexinit: preamble.kexinit, bytes: preamble.bytes });
            socket.destroy();
          } else if (phase === 'not_ssh' || phase === 'bad_kexinit') {
            reject(new Error(`${command} sent no KEXINIT: ${phase}`));
          }
        });
      });
    });
  } finally {
    child.kill();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** `ssh` options for tests: no host key checks, no config from the user's files, no prompts. */
export const SSH_TEST_OPTIONS = [
  '-F',
  '/dev/null',
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
] as const;
