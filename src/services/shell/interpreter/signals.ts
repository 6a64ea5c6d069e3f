/**
 * Control flow that unwinds the interpreter: `exit`, `return`, `break`/`continue`, and a pipeline
 * stage whose reader went away. They are thrown values, not Errors, so no `catch (err: Error)` meant
 * for failures swallows them.
 */

/** `exit N`: ends the shell it is thrown in (a subshell ends only itself). */
export class ExitSignal {
  constructor(readonly status: number) {}
}

/** `return N` from a function or a sourced file. */
export class ReturnSignal {
  constructor(readonly status: number) {}
}

/** `break N` / `continue N`: `levels` loops are left (the last one continued). */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/** The next pipeline stage stopped reading (its buffer filled): this stage ends as if by SIGPIPE. */
export class StageStop {}

/** 128 + SIGPIPE (13): what a writer killed by a closed pipe exits with. */
export const SIGPIPE_STATUS = 141;
/** 128 + SIGINT (2): a command interrupted by Ctrl-C. */
export const SIGINT_STATUS = 130;
