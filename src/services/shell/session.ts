/**
 * A login shell session: what the SSH and Telnet services run for an attacker who got in. `exec` runs
 * one command line the way `sshd` runs `bash -c LINE`; `interact` is the login shell on a byte stream,
 * with readline's editing on a PTY and raw lines without one. Every bound of SHELL_LIMITS holds for
 * every line: a line that passes one is stopped and the session goes on.
 */
import { setMaxListeners } from 'node:events';
import type { Distro } from '../../fabric/catalogue/distros.js';
import type { Clock } from '../../runtime/clock.js';
import { mulberry32 } from '../../runtime/seeded-random.js';
import type { CommandSpec, Machine, ShellUser, TerminalInfo } from './command.js';
import { COMMANDS } from './commands/index.js';
import type { ShellFs } from './filesystem.js';
import type { ShellHost } from './host.js';
import { LineBudget, LineStop } from './interpreter/budget.js';
import { BUILTINS } from './interpreter/builtins/index.js';
import { KEYWORDS } from './interpreter/builtins/type.js';
import { dialectFor, type ShellDialect } from './interpreter/dialect.js';
import { expandHistory } from './interpreter/history-expansion.js';
import { Fds, InputStream, type OutputSink } from './interpreter/io.js';
import { CommandTable, History, Jobs, type ShellRuntime } from './interpreter/runtime.js';
import { Shell } from './interpreter/shell.js';
import { ExitSignal, SIGINT_STATUS } from './interpreter/signals.js';
import { type ShellMode, ShellState } from './interpreter/state.js';
import { Variables } from './interpreter/variables.js';
import { SHELL_LIMITS, type ShellLimits } from './limits.js';
import { resolvePath } from './path.js';
import { defaultPs1, renderPromptEscapes } from './prompt.js';
import type { ListNode } from './syntax/ast.js';
import { bufferOf, bytesOf, toBytes, toText } from './syntax/bytes.js';
import { ParseError } from './syntax/errors.js';
import { Parser, parseExpandable } from './syntax/parser.js';
import { type Completion, LineEditor } from './terminal/line-editor.js';

export interface ShellSessionOptions {
  fs: ShellFs;
  user: ShellUser;
  machine: Machine;
  host: ShellHost;
  clock: Clock;
  /** isTty=false for exec without a pty. */
  terminal: TerminalInfo;
  /**
   * Variables for the login environment: what the client sent (ssh env requests) and what the service
   * sets (SSH_CLIENT …). Only LANG, LANGUAGE, LC_*, TZ, COLORTERM and SSH_CLIENT/SSH_CONNECTION/SSH_TTY
   * are taken.
   */
  env?: Readonly<Record<string, string>>;
  /** Default: COMMANDS from ./commands/index.js. */
  commands?: readonly CommandSpec[];
  /** Accounts for `su`/`sudo -i` and `~user` (default: only the current user). */
  accountFor?(name: string): ShellUser | null;
  limits?: Partial<ShellLimits>;
  /** A command handler threw: logged by the embedder, never shown to the attacker. */
  onInternalError?(err: unknown): void;
  /** $$ (default: seeded from the decky, above the pids its process table uses). */
  pid?: number;
}

/** Client variables a login shell keeps (OpenSSH's stock AcceptEnv is `LANG LC_*`). */
const ACCEPTED_ENV = /^(LANG|LANGUAGE|LC_[A-Z]+|TZ|COLORTERM|SSH_CLIENT|SSH_CONNECTION|SSH_TTY)$/;
/** Longest client variable value kept. */
const MAX_ENV_VALUE = 4096;
/** Entries read while completing one Tab (directory listings of $PATH). */
const MAX_COMPLETION_SCAN = 20_000;

type Family = 'debian' | 'ubuntu' | 'rhel' | 'arch' | 'alpine' | 'busybox' | 'bsd' | 'other';

function familyOf(distro: Distro): Family {
  const name = distro.name;
  if (name.startsWith('ubuntu')) return 'ubuntu';
  if (name.startsWith('debian') || name === 'kali') return 'debian';
  if (/^(rocky|centos|fedora|rhel|alma)/.test(name)) return 'rhel';
  if (name === 'arch') return 'arch';
  if (name.startsWith('alpine')) return 'alpine';
  if (name === 'busybox') return 'busybox';
  if (name.startsWith('freebsd')) return 'bsd';
  return 'other';
}

