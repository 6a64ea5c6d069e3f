import type BetterSqlite3 from 'better-sqlite3';
import { ATTACKER_COLUMNS, type AttackerRow } from '../schema.js';
import { checkpointLog } from '../sqlite-handle.js';
import { decodeSqliteRow } from '../value-codec.js';
import {
  type BountyInsert,
  COMMAND_COLUMNS,
  type CommandInsert,
  type CredentialUpsert,
  type IngestStore,
  type IngestTx,
  LOG_TEXT_COLUMNS,
  LOG_TEXT_WIDTH,
  LOG_VALUE_COLUMNS,
  LOG_VALUE_WIDTH,
  type LogRows,
} from './ingest-tx.js';

/**
 * What an attacker update writes: neither the uuid it is found by nor its address, which never changes.
 * A unique column named in SET costs SQLite a delete and insert in its index even when the value is the
 * same: about a fifth of each update in a microbenchmark (6.6 → 5.2 µs).
 */
const ATTACKER_UPDATE_COLUMNS = ATTACKER_COLUMNS.filter((c) => c !== 'uuid' && c !== 'ip');

function attackerParams(row: AttackerRow, columns: readonly (typeof ATTACKER_COLUMNS)[number][]): unknown[] {
  return columns.map((c) => {
    const v = row[c];
    if (c === 'services' || c === 'deckies') return JSON.stringify(v);
    if (c === 'is_traversal') return v ? 1 : 0;
    return v;
  });
}

/**
 * The ingest writes on SQLite as prepared statements run one row at a time inside one transaction:
 * with no network round trip, this is the fastest way into SQLite (a few µs a row). The handle must be
 * this store's alone (an ingest or import thread's connection): nothing else may run between BEGIN and
 * COMMIT.
 */
export function sqliteIngestStore(h: BetterSqlite3.Database): IngestStore {
  const s = prepareStatements(h);
  const tx: IngestTx = {
    async insertLogs(rows) {
      // Ids of one statement are consecutive (this connection is the only writer).
      const ids: number[] = new Array(rows.count);
      let next = 0;
      inGroups(rows.count, bindLog(rows), (params, size) => {
        const last = Number(s.insertLogs(size).run(...params).lastInsertRowid);
        for (let k = 0; k < size; k++) ids[next++] = last - size + 1 + k;
      });
      return ids;
    },
    async insertDeadLetters(rows) {
      for (const r of rows) {
        s.insertDeadLetter.run(
          r.received_at,
          r.source,
          r.error_code,
          r.error_column,
          r.error_message,
          r.raw_line,
          r.raw_b64,
          r.raw_size,
        );
      }
    },
    async insertBounties(rows) {
      // One row a statement: a bounty already stored by an earlier batch changes nothing. Grouped
      // statements would need RETURNING to say which rows were new, and 32-row inserts with RETURNING
      // took about a quarter longer a row than these (5.6 against 4.4 µs in a microbenchmark).
      const inserted: BountyInsert[] = [];
      for (const r of rows) {
        const info = s.insertBounty.run(
          r.timestamp,
          r.decky,
          r.service,
          r.attacker_ip,
          r.bounty_type,
          r.fingerprint_type,
          r.payload_json,
          r.payload_key,
        );
        if (info.changes > 0) inserted.push(r);
      }
      return inserted;
    },
    async upsertCredentials(rows) {
      inGroups(
        rows.length,
        (i, params) => bindCredential(rows[i]!, params),
        (params, size) => {
          s.upsertCredentials(size).run(...params);
        },
      );
    },
    async insertCommands(rows) {
      inGroups(
        rows.length,
        (i, params) => bindCommand(rows[i]!, params),
        (params, size) => {
          s.insertCommands(size).run(...params);
        },
      );
    },
    async insertSessions(rows) {
      const inserted: string[] = [];
      for (const r of rows) {
        const info = s.insertSession.run(
          r.id,
          r.attacker_ip,
          r.decky,
          r.service,
          r.started_at,
          r.ended_at,
          r.duration_s,
          r.bytes,
          r.truncated ? 1 : 0,
          r.recording,
          r.log_id,
        );
        if (info.changes > 0) inserted.push(r.id);
      }
      return inserted;
    },
    async linkSessionCommands(session) {
      s.linkCommands.run(
        session.id,
        session.attacker_ip,
        session.decky,
        session.started_at,
        session.ended_at,
      );
      return (s.countSessionCommands.get(session.id) as { n: number }).n;
    },
    async setSessionCommandCount(id, count) {
      s.setSessionCommandCount.run(count, id);
    },
    async loadAttackers(ips) {
      // One prepared statement for any number of addresses: the list travels as one JSON parameter.
      const found = s.loadAttackers.all(JSON.stringify(ips)) as Record<string, unknown>[];
      for (const row of found) decodeSqliteRow(row);
      return found as unknown as AttackerRow[];
    },
    async saveAttackers(rows) {
      for (const { row, isNew } of rows) {
        if (isNew) s.insertAttacker.run(...attackerParams(row, ATTACKER_COLUMNS));
        else s.updateAttacker.run(...attackerParams(row, ATTACKER_UPDATE_COLUMNS), row.uuid);
      }
    },
    async insertOutbox(eventsJson, credentialEventsJson, createdAt) {
      if (eventsJson !== '[]' || credentialEventsJson !== null)
        s.insertOutbox.run(createdAt, eventsJson, credentialEventsJson);
    },
    async setState(key, value, updatedAt) {
      s.setState.run(key, JSON.stringify(value), updatedAt);
    },
  };

  return {
    async transaction(fn) {
      h.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(tx);
        h.exec('COMMIT');
        return result;
      } catch (err) {
        if (h.inTransaction) h.exec('ROLLBACK');
        throw err;
      }
    },
    concurrentWriters: false,
    async checkpoint() {
      return checkpointLog(h);
    },
    async close() {
      h.close();
    },
  };
}

