import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../connection.js';
import type { AttackerRow, Schema } from '../schema.js';
import type { IngestStore, IngestTx } from './ingest-tx.js';

/** PostgreSQL allows 65535 bound parameters per statement; rows per statement stay under it. */
const MAX_PARAMS = 30_000;

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * The ingest writes on PostgreSQL: one multi-row statement per table and batch, so a batch costs a
 * handful of round trips whatever its size.
 */
export function postgresIngestStore(database: Database): IngestStore {
  const db = database.db;
  return {
    async transaction(fn) {
      return db.transaction().execute((trx) => fn(postgresTx(trx)));
    },
    async getState(key) {
      const row = await db.selectFrom('state').select('value').where('key', '=', key).executeTakeFirst();
      return row?.value ?? null;
    },
  };
}

function postgresTx(trx: Transaction<Schema>): IngestTx {
  return {
    async insertLogs(rows) {
      if (rows.length === 0) return [];
      const ids = await reserveIds(trx, 'logs', rows.length);
      for (const part of chunks(
        rows.map((r, i) => ({ id: ids[i]!, ...r })),
        11,
      )) {
        await trx.insertInto('logs').values(part).execute();
      }
      return ids;
    },
    async insertDeadLetters(rows) {
      for (const part of chunks(rows, 8)) await trx.insertInto('dead_letters').values(part).execute();
    },
    async insertBounties(rows) {
      const inserted = new Set<string>();
      for (const part of chunks(rows, 8)) {
        const got = await trx
          .insertInto('bounties')
          .values(part)
          .onConflict((oc) => oc.column('payload_key').doNothing())
          .returning('payload_key')
          .execute();
        for (const r of got) inserted.add(r.payload_key);
      }
      return rows.filter((r) => inserted.has(r.payload_key));
    },
    async upsertCredentials(rows) {
      for (const part of chunks(rows, 13)) {
        await trx
          .insertInto('credentials')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['attacker_ip', 'decky', 'service', 'secret_sha256', 'principal_key']).doUpdateSet({
              attempt_count: sql`credentials.attempt_count + excluded.attempt_count`,
              first_seen: sql`least(credentials.first_seen, excluded.first_seen)`,
              last_seen: sql`greatest(credentials.last_seen, excluded.last_seen)`,
              outcome: sql`coalesce(excluded.outcome, credentials.outcome)`,
            }),
          )
          .execute();
      }
    },
    async insertCommands(rows) {
      for (const part of chunks(rows, 10)) await trx.insertInto('commands').values(part).execute();
    },
    async insertSessions(rows) {
      const inserted: string[] = [];
      for (const part of chunks(rows, 11)) {
        const got = await trx
          .insertInto('sessions')
          .values(part.map((r) => ({ ...r, command_count: 0 })))
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        inserted.push(...got.map((r) => r.id));
      }
      return inserted;
    },
    async linkSessionCommands(session) {
      await sql`UPDATE commands SET session_id = ${session.id}
        WHERE session_id IS NULL
          AND attacker_ip IS NOT DISTINCT FROM ${session.attacker_ip}
          AND decky IS NOT DISTINCT FROM ${session.decky}
          AND timestamp >= ${session.started_at} AND timestamp <= ${session.ended_at}`.execute(trx);
      const row = await trx
        .selectFrom('commands')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('session_id', '=', session.id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async setSessionCommandCount(id, count) {
      await trx.updateTable('sessions').set({ command_count: count }).where('id', '=', id).execute();
    },
    async loadAttackers(ips) {
      const rows: AttackerRow[] = [];
      for (const part of chunks(ips, 1)) {
        rows.push(...(await trx.selectFrom('attackers').selectAll().where('ip', 'in', part).execute()));
      }
      return rows;
    },
    async saveAttackers(rows) {
      for (const part of chunks(rows, 16)) {
        await trx
          .insertInto('attackers')
          .values(part.map((r) => r.row))
          .onConflict((oc) =>
            oc.column('ip').doUpdateSet((eb) => ({
              first_seen: eb.ref('excluded.first_seen'),
              last_seen: eb.ref('excluded.last_seen'),
              event_count: eb.ref('excluded.event_count'),
              services: eb.ref('excluded.services'),
              deckies: eb.ref('excluded.deckies'),
              service_count: eb.ref('excluded.service_count'),
              decky_count: eb.ref('excluded.decky_count'),
              credential_count: eb.ref('excluded.credential_count'),
              bounty_count: eb.ref('excluded.bounty_count'),
              command_count: eb.ref('excluded.command_count'),
              session_count: eb.ref('excluded.session_count'),
              is_traversal: eb.ref('excluded.is_traversal'),
              traversal_path: eb.ref('excluded.traversal_path'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
    async insertOutbox(rows) {
      for (const part of chunks(rows, 5)) await trx.insertInto('outbox').values(part).execute();
    },
    async setState(key, value, updatedAt) {
      await trx
        .insertInto('state')
        .values({ key, value, updated_at: updatedAt })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}

/** Takes `n` ids from a table's identity sequence, ascending. */
async function reserveIds(db: Kysely<Schema>, table: 'logs', n: number): Promise<number[]> {
  const result = await sql<{
    id: number;
  }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id FROM generate_series(1, ${n})`.execute(db);
  return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