/** $PATH a login gets (from /etc/profile, /etc/login.defs and the distro's skeleton files). */
function loginPath(family: Family, user: ShellUser): string {
  const root = user.uid === 0;
  switch (family) {
    case 'ubuntu':
      return root
        ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin'
        : '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin';
    case 'debian':
      return root
        ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
        : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';
    case 'rhel':
      return `${user.home}/.local/bin:${user.home}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin`;
    case 'arch':
      return '/usr/local/sbin:/usr/local/bin:/usr/bin:/usr/bin/site_perl:/usr/bin/vendor_perl:/usr/bin/core_perl';
    case 'alpine':
    case 'busybox':
      return '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
    case 'bsd':
      return '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/root/bin';
    default:
      return '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  }
}

/** The aliases an interactive login gets from the distro's stock .bashrc files. */
function stockAliases(family: Family, user: ShellUser): Array<[string, string]> {
  const colour: Array<[string, string]> = [
    ['ls', 'ls --color=auto'],
    ['grep', 'grep --color=auto'],
    ['fgrep', 'fgrep --color=auto'],
    ['egrep', 'egrep --color=auto'],
  ];
  switch (family) {
    case 'ubuntu':
    case 'debian':
      if (family === 'debian' && user.uid === 0) return [];
      return [...colour, ['ll', 'ls -alF'], ['la', 'ls -A'], ['l', 'ls -CF']];
    case 'rhel':
      return [
        ...colour,
        ['ll', 'ls -l --color=auto'],
        ['l.', 'ls -d .* --color=auto'],
        ...(user.uid === 0
          ? ([
              ['rm', 'rm -i'],
              ['cp', 'cp -i'],
              ['mv', 'mv -i'],
            ] as Array<[string, string]>)
          : []),
      ];
    case 'arch':
      return [
        ['ls', 'ls --color=auto'],
        ['grep', 'grep --color=auto'],
      ];
    default:
      return [];
  }
}

/** Lines to the terminal: on a PTY each `\n` becomes `\r\n` (the tty's onlcr). */
function terminalSink(output: (data: Buffer) => void, tty: boolean, closed: () => boolean): OutputSink {
  return {
    write(data) {
      if (closed() || data.length === 0) return;
      output(tty && data.includes(0x0a) ? bufferOf(bytesOf(data).replace(/\n/g, '\r\n')) : Buffer.from(data));
    },
  };
}

type LineOutcome = { kind: 'status'; status: number } | { kind: 'exit'; status: number };

export class ShellSession {
  private readonly runtime: ShellRuntime;
  private readonly limits: ShellLimits;
  private readonly dialect: ShellDialect;
  private readonly family: Family;
  private readonly terminal: TerminalInfo;
  private readonly closing = new AbortController();
  private readonly options: ShellSessionOptions;
  private state: ShellState;
  /** Shells left by `su`/`sudo -i`: `exit` returns to the one below. */
  private readonly stack: ShellState[] = [];
  /** The line running in the foreground (Ctrl-C stops it). */
  private running: LineBudget | null = null;
  private wake: (() => void) | null = null;
  private inputEnded = false;
  private editor: LineEditor | null = null;
  /** Input read without a PTY (bytes), and how far lines have been taken from it. */
  private raw = '';
  private rawRead = 0;
  private pidCounter: number;

  constructor(options: ShellSessionOptions) {
    this.options = options;
    this.limits = { ...SHELL_LIMITS, ...options.limits };
    this.dialect = dialectFor(options.machine.distro);
    this.family = familyOf(options.machine.distro);
    this.terminal = { ...options.terminal };
    const clock = options.clock;
    const startMs = clock.now();
    const seed = (options.machine.persona.seed ^ startMs) >>> 0;
    const random = mulberry32(seed);
    const pid = options.pid ?? 1000 + Math.floor(random() * 30_000);
    this.pidCounter = pid;
    const accountFor =
      options.accountFor ?? ((name: string) => (name === options.user.name ? options.user : null));
    this.runtime = {
      fs: options.fs,
      machine: options.machine,
      host: options.host,
      clock,
      limits: this.limits,
      terminal: this.terminal,
      dialect: this.dialect,
      commands: new CommandTable(options.commands ?? COMMANDS, options.machine.distro),
      history: new History(this.limits.maxHistoryEntries),
      jobs: new Jobs(),
      pid,
      startMs,
      signal: this.closing.signal,
      nextPid: () => {
        this.pidCounter += 1 + Math.floor(random() * 3);
        return this.pidCounter;
      },
      random: () => Math.floor(random() * 32768),
      internalError: (err) => {
        try {
          options.onInternalError?.(err);
        } catch {
          // The logger failing must not reach the attacker either.
        }
      },
      accountFor: (name) => {
        try {
          return accountFor(name);
        } catch {
          return null;
        }
      },
      switchUser: (state, name) => this.switchUser(state, name),
    };
    this.state = this.loginState('interactive');
    // Each running line and background job listens for the session's end.
    setMaxListeners(this.limits.maxBackgroundJobs + 16, this.closing.signal);
  }

  get user(): ShellUser {
    return this.state.user;
  }

  get cwd(): string {
    return this.state.cwd;
  }

  // ---- the login environment -------------------------------------------------------------------

  private loginState(mode: ShellMode): ShellState {
    const { options, runtime } = this;
    const user = options.user;
    const vars = new Variables(this.limits.maxVariables, this.limits.maxVariableBytes);
    const home = user.home;
    let cwd = '/';
    try {
      if (options.fs.stat(home)?.type === 'dir') cwd = home;
    } catch {
      // An unreadable home: the login starts at /, as sshd's "Could not chdir to home directory" does.
    }
    const name = mode === 'command' ? this.dialect.name : `-${this.dialect.name}`;
    const state = new ShellState(vars, cwd, user, toBytes(name), mode, mode !== 'command');
    const exported: Array<[string, string]> = [
      ['HOME', home],
      ['USER', user.name],
      ['LOGNAME', user.name],
      ['SHELL', user.shell],
      ['PATH', loginPath(this.family, user)],
      ['PWD', cwd],
      ['LANG', this.family === 'ubuntu' ? 'en_US.UTF-8' : 'C.UTF-8'],
      ['SHLVL', '1'],
      ['MAIL', `${this.family === 'rhel' ? '/var/spool/mail' : '/var/mail'}/${user.name}`],
    ];
    if (this.terminal.isTty) exported.push(['TERM', this.terminal.term || 'xterm']);
    if (
      this.family === 'ubuntu' ||
      this.family === 'debian' ||
      this.family === 'rhel' ||
      this.family === 'arch'
    ) {
      exported.push(
        ['XDG_RUNTIME_DIR', `/run/user/${user.uid}`],
        ['XDG_SESSION_ID', String(1 + (runtime.pid % 97))],
      );
    }
    if (this.family === 'ubuntu') exported.push(['MOTD_SHOWN', 'pam']);
    for (const [key, value] of Object.entries(options.env ?? {})) {
      if (
        ACCEPTED_ENV.test(key) &&
        typeof value === 'string' &&
        value.length <= MAX_ENV_VALUE &&
        !value.includes('\0')
      ) {
        exported.push([key, value]);
      }
    }
    for (const [key, value] of exported) vars.set(toBytes(key), toBytes(value), { exported: true });
    // A login bash has OLDPWD exported but unset until the first cd (`declare -x OLDPWD`).
    vars.setAttributes('OLDPWD', { exported: true });
    const shellVars: Array<[string, string]> = [
      ['HOSTNAME', options.machine.hostname],
      ['IFS', ' \t\n'],
      ['PS2', '> '],
      ['PS4', '+ '],
      ['OPTIND', '1'],
      ['PPID', String(Math.max(1, runtime.pid - 1 - (runtime.pid % 7)))],
      ['HOSTTYPE', options.machine.distro.arch],
      ['MACHTYPE', `${options.machine.distro.arch}-pc-linux-gnu`],
      ['OSTYPE', 'linux-gnu'],
    ];
    if (this.dialect.bashVersion !== null) {
      shellVars.push([
        'BASH',
        this.family === 'rhel' || this.family === 'arch' ? '/usr/bin/bash' : '/bin/bash',
      ]);
      shellVars.push(['BASH_VERSION', this.dialect.bashVersion]);
    }
    if (mode === 'interactive') {
      shellVars.push(
        ['PS1', defaultPs1(options.machine, user, this.terminal.term)],
        ['HISTFILE', `${home}/.bash_history`],
        ...(this.family === 'ubuntu' || this.family === 'debian'
          ? [['HISTCONTROL', 'ignoreboth'] as [string, string]]
          : []),
        ['HISTSIZE', String(this.limits.maxHistoryEntries)],
        ['HISTFILESIZE', '2000'],
        ['COLUMNS', String(this.terminal.columns)],
        ['LINES', String(this.terminal.rows)],
      );
      for (const [alias, value] of stockAliases(this.family, user)) state.aliases.set(alias, value);
    }
    for (const [key, value] of shellVars) vars.set(toBytes(key), toBytes(value));
    state.umask = user.uid === 0 || this.family === 'rhel' ? 0o022 : 0o002;
    if (this.family === 'debian' && user.uid !== 0) state.umask = 0o022;
    return state;
  }

  /** `su`/`sudo -i`: the session continues as `name`; `exit` comes back. */
  private switchUser(state: ShellState, name: string): boolean {
    const account = this.runtime.accountFor(name);
    if (!account) return false;
    if (state === this.state) this.stack.push(state.clone());
    const previous = state.user;
    state.user = account;
    state.login = false;
    const vars = state.vars;
    const set = (key: string, value: string) => vars.set(toBytes(key), toBytes(value), { exported: true });
    set('HOME', account.home);
    set('USER', account.name);
    set('LOGNAME', account.name);
    set('SHELL', account.shell);
    set('MAIL', `${this.family === 'rhel' ? '/var/spool/mail' : '/var/mail'}/${account.name}`);
    if ((previous.uid === 0) !== (account.uid === 0)) set('PATH', loginPath(this.family, account));
    if (vars.get('PS1') !== undefined)
      vars.set('PS1', toBytes(defaultPs1(this.options.machine, account, this.terminal.term)));
    return true;
  }

  private returnFromSwitch(): boolean {
    const previous = this.stack.pop();
    if (!previous) return false;
    previous.subshell = 0;
    this.state = previous;
    return true;
  }

  // ---- running lines ---------------------------------------------------------------------------

  /** Runs parsed commands as one line, within a fresh budget. */
  private async runLine(lists: readonly ListNode[], fds: Fds, budget: LineBudget): Promise<LineOutcome> {
    const shell = new Shell(this.runtime, this.state, budget);
    let status = this.state.lastStatus;
    this.running = budget;
    try {
      for (const list of lists) status = await shell.runTop(list, fds);
    } catch (err) {
      if (err instanceof ExitSignal) return { kind: 'exit', status: err.status };
      if (err instanceof LineStop) status = err.reason === 'interrupt' ? SIGINT_STATUS : 1;
      else if (isFlow(err)) status = this.state.lastStatus;
      else {
        this.runtime.internalError(err);
        status = 1;
      }
    } finally {
      budget.dispose();
      this.running = null;
    }
    this.state.lastStatus = status;
    return { kind: 'status', status };
  }

  /** Runs one command line non-interactively (ssh exec, telnet none). Resolves with the exit status. */
  async exec(
    line: string,
    io: { stdin?: Buffer; stdout(data: Buffer): void; stderr(data: Buffer): void },
  ): Promise<number> {
    const text = line.length > this.limits.maxLineBytes ? line.slice(0, this.limits.maxLineBytes) : line;
    this.notify(text);
    if (this.state.mode !== 'command') this.state = this.loginState('command');
    const closed = () => this.closing.signal.aborted;
    const budget = new LineBudget(this.limits, this.runtime.clock, this.closing.signal);
    const fds = Fds.of(
      new InputStream(io.stdin ?? Buffer.alloc(0)),
      budget.outputTo(terminalSink(io.stdout, false, closed)),
      budget.outputTo(terminalSink(io.stderr, false, closed)),
    );
    const shell = new Shell(this.runtime, this.state, budget);
    let status: number;
    this.running = budget;
    try {
      status = await shell.runSource(toBytes(text), fds, 'command');
    } catch (err) {
      if (err instanceof ExitSignal) status = err.status;
      else if (err instanceof LineStop) status = err.reason === 'interrupt' ? SIGINT_STATUS : 1;
      else if (isFlow(err)) status = this.state.lastStatus;
      else {
        this.runtime.internalError(err);
        status = 1;
      }
    } finally {
      budget.dispose();
      this.running = null;
    }
    await this.settleJobs();
    // Nothing reports jobs without a prompt: forget the finished ones.
    this.runtime.jobs.takeFinished();
    return status;
  }

  /** Waits for background jobs (each bounded by its own budget), as sshd waits for their output to close. */
  private async settleJobs(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      if (this.closing.signal.aborted) resolve();
      this.closing.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    // Jobs may start jobs; each chain shares its first job's budget, so this ends.
    for (;;) {
      const running = this.runtime.jobs.active.filter((j) => !j.done).map((j) => j.finished);
      if (running.length === 0 || this.closing.signal.aborted) return;
      await Promise.race([Promise.all(running), closed]);
    }
  }

  private notify(line: string): void {
    try {
      this.options.host.commandEntered(line, {
        cwd: this.state.cwd,
        user: this.state.user.name,
        uid: this.state.user.uid,
      });
    } catch (err) {
      this.runtime.internalError(err);
    }
  }

  // ---- interactive -----------------------------------------------------------------------------

  /**
   * Interactive shell on a byte stream: prints the prompt, edits lines (PTY) or reads raw lines (no PTY),
   * reports each entered line, runs it, repeats. Resolves with the exit status when the user exits or
   * the input ends.
   */
  async interact(input: NodeJS.ReadableStream, output: (data: Buffer) => void): Promise<number> {
    const tty = this.terminal.isTty;
    if (!tty) this.state = this.loginState('script');
    const closed = () => this.closing.signal.aborted;
    const sink = terminalSink(output, tty, closed);
    if (tty) {
      this.editor = new LineEditor({
        maxLineBytes: this.limits.maxLineBytes,
        history: () => this.runtime.history.entries.map(toBytes),
        complete: (word, command) => this.complete(word, command),
      });
    }
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
      const echo = (data: Buffer) => (closed() ? undefined : output(data));
      return this.editor ? await this.interactTty(this.editor, sink, echo) : await this.interactRaw(sink);
    } finally {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('close', onEnd);
      input.removeListener('error', onEnd);
      this.closing.signal.removeEventListener('abort', onClose);
      this.runtime.jobs.stopAll();
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
      // A script piped in (`ssh host < x.sh`) is queued whole, up to the size of a script the shell runs.
      this.raw = this.raw.slice(this.rawRead);
      this.rawRead = 0;
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

  private get done(): boolean {
    return this.closing.signal.aborted;
  }

  /**
   * The next editor event, reading input as it comes; null when the input ended or the session closed.
   * The editor's echo is terminal-ready (it moves the cursor itself), so it bypasses onlcr.
   */
  private async readEvent(editor: LineEditor, echo: (data: Buffer) => void) {
    for (;;) {
      const { output, event } = editor.process();
      if (output) echo(bufferOf(output));
      if (event) return event;
      if (this.done || this.inputEnded) return null;
      await this.waitForInput();
    }
  }

  private async interactTty(
    editor: LineEditor,
    sink: OutputSink,
    echo: (data: Buffer) => void,
  ): Promise<number> {
    for (;;) {
      if (this.done) return this.state.lastStatus;
      this.reportJobs(sink);
      const prompt = await this.prompt('PS1');
      sink.write(bufferOf(prompt));
      editor.start(prompt);
      const first = await this.readEvent(editor, echo);
      if (first === null || first.type === 'eof') {
        if (this.done) return this.state.lastStatus;
        sink.write(bufferOf(this.state.login ? 'logout\n' : 'exit\n'));
        if (this.returnFromSwitch()) continue;
        return this.state.lastStatus;
      }
      if (first.type === 'interrupt') {
        this.state.lastStatus = SIGINT_STATUS;
        continue;
      }
      const entered = await this.readContinuation(first.text, editor, sink, echo);
      if (entered === null) continue;
      const outcome = await this.runEntered(entered, sink, 'interactive');
      if (outcome?.kind === 'exit') {
        if (this.returnFromSwitch()) continue;
        return outcome.status;
      }
    }
  }

  /** Reads continuation lines (PS2) until the text parses; null when abandoned (Ctrl-C, Ctrl-D). */
  private async readContinuation(
    text: string,
    editor: LineEditor,
    sink: OutputSink,
    echo: (data: Buffer) => void,
  ): Promise<string | null> {
    let source = text;
    for (;;) {
      const error = this.incompleteAt(source);
      if (error === null) return source;
      const prompt = await this.prompt('PS2');
      sink.write(bufferOf(prompt));
      editor.start(prompt);
      const next = await this.readEvent(editor, echo);
      if (next === null || next.type === 'eof') {
        if (this.done) return null;
        this.reportEofError(source, sink);
        return null;
      }
      if (next.type === 'interrupt') {
        this.state.lastStatus = SIGINT_STATUS;
        return null;
      }
      source += `\n${next.text}`;
      if (source.length > this.limits.maxLineBytes) {
        this.reportEofError(source, sink);
        return null;
      }
    }
  }

  /** The parse error that more input could fix (bytes in), or null when complete (or wrong for good). */
  private incompleteAt(source: string): ParseError | null {
    try {
      new Parser(`${source}\n`, { maxDepth: this.limits.maxNestingDepth, interactive: true }).parseAll();
      return null;
    } catch (err) {
      return err instanceof ParseError && err.incomplete ? err : null;
    }
  }

  /** Ctrl-D at a continuation prompt: bash reports what was left open. */
  private reportEofError(source: string, sink: OutputSink): void {
    const fds = Fds.of(new InputStream(), sink, sink);
    const budget = new LineBudget(this.limits, this.runtime.clock);
    const shell = new Shell(this.runtime, this.state, budget);
    try {
      new Parser(source, { maxDepth: this.limits.maxNestingDepth, interactive: false }).parseAll();
    } catch (err) {
      if (err instanceof ParseError) shell.reportParseError(err, null, 'interactive', fds);
    } finally {
      budget.dispose();
    }
    this.state.lastStatus = 2;
  }

  /**
   * Runs a line the user entered (bytes): history expansion (interactive), the host's record, history,
   * parsing, execution. Null when nothing ran.
   */
  private async runEntered(
    entered: string,
    sink: OutputSink,
    kind: 'interactive' | 'stdin',
    firstLine = 1,
  ): Promise<LineOutcome | null> {
    let source = entered;
    if (kind === 'interactive') {
      if (source.trim() === '') return null;
      const expanded = expandHistory(source, this.runtime.history.entries.map(toBytes));
      if (!expanded.ok) {
        sink.write(bufferOf(`${this.state.name}: ${expanded.error}\n`));
        this.state.lastStatus = 1;
        return null;
      }
      if (expanded.changed) {
        source = expanded.line;
        sink.write(bufferOf(`${source}\n`));
      }
    }
    this.notify(toText(source));
    if (kind === 'interactive' && this.remembers(source)) this.runtime.history.add(toText(source));
    const budget = new LineBudget(this.limits, this.runtime.clock, this.closing.signal);
    const fds = Fds.of(new InputStream(), budget.outputTo(sink), budget.outputTo(sink));
    const parser = new Parser(`${source}\n`, {
      maxDepth: this.limits.maxNestingDepth,
      interactive: false,
      firstLine,
    });
    const lists: ListNode[] = [];
    try {
      for (let list = parser.nextCommand(); list !== null; list = parser.nextCommand()) lists.push(list);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      const shell = new Shell(this.runtime, this.state, budget);
      if (kind === 'interactive') {
        shell.reportParseError(err, parser, 'interactive', fds);
        budget.dispose();
        this.state.lastStatus = 2;
        return { kind: 'status', status: 2 };
      }
      // Without a terminal bash runs what parsed before the error, then reports it.
      const outcome = await this.runLine(lists, fds, budget);
      if (outcome.kind === 'exit') return outcome;
      this.state.line = err.line;
      shell.reportParseError(err, parser, 'script', fds);
      this.state.lastStatus = 2;
      return { kind: 'status', status: 2 };
    }
    const outcome = await this.runLine(lists, fds, budget);
    if (budget.stopped === 'interrupt') sink.write(bufferOf('^C\n'));
    if (kind === 'stdin') this.runtime.jobs.takeFinished();
    return outcome;
  }

  /** Whether a line goes into the history: HISTCONTROL's ignorespace and ignoredups (Debian's .bashrc sets ignoreboth). */
  private remembers(line: string): boolean {
    const control = this.state.vars.get('HISTCONTROL') ?? '';
    if (/ignore(space|both)/.test(control) && line.startsWith(' ')) return false;
    if (/ignore(dups|both)/.test(control) && toBytes(this.runtime.history.entries.at(-1) ?? '') === line)
      return false;
    return true;
  }

  /** Without a PTY: no echo, no prompt; each line (or the lines of one unfinished command) runs as read. */
  private async interactRaw(sink: OutputSink): Promise<number> {
    let lineNumber = 1;
    let source: string | null = null;
    let sourceLine = 1;
    for (;;) {
      if (this.done) return this.state.lastStatus;
      let line: string | null = null;
      const newline = this.raw.indexOf('\n', this.rawRead);
      const queued = this.raw.length - this.rawRead;
      if (newline !== -1 && newline - this.rawRead <= this.limits.maxLineBytes) {
        line = this.raw.slice(this.rawRead, newline);
        this.rawRead = newline + 1;
      } else if (queued > this.limits.maxLineBytes) {
        // An overlong line is cut at the bound; the rest of it is dropped.
        line = this.raw.slice(this.rawRead, this.rawRead + this.limits.maxLineBytes);
        this.rawRead = newline === -1 ? this.raw.length : newline + 1;
      } else if (this.inputEnded) {
        if (queued > 0) {
          line = this.raw.slice(this.rawRead);
          this.rawRead = this.raw.length;
        }
      } else {
        await this.waitForInput();
        continue;
      }
      if (line === null) {
        // The input ended: what is left unfinished runs (and reports the end of file).
        if (source !== null) {
          const outcome = await this.runEntered(source, sink, 'stdin', sourceLine);
          if (outcome?.kind === 'exit') return outcome.status;
        }
        return this.state.lastStatus;
      }
      if (source === null) {
        source = line;
        sourceLine = lineNumber;
      } else source += `\n${line}`;
      lineNumber++;
      if (source.length <= this.limits.maxLineBytes && this.incompleteAt(source) !== null) continue;
      const text = source;
      source = null;
      if (text.trim() === '') continue;
      const outcome = await this.runEntered(text, sink, 'stdin', sourceLine);
      if (outcome?.kind === 'exit') {
        if (this.returnFromSwitch()) continue;
        return outcome.status;
      }
    }
  }

  // ---- prompt, jobs, completion ----------------------------------------------------------------

  /** PS1 or PS2 after escapes and parameter expansion (bash(1) "PROMPTING"). */
  private async prompt(variable: 'PS1' | 'PS2'): Promise<string> {
    const { state } = this;
    const value = state.vars.get(variable);
    if (value === undefined) return '';
    const escaped = renderPromptEscapes(value, {
      user: toBytes(state.user.name),
      uid: state.user.uid,
      hostname: toBytes(this.options.machine.hostname),
      cwd: toBytes(state.cwd),
      home: toBytes(state.vars.get('HOME') ?? state.user.home),
      shell: 'bash',
      version: this.dialect.bashVersion ?? '5.1.16',
      historyNumber: this.runtime.history.firstNumber + this.runtime.history.entries.length,
      jobs: this.runtime.jobs.running,
      nowMs: this.runtime.clock.now(),
    });
    if (!escaped.includes('$') && !escaped.includes('`')) return escaped;
    const budget = new LineBudget(this.limits, this.runtime.clock, this.closing.signal);
    try {
      const word = parseExpandable(escaped, { maxDepth: this.limits.maxNestingDepth });
      const shell = new Shell(this.runtime, this.state.clone(), budget);
      return await shell.expander.heredoc(word);
    } catch {
      return escaped;
    } finally {
      budget.dispose();
    }
  }

  /** `[1]+  Done    cmd` for background jobs that finished since the last prompt. */
  private reportJobs(sink: OutputSink): void {
    const jobs = this.runtime.jobs;
    const finished = jobs.takeFinished();
    finished.forEach((job, i) => {
      const marker = i === finished.length - 1 ? '+' : i === finished.length - 2 ? '-' : ' ';
      const state = job.status === 0 ? 'Done' : `Exit ${job.status}`;
      sink.write(bufferOf(`[${job.id}]${marker}  ${state.padEnd(24)}${toBytes(job.command)}\n`));
    });
  }

  /** Tab: command names in command position, otherwise paths (bytes in, bytes out). */
  private complete(word: string, command: boolean): Completion {
    const fs = this.options.fs;
    const matches = new Set<string>();
    let scanned = 0;
    if (command && !word.includes('/')) {
      const names = [
        ...BUILTINS.keys(),
        ...KEYWORDS,
        ...this.state.functions.keys(),
        ...this.state.aliases.keys(),
      ];
      for (const name of names) if (name.startsWith(word)) matches.add(name);
      for (const dir of (this.state.vars.get('PATH') ?? '').split(':')) {
        let entries: string[];
        try {
          entries = fs.readdir(resolvePath(this.state.cwd, toText(dir || '.')));
        } catch {
          continue;
        }
        for (const entry of entries) {
          if (++scanned > MAX_COMPLETION_SCAN) break;
          const bytes = toBytes(entry);
          if (bytes.startsWith(word)) matches.add(bytes);
        }
      }
      return { matches: [...matches].sort() };
    }
    const slash = word.lastIndexOf('/');
    const dirPart = slash === -1 ? '' : word.slice(0, slash + 1);
    const base = word.slice(slash + 1);
    let lookIn = dirPart === '' ? '.' : dirPart;
    if (lookIn.startsWith('~')) {
      const home = this.state.vars.get('HOME') ?? toBytes(this.state.user.home);
      lookIn = lookIn === '~' || lookIn.startsWith('~/') ? home + lookIn.slice(1) : lookIn;
    }
    const dir = resolvePath(this.state.cwd, toText(lookIn));
    let entries: string[] = [];
    try {
      entries = fs.readdir(dir);
    } catch {
      return { matches: [] };
    }
    for (const entry of entries) {
      if (++scanned > MAX_COMPLETION_SCAN) break;
      const bytes = toBytes(entry);
      if (!bytes.startsWith(base) || (bytes.startsWith('.') && !base.startsWith('.'))) continue;
      let isDir = false;
      try {
        isDir = fs.stat(resolvePath(dir, entry))?.type === 'dir';
      } catch {
        isDir = false;
      }
      matches.add(`${dirPart}${bytes}${isDir ? '/' : ''}`);
    }
    return { matches: [...matches].sort() };
  }

  // ---- embedder controls -----------------------------------------------------------------------

  resize(columns: number, rows: number): void {
    if (!Number.isInteger(columns) || !Number.isInteger(rows) || columns <= 0 || rows <= 0) return;
    this.terminal.columns = Math.min(columns, 10_000);
    this.terminal.rows = Math.min(rows, 10_000);
    if (this.state.vars.get('COLUMNS') !== undefined) {
      this.state.vars.set('COLUMNS', String(this.terminal.columns));
      this.state.vars.set('LINES', String(this.terminal.rows));
    }
  }

  /** Aborts what is running and stops `interact` (connection closed). */
  close(): void {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    this.running?.stop('closed');
    this.runtime.jobs.stopAll();
    this.wakeUp();
  }
}

function isFlow(err: unknown): boolean {
  return err !== null && typeof err === 'object' && !(err instanceof Error);
}
