import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Operator-facing structured logs go to stderr so that stdout stays clean for command output
 * (`decnet attackers --json | jq`). Field names are stable; secrets never go in.
 */
export function createLogger(level: string, name = 'decnet'): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}

/** A logger that drops everything, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });
