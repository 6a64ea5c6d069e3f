import type pg from 'pg';
import type { AttackerRow } from '../schema.js';
import {
  COMMAND_COLUMNS,
  type IngestStore,
  type IngestTx,
  LOG_TEXT_COLUMNS,
  LOG_TEXT_WIDTH,
  LOG_VALUE_COLUMNS,
  LOG_VALUE_WIDTH,
} from './ingest-tx.js';
import { copyRows } from './postgres-copy.js';

const LOG_COPY_COLUMNS = ['id', ...LOG_VALUE_COLUMNS, ...LOG_TEXT_COLUMNS] as const;

/**
 * The ingest writes on PostgreSQL: one statement per table and batch. Logs and commands, most of a
 * batch's bytes and plain inserts, go in with COPY (see copyRows); the other tables' rows, which need
 * ON CONFLICT, are sent as one JSON document and expanded server-side with json_to_recordset(). A batch
 * of 10,000 lines costs a handful of round trips and no per-row SQL text. Runs on one pooled connection
 * inside BEGIN … COMMIT.
 *
 * `synchronous_commit = off` for these transactions: a commit acknowledged but lost in a PostgreSQL
 * crash takes its source cursor with it (same transaction), so the lines are read and stored again on
 * restart. Nothing is lost and nothing doubles; the ingester just never waits for a WAL flush.
 */