/**
 * Rows bound per INSERT statement: one statement step per group instead of per row amortises the
 * per-statement cost (the commits are an import's serial part, see ImportThreads), and stays far below
 * SQLite's 32766 parameters.
 */
const ROWS_PER_STATEMENT = 32;

/**
 * Rows `0 … count-1` bound into statements of ROWS_PER_STATEMENT rows, the remainder one row at a time.
 * `run` passes the parameters spread as arguments, not as one array: better-sqlite3 reads an argument
 * directly but an array's elements one property lookup at a time, which made 32-row inserts of ten
 * columns 15-30 % slower to bind and run in a microbenchmark.
 */
function inGroups(
  count: number,
  bind: (index: number, params: unknown[]) => void,
  run: (params: unknown[], size: number) => void,
): void {
  const params: unknown[] = [];
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= count; i += ROWS_PER_STATEMENT) {
    params.length = 0;
    for (let k = i; k < i + ROWS_PER_STATEMENT; k++) bind(k, params);
    run(params, ROWS_PER_STATEMENT);
  }
  for (; i < count; i++) {
    params.length = 0;
    bind(i, params);
    run(params, 1);
  }
}

/** Binds log row `row`: its short values, then its long texts as UTF-8 bytes straight from the buffer. */
function bindLog(rows: LogRows): (row: number, params: unknown[]) => void {
  return (row, params) => {
    for (let c = 0; c < LOG_VALUE_WIDTH; c++) params.push(rows.values[row * LOG_VALUE_WIDTH + c]);
    for (let c = 0; c < LOG_TEXT_WIDTH; c++) {
      const k = row * LOG_TEXT_WIDTH + c;
      const start = k === 0 ? 0 : rows.textEnds[k - 1]!;
      params.push(Buffer.from(rows.text.buffer, rows.text.byteOffset + start, rows.textEnds[k]! - start));
    }
  };
}

/**
 * `INSERT INTO table (columns) VALUES (…), (…)` for `rows` rows, then `tail`; each column's value is
 * `placeholder(column)`, a plain `?` by default.
 */
function insertRows(
  table: string,
  columns: readonly string[],
  rows: number,
  tail = '',
  placeholder: (column: string) => string = () => '?',
): string {
  const row = `(${columns.map(placeholder).join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}${tail}`;
}

/** The statement of `sql` for one row and for ROWS_PER_STATEMENT rows, picked by the size inGroups runs. */
function grouped(
  h: BetterSqlite3.Database,
  sql: (rows: number) => string,
): (size: number) => BetterSqlite3.Statement {
  const one = h.prepare(sql(1));
  const many = h.prepare(sql(ROWS_PER_STATEMENT));
  return (size) => (size === 1 ? one : many);
}

