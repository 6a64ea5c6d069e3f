/** Every bound the emulated commands work within (STYLE.md "Names and numbers"). */
export const COMMAND_LIMITS = {
  /**
   * Bytes one command may write to its output: `cat` of the largest file a session can hold, and `yes`
   * or `seq 1 1e9` stop here instead of flooding the session.
   */
  maxOutputBytes: 8 * 1024 * 1024,
  /** Nodes `find`, `ls -R`, `du`, `grep -r`, `chmod -R` … visit: a whole seeded tree is a few thousand. */
  maxWalkNodes: 20_000,
  /** Pattern length for grep/sed/awk/find regexes: no hand-typed pattern comes near it. */
  maxPatternLength: 1024,
  /** Compiled program size of one regex (after {n,m} expansion), bounding matcher memory and time. */
  maxRegexProgram: 20_000,
  /**
   * Regex matcher steps (thread × character) per command: about a second of matching, far more than any
   * real pipeline over a session's files needs; past it the program fails with "memory exhausted".
   */
  maxRegexSteps: 20_000_000,
  /** Characters of one input line a matcher looks at (long minified lines are cut, as grep's buffer is not). */
  maxLineLength: 64 * 1024,
  /** Lines `sort`, `uniq`, `tac` … hold. */
  maxLines: 500_000,
  /** Statements an awk or sed program may execute in one run (bounds `while(1)` and `b` loops). */
  maxScriptSteps: 5_000_000,
  /** Lines `yes` prints before stopping (a real `yes | head` only ever takes a few). */
  maxYesLines: 100_000,
  /** Numbers `seq` prints. */
  maxSeqLines: 1_000_000,
  /** Seconds `sleep` waits (the shell's own idle limit ends a session long before). */
  maxSleepSeconds: 3600,
  /** Echo replies `ping` prints without -c (Ctrl-C ends it sooner). */
  maxPingCount: 100,
  /** Commands `xargs` runs. */
  maxXargsRuns: 1000,
  /** Entries in an archive `tar` lists or extracts. */
  maxArchiveEntries: 5000,
} as const;
