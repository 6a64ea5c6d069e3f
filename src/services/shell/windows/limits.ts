/**
 * Bounds of the cmd.exe emulation beyond the shell's own (SHELL_LIMITS bounds every line's steps,
 * time, output, pipes, variables and history here too). STYLE.md "Names and numbers": each says where
 * its value comes from.
 */
export const CMD_LIMITS = {
  /** Characters of a drawn prompt: PROMPT is attacker-set and each line repeats it. */
  maxPromptChars: 1024,
  /** Directories one `dir /s` walks: all of C: on a real install is far more, and nobody reads that much. */
  maxDirectoriesWalked: 2000,
  /** Files one `del` removes: a wipe loop is bounded like any other. */
  maxFilesDeleted: 10_000,
  /** Lines one `tree` draws: `tree C:\` on a real install runs to tens of thousands. */
  maxTreeLines: 5000,
  /** Files one `findstr /s` reads. */
  maxFilesSearched: 2000,
  /**
   * `*` in one findstr pattern and characters of a line it is tried on: a pattern costs line length to
   * the power of its stars, so these keep the worst case small.
   */
  maxPatternStars: 4,
  maxRegexLineChars: 1024,
  /** Echo requests one ping sends (its `-n` allows far more; nobody waits that long on a honeypot). */
  maxPingCount: 10,
  /** Hops tracert draws before stopping: its default of 30 would hold the line for minutes. */
  maxHopsDrawn: 6,
  /** Tokens of one `set /a` expression: any real one is far shorter. */
  maxArithmeticTokens: 4096,
  /** Characters of a URL handed to the host: no downloader takes a megabyte URL. */
  maxUrlChars: 4096,
  /** Characters of a decoded `powershell -enc` payload run and logged: real ones are a few KiB. */
  maxDecodedChars: 256 * 1024,
  /** Statements one PowerShell script runs (a decoded payload is a few dozen). */
  maxPowerShellStatements: 1000,
  /** `IEX` of `IEX` of …: nesting past this is cut. */
  maxPowerShellDepth: 8,
  /** Directories pushd remembers: deeper than any script goes. */
  maxPushedDirectories: 64,
  /** Iterations of one `for` loop (each also takes a step of the line's budget). */
  maxForIterations: 10_000,
  /** Variables a PowerShell script may set. */
  maxPowerShellVariables: 256,
} as const;