export function postgresIngestStore(pool: pg.Pool): IngestStore {
  return {
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL synchronous_commit = off');
        const result = await fn(postgresTx(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    concurrentWriters: true,
    checkpoint: async () => 0,
    close: () => pool.end(),
  };
}

function postgresTx(client: pg.PoolClient): IngestTx {
  const q = <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[]) =>
    client.query<R>(text, values);
  const json = (rows: unknown) => JSON.stringify(rows);
  return {
    async insertLogs(rows) {
      if (rows.count === 0) return [];
      // Ids reserved first, so they come back in the batch's order and COPY can write them.
      const { rows: reserved } = await q<{ id: number }>(
        "SELECT nextval(pg_get_serial_sequence('logs', 'id')) AS id FROM generate_series(1, $1)",
        [rows.count],
      );
      const ids = reserved.map((r) => Number(r.id)).sort((a, b) => a - b);
      await copyRows(client, 'logs', LOG_COPY_COLUMNS, rows.count, (i, row) => {
        row.value(ids[i]);
        for (let c = 0; c < LOG_VALUE_WIDTH; c++) row.value(rows.values[i * LOG_VALUE_WIDTH + c]);
        for (let c = 0; c < LOG_TEXT_WIDTH; c++) {
          const k = i * LOG_TEXT_WIDTH + c;
          row.utf8(rows.text, k === 0 ? 0 : rows.textEnds[k - 1]!, rows.textEnds[k]!);
        }
      });
      return ids;
    },
    async insertDeadLetters(rows) {
      if (rows.length === 0) return;
      await q(
        `INSERT INTO dead_letters (received_at, source, error_code, error_column, error_message, raw_line, raw_b64, raw_size)
         SELECT * FROM json_to_recordset($1::json) AS t(received_at timestamptz, source text, error_code text,
           error_column int, error_message text, raw_line text, raw_b64 text, raw_size int)`,
        [json(rows)],
      );
    },
    async insertBounties(rows) {
      if (rows.length === 0) return [];
      const { rows: inserted } = await q<{ payload_key: string }>(
        `INSERT INTO bounties (timestamp, decky, service, attacker_ip, bounty_type, fingerprint_type, payload, payload_key)
         SELECT timestamp, decky, service, attacker_ip, bounty_type, fingerprint_type, payload_json::jsonb, payload_key
         FROM json_to_recordset($1::json) AS t(timestamp timestamptz, decky text, service text, attacker_ip text,
           bounty_type text, fingerprint_type text, payload_json text, payload_key text)
         ON CONFLICT (payload_key) DO NOTHING
         RETURNING payload_key`,
        [json(rows)],
      );
      const keys = new Set(inserted.map((r) => r.payload_key));
      return rows.filter((r) => keys.has(r.payload_key));
    },
    async upsertCredentials(rows) {
      if (rows.length === 0) return;
      await q(
        `INSERT INTO credentials (attacker_ip, decky, service, principal, credential_key, secret_kind, secret_sha256,
                                  secret_b64, secret_printable, outcome, first_seen, last_seen, attempt_count)
         SELECT * FROM json_to_recordset($1::json) AS t(attacker_ip text, decky text, service text, principal text,
           credential_key text, secret_kind text, secret_sha256 text, secret_b64 text, secret_printable text,
           outcome text, first_seen timestamptz, last_seen timestamptz, attempt_count bigint)
         ON CONFLICT (credential_key) DO UPDATE SET
           attempt_count = credentials.attempt_count + excluded.attempt_count,
           first_seen = least(credentials.first_seen, excluded.first_seen),
           last_seen = greatest(credentials.last_seen, excluded.last_seen),
           outcome = coalesce(excluded.outcome, credentials.outcome)`,
        [json(rows)],
      );
    },
    async insertCommands(rows) {
      await copyRows(client, 'commands', COMMAND_COLUMNS, rows.length, (i, row) => {
        const command = rows[i]!;
        for (const column of COMMAND_COLUMNS) row.value(command[column]);
      });
    },
    async insertSessions(rows) {
      if (rows.length === 0) return [];
      const { rows: inserted } = await q<{ id: string }>(
        `INSERT INTO sessions (id, attacker_ip, decky, service, started_at, ended_at, duration_s, bytes, truncated, recording, log_id)
         SELECT * FROM json_to_recordset($1::json) AS t(id text, attacker_ip text, decky text, service text,
           started_at timestamptz, ended_at timestamptz, duration_s float8, bytes bigint, truncated boolean,
           recording text, log_id bigint)
         ON CONFLICT (id) DO NOTHING
         RETURNING id`,
        [json(rows)],
      );
      return inserted.map((r) => r.id);
    },
    async linkSessionCommands(session) {
      await q(
        `UPDATE commands SET session_id = $1
         WHERE session_id IS NULL
           AND attacker_ip IS NOT DISTINCT FROM $2
           AND decky IS NOT DISTINCT FROM $3
           AND timestamp >= $4 AND timestamp <= $5`,
        [session.id, session.attacker_ip, session.decky, session.started_at, session.ended_at],
      );
      const { rows } = await q<{ n: number }>('SELECT COUNT(*) AS n FROM commands WHERE session_id = $1', [
        session.id,
      ]);
      return Number(rows[0]!.n);
    },
    async setSessionCommandCount(id, count) {
      await q('UPDATE sessions SET command_count = $1 WHERE id = $2', [count, id]);
    },
    async loadAttackers(ips) {
      if (ips.length === 0) return [];
      const { rows } = await q<AttackerRow>('SELECT * FROM attackers WHERE ip = ANY($1::text[])', [ips]);
      return rows;
    },
    async saveAttackers(rows) {
      if (rows.length === 0) return;
      await q(
        `INSERT INTO attackers (uuid, ip, first_seen, last_seen, event_count, services, deckies, service_count, decky_count,
                               credential_count, bounty_count, command_count, session_count, is_traversal, traversal_path, updated_at)
         SELECT * FROM json_to_recordset($1::json) AS t(uuid text, ip text, first_seen timestamptz, last_seen timestamptz,
           event_count bigint, services jsonb, deckies jsonb, service_count int, decky_count int, credential_count bigint,
           bounty_count bigint, command_count bigint, session_count bigint, is_traversal boolean, traversal_path text,
           updated_at timestamptz)
         ON CONFLICT (ip) DO UPDATE SET
           first_seen = excluded.first_seen, last_seen = excluded.last_seen, event_count = excluded.event_count,
           services = excluded.services, deckies = excluded.deckies, service_count = excluded.service_count,
           decky_count = excluded.decky_count, credential_count = excluded.credential_count,
           bounty_count = excluded.bounty_count, command_count = excluded.command_count,
           session_count = excluded.session_count, is_traversal = excluded.is_traversal,
           traversal_path = excluded.traversal_path, updated_at = excluded.updated_at`,
        [json(rows.map((r) => r.row))],
      );
    },
    async insertOutbox(eventsJson, credentialEventsJson, createdAt) {
      if (eventsJson === '[]' && credentialEventsJson === null) return;
      await q('INSERT INTO outbox (created_at, events, credential_events) VALUES ($1, $2::json, $3::json)', [
        createdAt,
        eventsJson,
        credentialEventsJson,
      ]);
    },
    async setState(key, value, updatedAt) {
      await q(
        `INSERT INTO state (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, JSON.stringify(value), updatedAt],
      );
    },
  };
}
