import type { Migration } from './migration.js';

/**
 * The API lists attackers sorted on any of these columns, ties broken on uuid in the same direction:
 * an index on `(column, uuid)` gives the first page of 100k attackers by reading 50 index entries
 * instead of sorting the table. They replace 001's single-column indexes on last_seen and event_count,
 * which they cover. `ip` needs none: it is UNIQUE, so its own index orders it completely.
 */
const SORTED = [
  'last_seen',
  'first_seen',
  'event_count',
  'credential_count',
  'session_count',
  'command_count',
  'bounty_count',
] as const;

const statements = [
  'DROP INDEX IF EXISTS attackers_last_seen',
  'DROP INDEX IF EXISTS attackers_event_count',
  ...SORTED.map((column) => `CREATE INDEX attackers_by_${column} ON attackers (${column}, uuid)`),
];

export const attackerIndexes: Migration = {
  version: 3,
  name: 'attacker-indexes',
  sqlite: statements,
  postgres: statements,
};
