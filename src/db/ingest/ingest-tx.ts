import type {
  AttackerRow,
  BountyRow,
  CommandRow,
  CredentialRow,
  DeadLetterRow,
  OutboxEvent,
  SessionRow,
} from '../schema.js';

export type { OutboxEvent };

/**
 * The writes of one ingest batch, all inside one transaction together with the cursor. Two
 * implementations: raw prepared statements on SQLite (the embedded default must reach 50k lines/s) and
 * Kysely multi-row statements on PostgreSQL. The logic that decides what to write is shared and lives in
 * `src/ingest/`; these only say how.
 */
export interface IngestTx {
  /** Inserts logs in order and returns their ids in the same order. */
  insertLogs(rows: LogRows): Promise<number[]>;
  insertDeadLetters(rows: DeadLetterInsert[]): Promise<void>;
  /** Inserts bounties not seen before (by payload_key); returns the ones that were new. */
  insertBounties(rows: BountyInsert[]): Promise<BountyInsert[]>;
  /** Adds attempts to existing credentials or creates them. */
  upsertCredentials(rows: CredentialUpsert[]): Promise<void>;
  insertCommands(rows: CommandInsert[]): Promise<void>;
  /** Inserts sessions not seen before (by id) and returns the ids that were new. */
  insertSessions(rows: SessionInsert[]): Promise<string[]>;
  /** Attaches unattached commands of the session's attacker and decky in its time window; returns the session's command count. */
  linkSessionCommands(session: SessionInsert): Promise<number>;
  setSessionCommandCount(id: string, count: number): Promise<void>;
  loadAttackers(ips: string[]): Promise<AttackerRow[]>;
  /** Writes whole attacker rows; `isNew` rows are inserted, the others updated. */
  saveAttackers(rows: Array<{ row: AttackerRow; isNew: boolean }>): Promise<void>;
  /** Stores the batch's bus events (a JSON array of OutboxEvent) as one outbox row; nothing for `[]`. */
  insertOutbox(eventsJson: string, createdAt: string): Promise<void>;
  setState(key: string, value: unknown, updatedAt: string): Promise<void>;
}

export interface IngestStore {
  /** Runs `fn` in one transaction: everything it wrote commits together, or nothing does. */
  transaction<T>(fn: (tx: IngestTx) => Promise<T>): Promise<T>;
}

/** The columns of a log row, in the order `LogRows.values` holds them. */
export const LOG_ROW_COLUMNS = [
  'timestamp',
  'received_at',
  'decky',
  'service',
  'event_type',
  'attacker_ip',
  'severity',
  /** The parsed structured-data fields, already JSON-encoded (done off the writer's thread). */
  'fields',
  'msg',
  'raw_line',
] as const;
export const LOG_ROW_WIDTH = LOG_ROW_COLUMNS.length;

/**
 * A batch's log rows packed into one flat array, LOG_ROW_WIDTH values per row: it crosses to the writer
 * thread as one array of strings instead of ten thousand objects, and SQLite binds slices of it as is.
 */
export interface LogRows {
  count: number;
  values: Array<string | number | null>;
}

/** Rows as the ingester writes them: the tables' columns, minus what the database assigns. */
export type DeadLetterInsert = Omit<DeadLetterRow, 'id'>;
export type CredentialUpsert = Omit<CredentialRow, 'id'>;
export type CommandInsert = Omit<CommandRow, 'id'>;
export type SessionInsert = Omit<SessionRow, 'command_count'>;

export interface BountyInsert extends Omit<BountyRow, 'id' | 'payload'> {
  /** Canonical JSON of the payload: the same text the deduplication key was computed from. */
  payload_json: string;
}
