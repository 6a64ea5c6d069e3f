/**
 * A cmd.exe session: what Windows OpenSSH gives a login on a Windows decky. `exec` runs one line the way
 * sshd runs `cmd.exe /c LINE`; `interact` is the console: the prompt (PROMPT, `$P$G` after the
 * `user@COMPUTER` prefix Windows OpenSSH sets), line editing on a PTY, and a blank line after each
 * command's output. Every line entered becomes a `command` event through the host; every bound of
 * SHELL_LIMITS holds for every line, and nothing the attacker types escapes as an exception.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../../runtime/clock.js';
import { mulberry32 } from '../../../runtime/seeded-random.js';
import type { Machine, ShellUser, TerminalInfo } from '../command.js';
import type { ShellFs } from '../filesystem.js';
import type { ShellHost } from '../host.js';
import { LineBudget, LineStop } from '../interpreter/budget.js';
import { Collector, NULL_SINK, type OutputSink } from '../interpreter/io.js';
import { SHELL_LIMITS, type ShellLimits } from '../limits.js';
import { LineEditor } from '../terminal/line-editor.js';
import type { CmdCommand, CmdContext, CmdShellControls } from './command.js';
import { CMD_COMMANDS, INTERNAL_COMMANDS } from './commands/index.js';
import { DriveError, driveMessage, WindowsDrive } from './drive.js';
import { type CmdEnvironment, loginEnvironment } from './environment.js';
import {
  type CmdNode,
  expandPercent,
  parseCmdLine,
  type Redirect,
  splitArguments,
  splitCommandName,
} from './parser.js';
import { leafOf, parentOf } from './paths.js';
import { PowerShell } from './powershell.js';
import { renderPrompt } from './prompt.js';
import { cmdBanner, shortDate } from './system.js';

export interface CmdSessionOptions {
  fs: ShellFs;
  user: ShellUser;
  /** The user's profile directory (`C:\Users\Administrator`): the starting directory and USERPROFILE. */
  profile: string;
  machine: Machine;
  host: ShellHost;
  clock: Clock;
  terminal: TerminalInfo;
  /** Variables sshd adds (SSH_CLIENT, SSH_CONNECTION). */
  env?: Readonly<Record<string, string>>;
  commands?: readonly CmdCommand[];
  limits?: Partial<ShellLimits>;
  onInternalError?(err: unknown): void;
}

/** `'x' is not recognized …`: cmd's answer to a name it cannot find, and its exit code. */
export const NOT_RECOGNIZED_STATUS = 9009;
/** What `cls` sends to a terminal: erase and home. */
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

class ExitRequest {
  constructor(readonly status: number) {}
}

type Writer = (data: string | Buffer) => void;

export class CmdSession {
  private readonly limits: ShellLimits;
  private readonly commands = new Map<string, CmdCommand>();
  private readonly closing = new AbortController();
  private readonly terminal: TerminalInfo;
  readonly drive: WindowsDrive;
  private readonly env: CmdEnvironment;
  private cwd: string;
  private echo = true;
  private readonly history: string[] = [];
  private running: LineBudget | null = null;
  /** Nested `cmd` shells (an `exit` leaves the innermost) and whether PowerShell's prompt is up. */
  private nestedShells = 0;
  private inPowerShell = false;
  private pendingExit: number | null = null;
  private lastStatus = 0;
  private editor: LineEditor | null = null;
  private raw = '';
  private wake: (() => void) | null = null;
  private inputEnded = false;
  private interactive = false;
  private clearRequested = false;
  private readonly powershell: PowerShell;
  /** %RANDOM%: seeded from the decky and the session's start, like the Linux shell's $RANDOM. */
  private readonly random: () => number;

  constructor(private readonly options: CmdSessionOptions) {
    this.limits = { ...SHELL_LIMITS, ...options.limits };
    this.terminal = { ...options.terminal };
    for (const command of options.commands ?? CMD_COMMANDS) {
      this.commands.set(command.name, command);
      for (const alias of command.aliases ?? []) this.commands.set(alias, command);
    }
    this.cwd = options.profile;
    this.drive = new WindowsDrive(options.fs, () => this.cwd);
    if (!this.drive.isDirectory(this.cwd)) this.cwd = 'C:\\Windows\\system32';
    this.env = loginEnvironment(options.machine, options.user, options.profile, this.limits, options.env);
    this.powershell = new PowerShell();
    this.random = mulberry32((options.machine.persona.seed ^ options.clock.now()) >>> 0);
    setMaxListeners(64, this.closing.signal);
  }

