import type { Command } from 'commander';
import { iterateAttackers } from '../db/repositories/attackers.js';
import { iterateCredentials } from '../db/repositories/credentials.js';
import { iterateLogs } from '../db/repositories/logs.js';
import type { AttackerRow, CredentialRow, LogRow } from '../db/schema.js';
import { withDatabase } from './context.js';
import { CliError, EXIT } from './errors.js';
import { type Column, writeJsonArray, writeTable } from './output.js';

/** The most rows one listing prints: enough for a full export, bounded so a typo cannot run forever. */
export const MAX_LISTING_ROWS = 1_000_000;
const DEFAULT_LISTING_ROWS = 50;

interface ListingOptions {
  limit: string;
  service?: string;
  ip?: string;
  decky?: string;
  json?: boolean;
}

function parseLimit(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LISTING_ROWS) {
    throw new CliError(
      `--limit must be a whole number from 1 to ${MAX_LISTING_ROWS.toLocaleString('en')}, got ${JSON.stringify(raw)}`,
      EXIT.usage,
    );
  }
  return n;
}

function listing(program: Command, name: string, description: string) {
  return program
    .command(name)
    .description(description)
    .option(
      '-n, --limit <rows>',
      `rows to print, newest first (up to ${MAX_LISTING_ROWS.toLocaleString('en')})`,
      String(DEFAULT_LISTING_ROWS),
    )
    .option('--service <name>', 'only this service (APP-NAME), e.g. ssh or http')
    .option('--ip <address>', 'only this attacker IP')
    .option('--decky <name>', 'only this decky')
    .option('--json', 'print a JSON array of row objects instead of a table');
}

const LOG_COLUMNS: Column<LogRow>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'time', value: (r) => r.timestamp },
  { header: 'decky', value: (r) => r.decky, max: 24 },
  { header: 'service', value: (r) => r.service, max: 16 },
  { header: 'event', value: (r) => r.event_type, max: 24 },
  { header: 'attacker', value: (r) => r.attacker_ip },
  { header: 'details', value: (r) => summariseFields(r), max: 70 },
];

const ATTACKER_COLUMNS: Column<AttackerRow>[] = [
  { header: 'ip', value: (r) => r.ip },
  { header: 'first seen', value: (r) => r.first_seen },
  { header: 'last seen', value: (r) => r.last_seen },
  { header: 'events', value: (r) => r.event_count },
  { header: 'credentials', value: (r) => r.credential_count },
  { header: 'commands', value: (r) => r.command_count },
  { header: 'services', value: (r) => r.services.join(','), max: 30 },
  { header: 'deckies', value: (r) => r.deckies.join(','), max: 30 },
];

const CREDENTIAL_COLUMNS: Column<CredentialRow>[] = [
  { header: 'last seen', value: (r) => r.last_seen },
  { header: 'attacker', value: (r) => r.attacker_ip },
  { header: 'decky', value: (r) => r.decky, max: 24 },
  { header: 'service', value: (r) => r.service, max: 16 },
  { header: 'principal', value: (r) => r.principal, max: 32 },
  { header: 'secret', value: (r) => r.secret_printable, max: 32 },
  { header: 'kind', value: (r) => r.secret_kind },
  { header: 'attempts', value: (r) => r.attempt_count },
];

function summariseFields(row: LogRow): string {
  if (row.msg && Object.keys(row.fields).length === 0) return row.msg;
  return Object.entries(row.fields)
    .filter(([k]) => !k.startsWith('secret_'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** A log row as JSON: the stored columns with every parsed structured-data field spread in too. */
function logJson(row: LogRow): Record<string, unknown> {
  return { ...row.fields, ...row };
}

export function registerListings(program: Command): void {
  listing(program, 'logs', 'list stored log events, newest first')
    .option('--event <type>', 'only this event type (MSGID), e.g. auth_attempt')
    .action(async (opts: ListingOptions & { event?: string }) => {
      const limit = parseLimit(opts.limit);
      await withDatabase(async (database) => {
        const rows = iterateLogs(
          database,
          { service: opts.service, attackerIp: opts.ip, decky: opts.decky, eventType: opts.event },
          limit,
        );
        if (opts.json) await writeJsonArray(rows, logJson);
        else await writeTable(LOG_COLUMNS, rows);
      });
    });

  listing(program, 'attackers', 'list attackers (one per source IP), most recently active first').action(
    async (opts: ListingOptions) => {
      const limit = parseLimit(opts.limit);
      await withDatabase(async (database) => {
        const rows = iterateAttackers(
          database,
          { service: opts.service, ip: opts.ip, decky: opts.decky },
          limit,
        );
        if (opts.json) await writeJsonArray(rows);
        else await writeTable(ATTACKER_COLUMNS, rows);
      });
    },
  );

  listing(program, 'credentials', 'list captured credentials, newest first').action(
    async (opts: ListingOptions) => {
      const limit = parseLimit(opts.limit);
      await withDatabase(async (database) => {
        const rows = iterateCredentials(
          database,
          { service: opts.service, attackerIp: opts.ip, decky: opts.decky },
          limit,
        );
        if (opts.json) await writeJsonArray(rows);
        else await writeTable(CREDENTIAL_COLUMNS, rows);
      });
    },
  );
}
