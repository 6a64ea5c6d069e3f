import { CliError, EXIT } from './errors.js';

export function parsePort(raw: string, option: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535)
    throw new CliError(`${option} must be a port from 1 to 65535, got ${JSON.stringify(raw)}`, EXIT.usage);
  return n;
}