  get user(): ShellUser {
    return this.options.user;
  }

  get currentDirectory(): string {
    return this.cwd;
  }

  /** What cmd.exe prints when the console opens, with the blank line before the first prompt. */
  banner(): string {
    return `${cmdBanner(this.options.machine)}\r\n`;
  }

  // ---- running one line --------------------------------------------------------------------------

  /** One `cmd.exe /c LINE` (ssh exec). Resolves with its exit code. */
  async exec(
    line: string,
    io: { stdin?: Buffer; stdout(data: Buffer): void; stderr(data: Buffer): void },
  ): Promise<number> {
    const text = line.length > this.limits.maxLineBytes ? line.slice(0, this.limits.maxLineBytes) : line;
    this.notify(text);
    this.interactive = false;
    const closed = () => this.closing.signal.aborted;
    const out: OutputSink = { write: (d) => (closed() ? undefined : io.stdout(d)) };
    const err: OutputSink = { write: (d) => (closed() ? undefined : io.stderr(d)) };
    const outcome = await this.runTopLine(text, out, err, io.stdin ?? Buffer.alloc(0));
    return outcome;
  }

  /** Runs a line under a fresh budget; `exit` and bounds end here. */
  private async runTopLine(line: string, out: OutputSink, err: OutputSink, stdin: Buffer): Promise<number> {
    const budget = new LineBudget(this.limits, this.options.clock, this.closing.signal);
    this.running = budget;
    try {
      this.lastStatus = await this.runLine(
        line,
        { stdin, out: budget.outputTo(out), err: budget.outputTo(err) },
        budget,
        0,
      );
    } catch (error) {
      if (error instanceof ExitRequest) {
        this.lastStatus = error.status;
        this.pendingExit = error.status;
      } else if (error instanceof LineStop) {
        this.lastStatus = 1;
        if (error.reason === 'interrupt') out.write(Buffer.from('^C'));
      } else {
        this.internalError(error);
        this.lastStatus = 1;
      }
    } finally {
      budget.dispose();
      this.running = null;
    }
    return this.lastStatus;
  }

  /** Parses and runs a line (percent expansion first, as cmd does, so `set` takes effect on the next line). */
  private async runLine(
    line: string,
    io: { stdin: Buffer; out: OutputSink; err: OutputSink },
    budget: LineBudget,
    depth: number,
  ): Promise<number> {
    if (depth > this.limits.maxNestingDepth) return 1;
    const expanded = expandPercent(line, (name) => this.variable(name));
    budget.chargeExpansion(expanded.length);
    const parsed = parseCmdLine(expanded, this.limits.maxNestingDepth);
    if (!parsed.ok) {
      io.err.write(Buffer.from(`${parsed.unexpected} was unexpected at this time.\r\n`));
      return 255;
    }
    if (parsed.node === null) return this.lastStatus;
    return this.runNode(parsed.node, io, budget, depth);
  }

  private async runNode(
    node: CmdNode,
    io: { stdin: Buffer; out: OutputSink; err: OutputSink },
    budget: LineBudget,
    depth: number,
  ): Promise<number> {
    await budget.step();
    switch (node.kind) {
      case 'seq': {
        await this.runNode(node.left, io, budget, depth);
        return this.runNode(node.right, io, budget, depth);
      }
      case 'and': {
        const status = await this.runNode(node.left, io, budget, depth);
        return status === 0 ? this.runNode(node.right, io, budget, depth) : status;
      }
      case 'or': {
        const status = await this.runNode(node.left, io, budget, depth);
        return status !== 0 ? this.runNode(node.right, io, budget, depth) : status;
      }
      case 'pipe': {
        const pipe = new Collector(this.limits.maxPipeBytes);
        await this.runNode(node.left, { ...io, out: pipe }, budget, depth);
        return this.runNode(node.right, { ...io, stdin: pipe.bytes() }, budget, depth);
      }
      case 'block':
        return this.withRedirects(node.redirects, io, (redirected) =>
          node.body === null ? Promise.resolve(0) : this.runNode(node.body, redirected, budget, depth),
        );
      case 'simple': {
        // ERRORLEVEL follows every command, so `if errorlevel` later on the line sees it.
        this.lastStatus = await this.withRedirects(node.redirects, io, (redirected) =>
          this.runSimple(node.text, redirected, budget, depth),
        );
        return this.lastStatus;
      }
    }
  }

