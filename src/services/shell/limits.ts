/**
 * Every bound the fake shell works within (STYLE.md "Names and numbers"). An attacker controls every
 * byte a session reads, so each thing that can grow (a line, a loop, an expansion, output, variables,
 * history) has a ceiling here. Past a ceiling the shell stops the command line it is running, the way a
 * real machine would kill a runaway job, and the session carries on with the next prompt.
 */

export interface ShellLimits {
  /** Bytes in one input line (and in one command string given to `exec`). */
  maxLineBytes: number;
  /** Nesting of compound commands, substitutions and expansions while parsing and expanding. */
  maxNestingDepth: number;
  /** Commands, loop iterations and function calls run for one command line. */
  maxStepsPerLine: number;
  /** Wall time one command line may take, sleeps included. */
  maxWallMsPerLine: number;
  /** Bytes one command line may write to the terminal (or the exec channel); the rest is dropped. */
  maxOutputBytesPerLine: number;
  /** Bytes a pipe, command substitution or file redirection holds; the writer is stopped past it. */
  maxPipeBytes: number;
  /** Words one brace expansion may produce. */
  maxBraceWords: number;
  /** Bytes of text expansions may produce for one command line, all words together. */
  maxExpansionBytesPerLine: number;
  /** Bytes of arguments and environment one command may receive (ARG_MAX). */
  maxArgumentBytes: number;
  /** Pattern-matching steps (subject characters × pattern positions) for one command line. */
  maxMatchStepsPerLine: number;
  /** Shell function call depth (bash's FUNCNEST). */
  maxFunctionDepth: number;
  /** Variables a shell may hold. */
  maxVariables: number;
  /** Bytes of one variable's value. */
  maxVariableBytes: number;
  /** Entries kept in the history list (bash's HISTSIZE). */
  maxHistoryEntries: number;
  /** Commands in one pipeline. */
  maxPipelineStages: number;
  /** Pathnames one glob may match, and directories it may read. */
  maxGlobMatches: number;
  /** Background jobs running at once. */
  maxBackgroundJobs: number;
  /** Bytes of a script file the shell will run (`./x.sh`, `source`). */
  maxScriptBytes: number;
}

export const SHELL_LIMITS: Readonly<ShellLimits> = Object.freeze({
  /** A pasted one-liner dropper is a few KiB; 64 KiB takes any of them and cuts a flood (bash has none). */
  maxLineBytes: 64 * 1024,
  /** Real scripts nest a handful of levels; 64 keeps recursion in the parser and expander shallow. */
  maxNestingDepth: 64,
  /** A loop over a few thousand items fits many times over; `while true; do :; done` stops quickly. */
  maxStepsPerLine: 100_000,
  /** Long enough for a download with retries or a `sleep 10`, short enough that a loop cannot hold a session. */
  maxWallMsPerLine: 30_000,
  /** `cat` of a large log fits; `yes` does not run forever. */
  maxOutputBytesPerLine: 1024 * 1024,
  /** Same ceiling as terminal output: what one stage may hand to the next. */
  maxPipeBytes: 1024 * 1024,
  /** `{1..10000}` expands; `{1..999999999}` is refused before it allocates. */
  maxBraceWords: 10_000,
  /** Sixty-four full pipes' worth: doubling a variable in a loop stops long before memory does. */
  maxExpansionBytesPerLine: 64 * 1024 * 1024,
  /** Linux's ARG_MAX default (a quarter of an 8 MiB stack). */
  maxArgumentBytes: 2 * 1024 * 1024,
  /**
   * `${x//pat/}` over a whole 1 MiB variable with a short pattern fits; a hostile `*a*a*a*b` over a long
   * value stops in a fraction of a second.
   */
  maxMatchStepsPerLine: 16 * 1024 * 1024,
  /** Deep enough for recursive helpers; a fork bomb `:(){ :|:& };:` stops here. */
  maxFunctionDepth: 100,
  /** A login environment has about 40; scripts rarely define more than a few hundred. */
  maxVariables: 4096,
  /** One variable holding a whole downloaded script fits. */
  maxVariableBytes: 1024 * 1024,
  /** bash's default HISTSIZE is 500 (Debian's .bashrc sets 1000). */
  maxHistoryEntries: 1000,
  /** Longer than any pipeline a person or bot writes. */
  maxPipelineStages: 64,
  /** `ls /usr/bin/*` on a full install matches a few thousand. */
  maxGlobMatches: 10_000,
  /** `cmd &` a few times is normal; a fork bomb is not. */
  maxBackgroundJobs: 16,
  /** Dropper scripts are a few KiB; 1 MiB leaves room for a bundled payload. */
  maxScriptBytes: 1024 * 1024,
});
