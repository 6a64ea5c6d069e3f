/**
 * One shell's state: what a subshell copies and a new shell (a script, `bash -c`) starts afresh.
 * Variable names and values, positional parameters and $0 are bytes; the current directory is text,
 * as the filesystem takes it.
 */
import type { ShellUser } from '../command.js';
import type { FunctionDef } from '../syntax/ast.js';
import type { Variables } from './variables.js';

/** How the shell reads commands: it decides how messages name their source (`-bash: `, `bash: line 3: `). */
export type ShellMode = 'interactive' | 'command' | 'script';

export class ShellState {
  functions = new Map<string, FunctionDef>();
  aliases = new Map<string, string>();
  positional: string[] = [];
  lastStatus = 0;
  /** $! */
  lastBackgroundPid: number | undefined;
  umask = 0o022;
  traps = new Map<string, string>();
  /** `set -o` options that are on, by their single letters (`x`, `e`, `u`, `f` …). */
  options = new Set<string>();
  loopDepth = 0;
  functionDepth = 0;
  /** Depth of `source`d files (a `return` there ends the file). */
  sourceDepth = 0;
  /** Line being run, for `bash: line N:` messages and $LINENO. */
  line = 1;
  /** $BASH_SUBSHELL */
  subshell = 0;
  /** The file being `source`d, which messages name (`bash: x.sh: line 2: …`). */
  sourceName: string | undefined;

  constructor(
    public vars: Variables,
    public cwd: string,
    public user: ShellUser,
    /** $0 */
    public name: string,
    public mode: ShellMode,
    /** A login shell (`-bash`): `exit` says `logout`, and `logout` is allowed. */
    public login: boolean,
  ) {}

  /** A subshell: everything copied, changes stay inside it. */
  clone(): ShellState {
    const copy = new ShellState(this.vars.clone(), this.cwd, this.user, this.name, this.mode, this.login);
    copy.functions = new Map(this.functions);
    copy.aliases = new Map(this.aliases);
    copy.positional = [...this.positional];
    copy.lastStatus = this.lastStatus;
    copy.lastBackgroundPid = this.lastBackgroundPid;
    copy.umask = this.umask;
    copy.traps = new Map(this.traps);
    copy.options = new Set(this.options);
    copy.loopDepth = this.loopDepth;
    copy.functionDepth = this.functionDepth;
    copy.sourceDepth = this.sourceDepth;
    copy.line = this.line;
    copy.subshell = this.subshell + 1;
    copy.sourceName = this.sourceName;
    return copy;
  }

  /** A new shell process (a script, `bash -c`): exported variables only, nothing else inherited. */
  child(name: string, mode: ShellMode, positional: readonly string[]): ShellState {
    const shell = new ShellState(this.vars.exportedOnly(), this.cwd, this.user, name, mode, false);
    shell.positional = [...positional];
    shell.umask = this.umask;
    shell.functionDepth = this.functionDepth;
    return shell;
  }
}