  /** Applies redirections in order; output bound for a file is written when the command ends. */
  private async withRedirects(
    redirects: readonly Redirect[],
    io: { stdin: Buffer; out: OutputSink; err: OutputSink },
    body: (io: { stdin: Buffer; out: OutputSink; err: OutputSink }) => Promise<number>,
  ): Promise<number> {
    if (redirects.length === 0) return body(io);
    const sinks = new Map<number, OutputSink>([
      [1, io.out],
      [2, io.err],
    ]);
    let stdin = io.stdin;
    const files: Array<{ path: string; append: boolean; collector: Collector }> = [];
    for (const redirect of redirects) {
      try {
        if (redirect.op === '<') {
          stdin = this.drive.read(redirect.target);
        } else if (redirect.op === '>&') {
          sinks.set(redirect.fd, sinks.get(Number(redirect.target)) ?? NULL_SINK);
        } else if (this.drive.isNul(redirect.target) || redirect.target === '') {
          sinks.set(redirect.fd, NULL_SINK);
        } else {
          this.checkWritable(redirect.target);
          const collector = new Collector(this.limits.maxPipeBytes);
          files.push({ path: redirect.target, append: redirect.op === '>>', collector });
          sinks.set(redirect.fd, collector);
        }
      } catch (error) {
        io.err.write(Buffer.from(`${driveMessage(error)}\r\n`));
        return 1;
      }
    }
    try {
      return await body({ stdin, out: sinks.get(1) ?? NULL_SINK, err: sinks.get(2) ?? NULL_SINK });
    } finally {
      for (const file of files) {
        try {
          this.drive.write(file.path, file.collector.bytes(), { append: file.append });
        } catch (error) {
          io.err.write(Buffer.from(`${driveMessage(error)}\r\n`));
        }
      }
    }
  }

  private checkWritable(target: string): void {
    const path = this.drive.resolve(target);
    const stat = this.drive.stat(path);
    if (stat?.type === 'dir') throw new DriveError('accessDenied');
    if (!this.drive.isDirectory(parentOf(path))) throw new DriveError('pathNotFound');
  }

