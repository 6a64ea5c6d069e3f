/** Exit codes of the `decnet` command. */
export const EXIT = {
  ok: 0,
  /** Something failed: the message says what. */
  failure: 1,
  /** The command line was wrong (commander uses this too). */
  usage: 2,
  /** `decnet status` and control commands: no instance is running on this DECNET_HOME. */
  notRunning: 3,
} as const;

/** An expected failure: printed as `decnet: <message>` without a stack, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
