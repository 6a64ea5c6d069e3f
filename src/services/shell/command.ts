/**
 * The contract between the fake shell's interpreter (`interpreter/`) and the commands it runs
 * (`commands/`). A command is a function of its context: it reads `stdin`, writes `stdout`/`stderr`,
 * works on the session's virtual filesystem and returns an exit status. Nothing a command does reaches
 * the host: no real process, file or connection.
 */
import type { Distro } from '../../fabric/catalogue/distros.js';
import type { Clock } from '../../runtime/clock.js';
import type { DeckyPersona } from '../service.js';
import type { ShellFs } from './filesystem.js';
import type { ShellHost } from './host.js';

/** The account a shell runs as (from the session's /etc/passwd). */
export interface ShellUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
  /** Supplementary groups, primary group first, as `id` prints them. */
  groups: ReadonlyArray<{ name: string; gid: number }>;
}

/** The fake hardware and network a decky reports, seeded per decky so it is stable across sessions. */
export interface Machine {
  persona: DeckyPersona;
  distro: Distro;
  hostname: string;
  /** When the machine "booted", epoch milliseconds: uptime is now minus this. */
  bootMs: number;
  cpu: { model: string; vendor: string; cores: number; mhz: number; cacheKiB: number; flags: string };
  memoryKiB: number;
  /** Size of the root filesystem, in 1K blocks, and how much of it is used. */
  disk: { device: string; blocks: number; usedBlocks: number };
  network: {
    /** The primary interface name (`eth0`, `ens18` …). */
    iface: string;
    ip: string;
    prefixLength: number;
    mac: string;
    gateway: string;
  };
}

/** The shell's variables (bash semantics: a variable is exported or not). */
export interface ShellVariables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  unset(name: string): void;
  export(name: string, value?: string): void;
  /** Exported variables, for `env`/`printenv` and child shells. */
  exported(): ReadonlyMap<string, string>;
}

export interface TerminalInfo {
  /** Whether the session has a PTY (programs such as `top` and `ls` format for it). */
  isTty: boolean;
  columns: number;
  rows: number;
  /** $TERM as the client asked for it. */
  term: string;
}

export interface CommandContext {
  /** argv[0] is the name as invoked (`ls`, `/bin/ls`, `busybox`). */
  argv: readonly string[];
  /** The command's whole input: the previous pipeline stage, a redirect, or empty at a terminal. */
  stdin: Buffer;
  stdout(data: string | Buffer): void;
  stderr(data: string | Buffer): void;
  fs: ShellFs;
  /** Current directory, absolute. */
  cwd: string;
  /** Changes the shell's current directory (throws ShellFsError ENOENT/ENOTDIR). */
  chdir(path: string): void;
  env: ShellVariables;
  user: ShellUser;
  machine: Machine;
  host: ShellHost;
  terminal: TerminalInfo;
  /** Command lines entered so far in this session, oldest first (`history`). */
  history: readonly string[];
  clock: Clock;
  /** Aborts when the session ends or the user presses Ctrl-C. */
  signal: AbortSignal;
  /** Waits (sleep, ping) within the shell's bounds; rejects with AbortError on `signal`. */
  sleep(ms: number): Promise<void>;
  /**
   * Runs a command line (`sh -c`, `sudo CMD`, `xargs`, `busybox NAME`, `nohup`) in this shell with its
   * own input, writing to this command's output. Resolves with its exit status.
   */
  run(line: string | readonly string[], options?: { stdin?: Buffer }): Promise<number>;
  /** Where a command name resolves in $PATH (`/usr/bin/ls`), or null (which, type, command -v). */
  which(name: string): string | null;
  /** Continues the session as another account (`su`, `sudo -i`); false when it does not exist. */
  switchUser(name: string): boolean;
  /** Ends the shell after this command with this status (`exit`, `logout`). */
  exit(code: number): void;
}

export type CommandHandler = (ctx: CommandContext) => number | Promise<number>;

export interface CommandSpec {
  name: string;
  /** Where the program lives on a Linux install (`/usr/bin/uname`); the filesystem seeds a file there. */
  path: string;
  /** Whether the decky's distro ships it (default: every Linux distro). */
  availableOn?(distro: Distro): boolean;
  /**
   * A multi-call binary (BusyBox): run through a link named after another program, it acts as that
   * program, so `/bin/grep -> busybox` runs grep.
   */
  multiCall?: boolean;
  run: CommandHandler;
}
