/**
 * The contract between the cmd.exe emulation (`session.ts`) and the Windows programs it runs
 * (`commands/`). As on the Linux side a command is a function of its context: it reads `stdin`, writes
 * `stdout`/`stderr` (CRLF line ends, as Windows programs write them), works on the session's drive and
 * returns an exit code; nothing it does reaches the host.
 */
import type { Clock } from '../../../runtime/clock.js';
import type { Machine, ShellUser, TerminalInfo } from '../command.js';
import type { ShellHost } from '../host.js';
import type { WindowsDrive } from './drive.js';
import type { CmdEnvironment } from './environment.js';

export interface CmdContext {
  /** The name as typed (`whoami`, `WHOAMI.EXE`, `C:\Windows\System32\whoami.exe`). */
  name: string;
  /** What followed the name on the command line, untouched (cmd hands programs one string). */
  rawArgs: string;
  /** rawArgs split the way the C runtime splits a command line. */
  args: readonly string[];
  stdin: Buffer;
  stdout(data: string | Buffer): void;
  stderr(data: string | Buffer): void;
  drive: WindowsDrive;
  env: CmdEnvironment;
  /** Current directory (`C:\Users\Administrator`). */
  readonly cwd: string;
  /** Changes the current directory; false when it does not exist. */
  chdir(path: string): boolean;
  user: ShellUser;
  machine: Machine;
  host: ShellHost;
  terminal: TerminalInfo;
  clock: Clock;
  history: readonly string[];
  /** Aborts when the line is stopped (Ctrl-C, a bound, the session ending). */
  signal: AbortSignal;
  /** Waits within the line's bounds; rejects with AbortError on `signal`. */
  sleep(ms: number): Promise<void>;
  /** Runs a command line in this shell (`cmd /c`, `powershell` calling a program), writing to this command's output. */
  run(line: string, options?: { stdin?: Buffer; discardOutput?: boolean }): Promise<number>;
  /** Runs a command line and returns what it printed to stdout (`for /f`'s `('command')`). */
  capture(line: string): Promise<string>;
  /** Echo state (`echo off`) and the `exit` request, kept by the shell. */
  shell: CmdShellControls;
}

export interface CmdShellControls {
  echo: boolean;
  /** The exit code of the previous command (ERRORLEVEL). */
  readonly lastStatus: number;
  /** Ends the session (or the nested shell) with this code after the current line. */
  exit(code: number): void;
  /** Clears the screen (cls). */
  clearScreen(): void;
  /** Enters an interactive PowerShell prompt until its `exit` (only in an interactive session). */
  enterPowerShell(): boolean;
  /** A nested `cmd` in an interactive session: the next `exit` leaves it instead of the session. */
  enterCmd(): void;
  /** Whether the session is interactive (prompt and echo) rather than one `cmd /c` line. */
  readonly interactive: boolean;
  /** Whether a name runs something in cmd (a command, or a program file on the drive). */
  isProgram(name: string): boolean;
  /** Records a command line that ran inside another (a decoded `powershell -enc`) as its own `command` event. */
  logNested(line: string): void;
}

export type CmdHandler = (ctx: CmdContext) => number | Promise<number>;

export interface CmdCommand {
  /** Lower-case name without extension (`whoami`). */
  name: string;
  /** Other names it answers to (`md` for `mkdir`). */
  aliases?: readonly string[];
  /**
   * Where the program lives (`C:\Windows\System32\whoami.exe`) for `where` and full-path invocation;
   * absent for cmd's internal commands (`dir`, `cd`, `echo`, `set` …).
   */
  path?: string;
  run: CmdHandler;
}

/** Defines a command (only for type inference at the definition site). */
export function defineCmd(command: CmdCommand): CmdCommand {
  return command;
}
