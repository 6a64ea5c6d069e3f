/**
 * The database as Kysely sees it. One interface per table; the SQL that creates them lives in
 * `migrations/`. Timestamps are ISO-8601 UTC strings with microseconds on both dialects (TEXT on SQLite,
 * TIMESTAMPTZ on PostgreSQL, normalised on read by `connection.ts`). JSON columns hold native values
 * (TEXT on SQLite, JSONB on PostgreSQL) and are encoded/decoded by `json-plugin.ts`.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A JSON column: application code reads and writes native values. */
export type Json<T> = ColumnType<T, T, T>;
/** A column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface LogsTable {
  id: Generated<number>;
  timestamp: string;
  received_at: string;
  decky: string | null;
  service: string | null;
  event_type: string | null;
  attacker_ip: string | null;
  severity: number;
  fields: Json<Record<string, string>>;
  msg: string | null;
  raw_line: string;
}

export interface DeadLettersTable {
  id: Generated<number>;
  received_at: string;
  /** Where the line came from: `spool:<segment>@<offset>`, `import:<name>@<offset>`. */
  source: string;
  error_code: string;
  error_column: number;
  error_message: string;
  /** The line as text (invalid UTF-8 replaced), capped; `raw_b64` keeps the exact bytes. */
  raw_line: string;
  raw_b64: string;
  /** Size of the original line in bytes; larger than the kept bytes when the line was oversized. */
  raw_size: number;
}

export interface AttackersTable {
  uuid: string;
  ip: string;
  first_seen: string;
  last_seen: string;
  event_count: number;
  /** Services touched, sorted. */
  services: Json<string[]>;
  /** Deckies touched, in first-contact order. */
  deckies: Json<string[]>;
  service_count: number;
  decky_count: number;
  credential_count: Defaulted<number>;
  bounty_count: Defaulted<number>;
  command_count: Defaulted<number>;
  session_count: Defaulted<number>;
  is_traversal: Defaulted<boolean>;
  traversal_path: string | null;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  attacker_ip: string | null;
  decky: string | null;
  service: string | null;
  started_at: string;
  ended_at: string;
  duration_s: number;
  bytes: number;
  truncated: Defaulted<boolean>;
  command_count: Defaulted<number>;
  recording: string | null;
  log_id: number;
}

export interface CommandsTable {
  id: Generated<number>;
  log_id: number;
  timestamp: string;
  attacker_ip: string | null;
  decky: string | null;
  service: string | null;
  session_id: string | null;
  command: string;
  uid: string | null;
  username: string | null;
  cwd: string | null;
}

export interface CredentialsTable {
  id: Generated<number>;
  attacker_ip: string;
  decky: string;
  service: string;
  principal: string | null;
  /**
   * Identity of a credential: a hash of attacker, decky, service, secret and principal. One short unique
   * key instead of a five-column index, which made every ingested credential cost as much as a log row.
   */
  credential_key: string;
  secret_kind: string;
  secret_sha256: string;
  secret_b64: string;
  secret_printable: string;
  outcome: string | null;
  first_seen: string;
  last_seen: string;
  attempt_count: number;
}

export interface BountiesTable {
  id: Generated<number>;
  timestamp: string;
  decky: string | null;
  service: string | null;
  attacker_ip: string;
  bounty_type: string;
  fingerprint_type: string | null;
  payload: Json<Record<string, unknown>>;
  /** sha256 of type, attacker and canonical payload: the deduplication key. */
  payload_key: string;
}

export interface DeckiesTable {
  name: string;
  ip: string;
  mac: string | null;
  hostname: string;
  archetype: string | null;
  distro: string | null;
  os_profile: string | null;
  driver: string;
  services: Json<string[]>;
  config: Json<Record<string, unknown>>;
  state: string;
  created_at: string;
  updated_at: string;
}

export interface StateTable {
  key: string;
  value: Json<unknown>;
  updated_at: string;
}

export interface UsersTable {
  uuid: string;
  username: string;
  password_hash: string;
  role: string;
  must_change_password: Defaulted<boolean>;
  tokens_valid_from: string | null;
  created_at: string;
}

export interface RevokedTokensTable {
  jti: string;
  user_uuid: string;
  expires_at: string;
}

/** A bus event as the outbox keeps it: the envelope minus its version. */
export interface OutboxEvent {
  id: string;
  topic: string;
  type: string;
  /** Epoch seconds. */
  ts: number;
  payload: Record<string, unknown>;
}

/**
 * Bus events written in the same transaction as the rows they announce, one row per ingest batch; a
 * relay publishes them in order and deletes the row.
 */
export interface OutboxTable {
  id: Generated<number>;
  created_at: string;
  events: Json<OutboxEvent[]>;
  /** The batch's `credential.captured` events, published before `events`; null when it has none. */
  credential_events: Json<CredentialEvents | null>;
}

/**
 * A batch's `credential.captured` events as the outbox keeps them: which credentials, and how many
 * attempts each had in the batch. The rest of each event is in the credential's row, and its id comes
 * from `id` and the credential (see the outbox relay), so publishing the row again repeats the same ids.
 */
export interface CredentialEvents {
  id: string;
  /** Epoch seconds, as in OutboxEvent. */
  ts: number;
  items: Array<[credentialKey: string, attempts: number]>;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Schema {
  logs: LogsTable;
  dead_letters: DeadLettersTable;
  attackers: AttackersTable;
  sessions: SessionsTable;
  commands: CommandsTable;
  credentials: CredentialsTable;
  bounties: BountiesTable;
  deckies: DeckiesTable;
  state: StateTable;
  users: UsersTable;
  revoked_tokens: RevokedTokensTable;
  outbox: OutboxTable;
  schema_migrations: SchemaMigrationsTable;
}

export type LogRow = Selectable<LogsTable>;
export type NewLog = Insertable<LogsTable>;
export type AttackerRow = Selectable<AttackersTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type BountyRow = Selectable<BountiesTable>;
export type DeadLetterRow = Selectable<DeadLettersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type CommandRow = Selectable<CommandsTable>;
export type DeckyRow = Selectable<DeckiesTable>;
export type UserRow = Selectable<UsersTable>;

/** Every column of the attackers table, in its order: what the ingester writes and the API returns. */
export const ATTACKER_COLUMNS = [
  'uuid',
  'ip',
  'first_seen',
  'last_seen',
  'event_count',
  'services',
  'deckies',
  'service_count',
  'decky_count',
  'credential_count',
  'bounty_count',
  'command_count',
  'session_count',
  'is_traversal',
  'traversal_path',
  'updated_at',
] as const satisfies readonly (keyof AttackersTable)[];

/** Columns decoded from JSON text on SQLite (PostgreSQL's driver decodes JSONB itself). */
export const JSON_COLUMNS = new Set([
  'fields',
  'services',
  'deckies',
  'payload',
  'value',
  'config',
  'events',
  'credential_events',
]);
/** Columns stored as 0/1 on SQLite and read back as booleans. */
export const BOOLEAN_COLUMNS = new Set(['is_traversal', 'truncated', 'must_change_password']);
