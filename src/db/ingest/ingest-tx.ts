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
  /**
   * Stores the batch's bus events as one outbox row: `eventsJson` a JSON array of OutboxEvent,
   * `credentialEventsJson` the JSON of its CredentialEvents or null. Nothing when there are neither.
   */
  insertOutbox(eventsJson: string, credentialEventsJson: string | null, createdAt: string): Promise<void>;
  setState(key: string, value: unknown, updatedAt: string): Promise<void>;
}

export interface IngestStore {
  /** Runs `fn` in one transaction: everything it wrote commits together, or nothing does. */
  transaction<T>(fn: (tx: IngestTx) => Promise<T>): Promise<T>;
  /**
   * Whether transactions on other connections may write while one of this store's is open, each
   * waiting for another only where they write the same rows: PostgreSQL. SQLite has one writer at a
   * time, whose transaction holds the whole database.
   */
  readonly concurrentWriters: boolean;
  /**
   * Copies SQLite's write-ahead log back into the database as far as readers and writers allow, without
   * waiting for them (nothing to do on PostgreSQL), and resolves with the log's length in bytes as the
   * checkpoint found it (0 on PostgreSQL, null when another checkpoint was running). For stores whose
   * connections never checkpoint on their own (see openIngestStore).
   */
  checkpoint(): Promise<number | null>;
  /** Closes the store's connections; no transaction may be running. */
  close(): Promise<void>;
}

/** The columns of a command row, in the order both dialects write them. */
export const COMMAND_COLUMNS = [
  'log_id',
  'timestamp',
  'attacker_ip',
  'decky',
  'service',
  'session_id',
  'command',
  'uid',
  'username',
  'cwd',
] as const satisfies ReadonlyArray<keyof CommandInsert>;

/** The short columns of a log row, in the order `LogRows.values` holds them. */
export const LOG_VALUE_COLUMNS = [
  'timestamp',
  'received_at',
  'decky',
  'service',
  'event_type',
  'attacker_ip',
  'severity',
  'msg',
] as const;
export const LOG_VALUE_WIDTH = LOG_VALUE_COLUMNS.length;

/** The long columns of a log row, in the order `LogRows.text` holds them: JSON of the fields, raw line. */
export const LOG_TEXT_COLUMNS = ['fields', 'raw_line'] as const;
export const LOG_TEXT_WIDTH = LOG_TEXT_COLUMNS.length;

/**
 * A batch's log rows, packed: the short columns in one flat array (LOG_VALUE_WIDTH per row), the long
 * ones (JSON fields and raw line, most of a batch's bytes) as UTF-8 in one buffer, off the JavaScript
 * heap, with where each text ends. SQLite stores the bytes as text straight from the buffer, so the
 * writer never builds those strings at all.
 */
export interface LogRows {
  count: number;
  values: Array<string | number | null>;
  /** UTF-8 texts, LOG_TEXT_WIDTH per row, back to back. */
  text: Uint8Array;
  /** Byte offset where each text ends (so text `k` spans ends[k-1] … ends[k]). */
  textEnds: Uint32Array;
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