  private async runSimple(
    text: string,
    io: { stdin: Buffer; out: OutputSink; err: OutputSink },
    budget: LineBudget,
    depth: number,
  ): Promise<number> {
    const { name, rest } = splitCommandName(text, INTERNAL_COMMANDS);
    if (name === '') return 0;
    const command = this.lookup(name);
    const write =
      (sink: OutputSink): Writer =>
      (data) =>
        sink.write(typeof data === 'string' ? Buffer.from(toCrlf(data), 'utf8') : data);
    const stdout = write(io.out);
    const stderr = write(io.err);
    if (command === 'missing') {
      stderr(
        `'${name}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
      );
      return NOT_RECOGNIZED_STATUS;
    }
    if (command === 'program') return this.runProgram(name, rest, io, budget, depth);
    const ctx = this.context(name, rest, io.stdin, stdout, stderr, budget, depth);
    try {
      const status = await command.run(ctx);
      return Number.isInteger(status) ? status : 0;
    } catch (error) {
      if (error instanceof ExitRequest || error instanceof LineStop) throw error;
      if (error instanceof DriveError) {
        stderr(`${error.message}\r\n`);
        return 1;
      }
      if (isAbort(error)) throw new LineStop(budget.stopped ?? 'interrupt');
      this.internalError(error);
      return 1;
    }
  }

  /** A command by name (`whoami`, `whoami.exe`, `C:\Windows\System32\whoami.exe`), a file to run, or nothing. */
  private lookup(name: string): CmdCommand | 'program' | 'missing' {
    const lower = name.toLowerCase();
    const hasPath = lower.includes('\\') || lower.includes('/');
    const leaf = hasPath ? leafOf(lower.replace(/\//g, '\\')) : lower;
    const bare = leaf.replace(/\.(exe|com)$/, '');
    const command = this.commands.get(bare);
    if (command && !hasPath && (bare === leaf || command.path !== undefined)) return command;
    if (command?.path && hasPath) {
      // A path to the program itself, with or without its extension.
      const withoutExtension = (p: string) => p.toLowerCase().replace(/\.(exe|com)$/, '');
      const resolved = this.drive.resolve(name);
      if (withoutExtension(resolved) === withoutExtension(command.path)) return command;
      // Another copy of a system program (SysWOW64\cmd.exe) behaves as the program.
      if (this.drive.stat(resolved)?.type === 'file') return command;
    }
    // A file the attacker put there (`.\x.exe`, `run.bat`): found in the current directory or by path.
    for (const candidate of [name, `${name}.exe`, `${name}.bat`, `${name}.cmd`]) {
      const stat = this.drive.stat(candidate);
      if (stat?.type === 'file') return 'program';
    }
    return 'missing';
  }

  /**
   * Runs a file from the drive: a batch file's lines run here (bounded), an executable "starts" and
   * exits quietly, and anything else gets the error Windows gives a file it cannot execute.
   */
  private async runProgram(
    name: string,
    rest: string,
    io: { stdin: Buffer; out: OutputSink; err: OutputSink },
    budget: LineBudget,
    depth: number,
  ): Promise<number> {
    const path = [name, `${name}.exe`, `${name}.bat`, `${name}.cmd`].find(
      (p) => this.drive.stat(p)?.type === 'file',
    );
    if (path === undefined) return NOT_RECOGNIZED_STATUS;
    let content: Buffer;
    try {
      content = this.drive.read(path);
    } catch (error) {
      io.err.write(Buffer.from(`${driveMessage(error)}\r\n`));
      return 1;
    }
    if (/\.(bat|cmd)$/i.test(path)) {
      const script = content.subarray(0, this.limits.maxScriptBytes).toString('utf8');
      const args = splitArguments(rest);
      let status = 0;
      for (const raw of script.split(/\r?\n/)) {
        const line = raw.replace(/%([0-9])/g, (_, n: string) =>
          n === '0' ? path : (args[Number(n) - 1] ?? ''),
        );
        const trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith(':') || /^@?rem(\s|$)/i.test(trimmed)) continue;
        if (/^@?echo\s+off$/i.test(trimmed)) continue;
        status = await this.runLine(line, io, budget, depth + 1);
      }
      return status;
    }
    if (content.subarray(0, 2).toString('latin1') === 'MZ') return 0;
    io.err.write(
      Buffer.from(
        "This version of %1 is not compatible with the version of Windows you're running. Check your computer's system information and then contact the software publisher.\r\n".replace(
          '%1',
          path,
        ),
      ),
    );
    return 216;
  }

  private context(
    name: string,
    rawArgs: string,
    stdin: Buffer,
    stdout: Writer,
    stderr: Writer,
    budget: LineBudget,
    depth: number,
  ): CmdContext {
    const session = this;
    const controls: CmdShellControls = {
      get echo() {
        return session.echo;
      },
      set echo(on: boolean) {
        session.echo = on;
      },
      get lastStatus() {
        return session.lastStatus;
      },
      exit: (code) => {
        throw new ExitRequest(code);
      },
      clearScreen: () => {
        this.clearRequested = true;
        if (this.terminal.isTty) stdout(CLEAR_SCREEN);
      },
      enterPowerShell: () => {
        if (!this.interactive) return false;
        this.inPowerShell = true;
        return true;
      },
      get interactive() {
        return session.interactive;
      },
      enterCmd: () => {
        if (this.interactive) this.nestedShells++;
      },
      logNested: (line) => this.notify(line),
      isProgram: (program) => this.lookup(program) !== 'missing',
    };
    return {
      name,
      rawArgs,
      args: splitArguments(rawArgs),
      stdin,
      stdout,
      stderr,
      drive: this.drive,
      env: this.env,
      get cwd() {
        return session.cwd;
      },
      chdir: (path) => {
        const resolved = this.drive.resolve(path);
        if (!this.drive.isDirectory(resolved)) return false;
        this.cwd = resolved;
        return true;
      },
      user: this.options.user,
      machine: this.options.machine,
      host: this.options.host,
      terminal: this.terminal,
      clock: this.options.clock,
      history: this.history,
      signal: budget.signal,
      sleep: async (ms) => {
        await this.options.clock.sleep(Math.min(ms, budget.remainingMs), budget.signal);
        budget.check();
      },
      run: async (line, options) => {
        const sinkOf = (w: Writer): OutputSink =>
          options?.discardOutput ? NULL_SINK : { write: (d) => w(d) };
        return this.runLine(
          line,
          { stdin: options?.stdin ?? Buffer.alloc(0), out: sinkOf(stdout), err: sinkOf(stderr) },
          budget,
          depth + 1,
        );
      },
      capture: async (line) => {
        const collected = new Collector(this.limits.maxPipeBytes);
        const sink: OutputSink = { write: (d) => stderr(d) };
        await this.runLine(line, { stdin: Buffer.alloc(0), out: collected, err: sink }, budget, depth + 1);
        return collected.bytes().toString('utf8');
      },
      shell: controls,
    };
  }

  /** %NAME% as cmd resolves it: the environment first, then the dynamic variables. */
  private variable(name: string): string | undefined {
    const value = this.env.get(name);
    if (value !== undefined) return value;
    const now = this.options.clock.now();
    switch (name.toLowerCase()) {
      case 'cd':
        return this.cwd;
      case 'errorlevel':
        return String(this.lastStatus);
      case 'date':
        return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(now).getUTCDay()]} ${shortDate(now)}`;
      case 'time': {
        const d = new Date(now);
        return `${String(d.getUTCHours()).padStart(2, ' ')}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(Math.floor(d.getUTCMilliseconds() / 10))}`;
      }
      case 'random':
        return String(Math.floor(this.random() * 32768));
      case 'cmdcmdline':
        return this.interactive ? 'C:\\Windows\\system32\\cmd.exe' : 'c:\\windows\\system32\\cmd.exe /c';
      case 'cmdextversion':
        return '2';
      default:
        return undefined;
    }
  }

  private notify(line: string): void {
    try {
      this.options.host.commandEntered(line, {
        cwd: this.cwd,
        user: this.options.user.name,
        uid: this.options.user.uid,
      });
    } catch (error) {
      this.internalError(error);
    }
  }

  private internalError(error: unknown): void {
    try {
      this.options.onInternalError?.(error);
    } catch {
      // The logger failing must not reach the attacker either.
    }
  }

  // ---- the console ----------------------------------------------------------------------------

  /** The console on a byte stream until `exit` or the input ends; resolves with the exit code. */
  async interact(input: NodeJS.ReadableStream, output: (data: Buffer) => void): Promise<number> {
    this.interactive = true;
    const closed = () => this.closing.signal.aborted;
    const sink: OutputSink = {
      write: (d) => (closed() || d.length === 0 ? undefined : output(Buffer.from(d))),
    };
    if (this.terminal.isTty)
      this.editor = new LineEditor({
        maxLineBytes: this.limits.maxLineBytes,
        history: () => this.history.map(toLatin1),
      });
    const onData = (chunk: Buffer | string) =>
      this.onInput(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onEnd = () => {
      this.inputEnded = true;
      this.wakeUp();
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('close', onEnd);
    input.on('error', onEnd);
    const onClose = () => this.wakeUp();
    this.closing.signal.addEventListener('abort', onClose, { once: true });
    try {
      for (;;) {
        if (closed()) return this.lastStatus;
        const prompt = this.promptText();
        sink.write(Buffer.from(prompt, 'utf8'));
        const line = await this.readLine(prompt, sink);
        if (line === null) return this.lastStatus;
        // Without a console cmd echoes what it read after the prompt.
        if (!this.terminal.isTty && (this.echo || this.inPowerShell))
          sink.write(Buffer.from(`${line}\r\n`, 'utf8'));
        const status = await this.runEntered(line, sink);
        if (status !== null) return status;
      }
    } finally {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('close', onEnd);
      input.removeListener('error', onEnd);
      this.closing.signal.removeEventListener('abort', onClose);
    }
  }

  private promptText(): string {
    if (this.inPowerShell) return `PS ${this.cwd}> `;
    if (!this.echo) return '';
    return renderPrompt(this.env.get('PROMPT') ?? '$P$G', {
      cwd: this.cwd,
      nowMs: this.options.clock.now(),
      version: cmdBanner(this.options.machine).split('\r\n')[0] ?? '',
    });
  }

  /** Runs what the user entered; the exit code when the session ends, else null. */
  private async runEntered(line: string, sink: OutputSink): Promise<number | null> {
    const trimmed = line.trim();
    if (trimmed === '') return null;
    this.notify(line);
    this.history.push(line);
    if (this.history.length > this.limits.maxHistoryEntries) this.history.shift();
    this.clearRequested = false;
    if (this.inPowerShell) {
      await this.runPowerShellLine(line, sink);
      return null;
    }
    await this.runTopLine(line, sink, sink, Buffer.alloc(0));
    if (this.pendingExit !== null) {
      const status = this.pendingExit;
      this.pendingExit = null;
      if (this.nestedShells > 0) {
        this.nestedShells--;
        sink.write(Buffer.from('\r\n'));
        return null;
      }
      return status;
    }
    // cmd leaves a blank line between a command's output and the next prompt.
    if (this.echo && !this.clearRequested && !this.inPowerShell) sink.write(Buffer.from('\r\n'));
    return null;
  }

  private async runPowerShellLine(line: string, sink: OutputSink): Promise<void> {
    if (/^\s*exit\s*$/i.test(line)) {
      this.inPowerShell = false;
      return;
    }
    const budget = new LineBudget(this.limits, this.options.clock, this.closing.signal);
    this.running = budget;
    const write: Writer = (d) =>
      budget.outputTo(sink).write(typeof d === 'string' ? Buffer.from(toCrlf(d), 'utf8') : d);
    try {
      const ctx = this.context('powershell', '', Buffer.alloc(0), write, write, budget, 1);
      this.lastStatus = await this.powershell.run(line, ctx);
    } catch (error) {
      if (error instanceof ExitRequest) this.inPowerShell = false;
      else if (!(error instanceof LineStop) && !isAbort(error)) this.internalError(error);
    } finally {
      budget.dispose();
      this.running = null;
    }
  }

  /** The next line: edited on a PTY, read raw without one; null when the input ended or the session closed. */
  private async readLine(prompt: string, sink: OutputSink): Promise<string | null> {
    const editor = this.editor;
    if (editor) {
      editor.start(prompt);
      for (;;) {
        const { output, event } = editor.process();
        if (output) sink.write(Buffer.from(output, 'latin1'));
        if (event) {
          if (event.type === 'line') return Buffer.from(event.text, 'latin1').toString('utf8');
          // Ctrl-C abandons the line; Ctrl-D is no end of input to cmd.
          sink.write(Buffer.from(event.type === 'interrupt' ? '^C\r\n' : '\r\n'));
          return '';
        }
        if (this.closing.signal.aborted || this.inputEnded) return null;
        await this.waitForInput();
      }
    }
    for (;;) {
      const newline = this.raw.indexOf('\n');
      if (newline !== -1) {
        const line = this.raw.slice(0, newline).replace(/\r$/, '');
        this.raw = this.raw.slice(newline + 1);
        return Buffer.from(line, 'latin1').toString('utf8');
      }
      if (this.raw.length >= this.limits.maxLineBytes) {
        const line = this.raw.slice(0, this.limits.maxLineBytes);
        this.raw = this.raw.slice(this.limits.maxLineBytes);
        return Buffer.from(line, 'latin1').toString('utf8');
      }
      if (this.closing.signal.aborted) return null;
      if (this.inputEnded) {
        if (this.raw === '') return null;
        const line = this.raw;
        this.raw = '';
        return Buffer.from(line, 'latin1').toString('utf8');
      }
      await this.waitForInput();
    }
  }

  private onInput(chunk: Buffer): void {
    if (this.terminal.isTty) {
      if (this.running && chunk.includes(0x03)) {
        this.running.stop('interrupt');
        this.editor?.discardPending();
        return;
      }
      this.editor?.feed(chunk);
    } else {
      const room = this.limits.maxScriptBytes - this.raw.length;
      if (room > 0) this.raw += chunk.subarray(0, room).toString('latin1');
    }
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private waitForInput(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  resize(columns: number, rows: number): void {
    if (!Number.isInteger(columns) || !Number.isInteger(rows) || columns <= 0 || rows <= 0) return;
    this.terminal.columns = Math.min(columns, 10_000);
    this.terminal.rows = Math.min(rows, 10_000);
  }

  close(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.running?.stop('closed');
    this.wakeUp();
  }
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function toLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