const BOUNTY_COLUMNS = [
  'timestamp',
  'decky',
  'service',
  'attacker_ip',
  'bounty_type',
  'fingerprint_type',
  'payload',
  'payload_key',
] as const;
const BOUNTY_INSERT = insertRows('bounties', BOUNTY_COLUMNS, 1, ' ON CONFLICT (payload_key) DO NOTHING');

const CREDENTIAL_COLUMNS = [
  'attacker_ip',
  'decky',
  'service',
  'principal',
  'credential_key',
  'secret_kind',
  'secret_sha256',
  'secret_b64',
  'secret_printable',
  'outcome',
  'first_seen',
  'last_seen',
  'attempt_count',
] as const;
const CREDENTIAL_UPSERT = (rows: number) =>
  insertRows(
    'credentials',
    CREDENTIAL_COLUMNS,
    rows,
    ` ON CONFLICT (credential_key) DO UPDATE SET
         attempt_count = attempt_count + excluded.attempt_count,
         first_seen = min(first_seen, excluded.first_seen),
         last_seen = max(last_seen, excluded.last_seen),
         outcome = coalesce(excluded.outcome, outcome)`,
  );

function bindCredential(r: CredentialUpsert, params: unknown[]): void {
  params.push(
    r.attacker_ip,
    r.decky,
    r.service,
    r.principal,
    r.credential_key,
    r.secret_kind,
    r.secret_sha256,
    r.secret_b64,
    r.secret_printable,
    r.outcome,
    r.first_seen,
    r.last_seen,
    r.attempt_count,
  );
}

const COMMAND_INSERT = (rows: number) => insertRows('commands', COMMAND_COLUMNS, rows);

function bindCommand(r: CommandInsert, params: unknown[]): void {
  params.push(
    r.log_id,
    r.timestamp,
    r.attacker_ip,
    r.decky,
    r.service,
    r.session_id,
    r.command,
    r.uid,
    r.username,
    r.cwd,
  );
}
const LOG_COLUMNS: readonly string[] = [...LOG_VALUE_COLUMNS, ...LOG_TEXT_COLUMNS];
const LOG_TEXT_COLUMN_SET: ReadonlySet<string> = new Set(LOG_TEXT_COLUMNS);
/** The long texts arrive as UTF-8 bytes; CAST stores them as TEXT without a JavaScript string. */
const LOG_INSERT = (rows: number) =>
  insertRows('logs', LOG_COLUMNS, rows, '', (column) =>
    LOG_TEXT_COLUMN_SET.has(column) ? 'CAST(? AS TEXT)' : '?',
  );

function prepareStatements(h: BetterSqlite3.Database) {
  const attackerUpdates = ATTACKER_UPDATE_COLUMNS.map((c) => `${c} = ?`).join(', ');
  return {
    insertLogs: grouped(h, LOG_INSERT),
    insertDeadLetter: h.prepare(
      'INSERT INTO dead_letters (received_at, source, error_code, error_column, error_message, raw_line, raw_b64, raw_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertBounty: h.prepare(BOUNTY_INSERT),
    upsertCredentials: grouped(h, CREDENTIAL_UPSERT),
    insertCommands: grouped(h, COMMAND_INSERT),
    insertSession: h.prepare(
      'INSERT INTO sessions (id, attacker_ip, decky, service, started_at, ended_at, duration_s, bytes, truncated, recording, log_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    linkCommands: h.prepare(
      'UPDATE commands SET session_id = ? WHERE session_id IS NULL AND attacker_ip IS ? AND decky IS ? AND timestamp >= ? AND timestamp <= ?',
    ),
    countSessionCommands: h.prepare('SELECT COUNT(*) AS n FROM commands WHERE session_id = ?'),
    setSessionCommandCount: h.prepare('UPDATE sessions SET command_count = ? WHERE id = ?'),
    insertAttacker: h.prepare(
      `INSERT INTO attackers (${ATTACKER_COLUMNS.join(', ')}) VALUES (${ATTACKER_COLUMNS.map(() => '?').join(', ')})`,
    ),
    updateAttacker: h.prepare(`UPDATE attackers SET ${attackerUpdates} WHERE uuid = ?`),
    loadAttackers: h.prepare('SELECT * FROM attackers WHERE ip IN (SELECT value FROM json_each(?))'),
    insertOutbox: h.prepare('INSERT INTO outbox (created_at, events, credential_events) VALUES (?, ?, ?)'),
    setState: h.prepare(
      'INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ),
  };
}
